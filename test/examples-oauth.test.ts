/**
 * examples/oauth-app.ts: an OAuth app's client against the local mock, whose first access token expires, and
 * the refresh it plugs in, as Klaviyo's token endpoint expects it (https://developers.klaviyo.com/en/docs/set_up_oauth).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AccessTokenError, Klaviyo } from 'klaviyo-ts';
import { startMockServer } from 'klaviyo-ts/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KLAVIYO_TOKEN_URL, LocalTokenEndpoint, refreshAccessToken, runOAuthApp } from '../examples/oauth-app.js';

afterEach(() => vi.restoreAllMocks());

const quietly = () => vi.spyOn(console, 'log').mockImplementation(() => {});

describe('examples/oauth-app against the local mock', () => {
  it('reads the lists, and again after the token expired, with one refresh in between', async () => {
    quietly();
    const run = await runOAuthApp([], {});
    expect(run.mode).toBe('mock');
    expect(run.before.length).toBeGreaterThan(0);
    expect(run.after).toEqual(run.before);
    expect(run.tokensIssued).toBe(2);
  });

  it('runs as a script and says what it used', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'examples/oauth-app.ts'], { timeout: 60_000 });
    expect(stdout.split('\n')[0]).toBe(
      'Using the local Klaviyo mock and a stand-in token endpoint (pass --live to use your app).',
    );
    expect(stdout).toMatch(/^Access tokens issued: 2$/m);
  });

  it('the mock refuses an expired token with 401, which the SDK answers with one refresh', async () => {
    const endpoint = new LocalTokenEndpoint();
    const mock = await startMockServer({ isAccessTokenValid: endpoint.isValid });
    try {
      const accessToken = refreshAccessToken(endpoint.app, { tokenUrl: endpoint.url, fetch: endpoint.fetch });
      const klaviyo = new Klaviyo({ accessToken, baseUrl: mock.url });
      await klaviyo.lists.list();
      endpoint.expire();
      await klaviyo.lists.list();
      expect(mock.state.requests.map((r) => r.status)).toEqual([200, 401, 200]);
      expect(endpoint.issued).toBe(2);
    } finally {
      await mock.close();
    }
  });

  it('an app whose credentials the token endpoint refuses gets AccessTokenError, saying why', async () => {
    const endpoint = new LocalTokenEndpoint();
    const mock = await startMockServer({ isAccessTokenValid: endpoint.isValid });
    try {
      const app = { ...endpoint.app, clientSecret: 'not-the-secret' };
      const klaviyo = new Klaviyo({ accessToken: refreshAccessToken(app, { fetch: endpoint.fetch }), baseUrl: mock.url });
      const error = await klaviyo.lists.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessTokenError);
      expect((error as Error).message).toMatch(/token endpoint answered 401: \{"error":"invalid_client"\}/);
      expect(mock.state.requests).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('with --live and no app credentials, refuses to start and says what to set', async () => {
    await expect(runOAuthApp(['--live'], {})).rejects.toThrow(
      '--live uses your OAuth app: set KLAVIYO_CLIENT_ID, KLAVIYO_CLIENT_SECRET and KLAVIYO_REFRESH_TOKEN',
    );
  });
});

describe('refreshAccessToken', () => {
  const app = { clientId: 'client-id', clientSecret: 'client-secret', refreshToken: 'refresh-1' };

  it("posts grant_type=refresh_token to Klaviyo's token endpoint, with the app's id and secret as Basic auth", async () => {
    const seen: Request[] = [];
    const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return Response.json({ access_token: 'access-1', token_type: 'Bearer', expires_in: 3600 });
    });
    expect(await refreshAccessToken(app, { fetch })()).toBe('access-1');
    const request = seen[0]!;
    expect([request.method, request.url]).toEqual(['POST', KLAVIYO_TOKEN_URL]);
    expect(KLAVIYO_TOKEN_URL).toBe('https://a.klaviyo.com/oauth/token');
    expect(request.headers.get('authorization')).toBe(`Basic ${Buffer.from('client-id:client-secret').toString('base64')}`);
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(await request.text()))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
    });
  });

  it('uses, and hands over to be stored, a new refresh token when Klaviyo sends one', async () => {
    const sent: string[] = [];
    const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      sent.push(new URLSearchParams(await new Request(input, init).text()).get('refresh_token')!);
      return Response.json({ access_token: `access-${sent.length}`, refresh_token: `refresh-${sent.length + 1}` });
    });
    const saveRefreshToken = vi.fn();
    const refresh = refreshAccessToken(app, { fetch, saveRefreshToken });
    await refresh();
    await refresh();
    expect(sent).toEqual(['refresh-1', 'refresh-2']);
    expect(saveRefreshToken.mock.calls).toEqual([['refresh-2'], ['refresh-3']]);
  });
});
