/**
 * An OAuth app's client: the access token comes from Klaviyo's token endpoint, and a new one is fetched when
 * Klaviyo refuses the old (access tokens expire after an hour). The SDK asks `refreshAccessToken` for a token
 * at the first call and again after a 401, and sends the refused call once more with the new token.
 *
 *   npx tsx examples/oauth-app.ts          the local mock, with a stand-in token endpoint whose first token expires
 *   npx tsx examples/oauth-app.ts --live   your app: KLAVIYO_CLIENT_ID, KLAVIYO_CLIENT_SECRET, KLAVIYO_REFRESH_TOKEN
 *
 * Klaviyo's guide: https://developers.klaviyo.com/en/docs/set_up_oauth
 */
import { Klaviyo } from 'klaviyo-ts';
import { startMockServer } from 'klaviyo-ts/testing';
import { LIVE_FLAG, runIfMain } from './connect.js';

/** Klaviyo's token endpoint (not www.klaviyo.com, which Klaviyo stopped serving it on). */
export const KLAVIYO_TOKEN_URL = 'https://a.klaviyo.com/oauth/token';

/** What an installed app holds: its client id and secret, and the installation's refresh token. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** Where to ask for tokens; the defaults are Klaviyo's. */
export interface RefreshOptions {
  tokenUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Called when Klaviyo answers with a new refresh token: store it, the old one may stop working. */
  saveRefreshToken?: (refreshToken: string) => void | Promise<void>;
}

/**
 * The `accessToken` function of an app's client: each call exchanges the refresh token for a new access token
 * (`grant_type=refresh_token`, the app's client id and secret as Basic auth).
 */
export function refreshAccessToken(app: OAuthApp, options: RefreshOptions = {}): () => Promise<string> {
  const { tokenUrl = KLAVIYO_TOKEN_URL, fetch = globalThis.fetch, saveRefreshToken } = options;
  let refreshToken = app.refreshToken;
  return async () => {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa(`${app.clientId}:${app.clientSecret}`)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    // The SDK turns this error into an AccessTokenError, this message and all.
    if (!response.ok) throw new Error(`Klaviyo's token endpoint answered ${response.status}: ${await response.text()}`);
    const tokens = (await response.json()) as { access_token: string; refresh_token?: string };
    if (tokens.refresh_token && tokens.refresh_token !== refreshToken) {
      refreshToken = tokens.refresh_token;
      await saveRefreshToken?.(refreshToken);
    }
    return tokens.access_token;
  };
}

/**
 * Plays Klaviyo's token endpoint for the local mock: checks the app's credentials and the refresh token,
 * issues numbered access tokens, and lets the current one expire when told to.
 */
export class LocalTokenEndpoint {
  readonly url = 'http://127.0.0.1/oauth/token';
  readonly app: OAuthApp = { clientId: 'local-app', clientSecret: 'local-app-secret', refreshToken: 'local-refresh-token' };
  /** Access tokens issued so far. */
  issued = 0;
  #valid: string | undefined;

  /** For `startMockServer({ isAccessTokenValid })`: only the token issued last, until it expires. */
  readonly isValid = (token: string): boolean => token === this.#valid;

  /** The current access token expires, as Klaviyo's do an hour after they are issued. */
  expire(): void {
    this.#valid = undefined;
  }

  /** A fetch that answers the token request as Klaviyo's endpoint does. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const form = new URLSearchParams(await request.text());
    const { clientId, clientSecret, refreshToken } = this.app;
    const authorized = request.headers.get('authorization') === `Basic ${btoa(`${clientId}:${clientSecret}`)}`;
    if (request.method !== 'POST' || !authorized) return Response.json({ error: 'invalid_client' }, { status: 401 });
    if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== refreshToken) {
      return Response.json({ error: 'invalid_grant' }, { status: 400 });
    }
    this.#valid = `local-access-token-${++this.issued}`;
    return Response.json({ access_token: this.#valid, token_type: 'Bearer', expires_in: 3600, refresh_token: refreshToken });
  };
}

/** What the example did: the account's lists, read before and after the token expired. */
export interface OAuthAppRun {
  mode: 'live' | 'mock';
  before: string[];
  after: string[];
  /** Access tokens the app asked for (mock only): the first, and the one after it expired. */
  tokensIssued?: number;
}

const listNames = async (klaviyo: Klaviyo) =>
  (await klaviyo.lists.list().toArray()).map((list) => list.attributes.name ?? '(unnamed)');

/** Reads the account's lists twice, letting the token expire in between (mock) or not (`--live`). */
export async function runOAuthApp(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<OAuthAppRun> {
  if (argv.includes(LIVE_FLAG)) {
    const { KLAVIYO_CLIENT_ID: clientId, KLAVIYO_CLIENT_SECRET: clientSecret, KLAVIYO_REFRESH_TOKEN: refreshToken } = env;
    if (!clientId || !clientSecret || !refreshToken) {
      throw new Error(`${LIVE_FLAG} uses your OAuth app: set KLAVIYO_CLIENT_ID, KLAVIYO_CLIENT_SECRET and KLAVIYO_REFRESH_TOKEN`);
    }
    const saveRefreshToken = () => console.log('Klaviyo issued a new refresh token: store it in place of the old one.');
    const klaviyo = new Klaviyo({
      accessToken: refreshAccessToken({ clientId, clientSecret, refreshToken }, { saveRefreshToken }),
    });
    console.log('Using your OAuth app (--live).');
    return { mode: 'live', before: await listNames(klaviyo), after: await listNames(klaviyo) };
  }
  const endpoint = new LocalTokenEndpoint();
  const mock = await startMockServer({ seed: 'demo', isAccessTokenValid: endpoint.isValid });
  try {
    const accessToken = refreshAccessToken(endpoint.app, { tokenUrl: endpoint.url, fetch: endpoint.fetch });
    const klaviyo = new Klaviyo({ accessToken, baseUrl: mock.url });
    console.log(`Using the local Klaviyo mock and a stand-in token endpoint (pass ${LIVE_FLAG} to use your app).`);
    const before = await listNames(klaviyo);
    endpoint.expire();
    console.log('The access token has expired; the next call is refused once, then sent with a new token.');
    const after = await listNames(klaviyo);
    return { mode: 'mock', before, after, tokensIssued: endpoint.issued };
  } finally {
    await mock.close();
  }
}

runIfMain(import.meta.url, async () => {
  const run = await runOAuthApp(process.argv.slice(2), process.env);
  console.log(`Lists: ${run.after.join(', ') || '(none)'}`);
  if (run.tokensIssued !== undefined) console.log(`Access tokens issued: ${run.tokensIssued}`);
});
