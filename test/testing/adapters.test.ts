/**
 * Both adapters over real requests: msw's `setupServer` with plain fetch, and `startMockServer` over
 * loopback HTTP — including the faults only a transport can show (latency, hangs, dropped connections).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { request as httpRequest } from 'node:http';
import { createKlaviyoMock, startMockServer, type MockServer } from '../../src/testing/index.js';
import { Klaviyo, type NotFoundError } from '../../src/index.js';
import { HEADERS, NOW } from './helpers.js';

const headers = { Authorization: HEADERS.authorization, revision: HEADERS.revision, 'Content-Type': HEADERS['content-type'] };
const listBody = (name: string) => JSON.stringify({ data: { type: 'list', attributes: { name } } });

describe('msw adapter', () => {
  const mock = createKlaviyoMock({ seed: 'demo', now: NOW, rateLimit: false });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => mock.state.faults.clear());
  afterAll(() => server.close());

  it('answers fetch to https://a.klaviyo.com from the mock state', async () => {
    const res = await fetch('https://a.klaviyo.com/api/lists?sort=name', { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.api+json');
    const body = (await res.json()) as any;
    expect(body.data.map((l: any) => l.attributes.name)).toEqual(['Newsletter', 'SMS Subscribers', 'VIP']);
    expect(body.links.self).toBe('https://a.klaviyo.com/api/lists?sort=name');
  });

  it('writes land in the state', async () => {
    const res = await fetch('https://a.klaviyo.com/api/lists', { method: 'POST', headers, body: listBody('From msw') });
    expect(res.status).toBe(201);
    expect(mock.state.all('list').some((l) => l.attributes['name'] === 'From msw')).toBe(true);
  });

  it('a 503 with Retry-After, for the given operation only, the given number of times', async () => {
    mock.state.faults.next({ status: 503, retryAfter: 2, times: 2, operationId: 'get_lists' });
    expect((await fetch('https://a.klaviyo.com/api/segments', { headers })).status).toBe(200);
    const first = await fetch('https://a.klaviyo.com/api/lists', { headers });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect((await fetch('https://a.klaviyo.com/api/lists', { headers })).status).toBe(503);
    expect((await fetch('https://a.klaviyo.com/api/lists', { headers })).status).toBe(200);
  });

  it('afterApply: the write lands and is counted, yet the client sees a 503', async () => {
    const before = mock.state.writes.count('create_list');
    mock.state.faults.next({ status: 503, afterApply: true, operationId: 'create_list' });
    const res = await fetch('https://a.klaviyo.com/api/lists', { method: 'POST', headers, body: listBody('Landed') });
    expect(res.status).toBe(503);
    expect(mock.state.writes.count('create_list')).toBe(before + 1);
    expect(mock.state.all('list').some((l) => l.attributes['name'] === 'Landed')).toBe(true);
  });

  it('a refused (non-afterApply) fault does not write', async () => {
    const before = mock.state.writes.total;
    mock.state.faults.next({ status: 500 });
    expect((await fetch('https://a.klaviyo.com/api/lists', { method: 'POST', headers, body: listBody('Never') })).status).toBe(
      500,
    );
    expect(mock.state.writes.total).toBe(before);
  });

  it('malformed JSON', async () => {
    mock.state.faults.next({ malformedJson: true });
    const res = await fetch('https://a.klaviyo.com/api/lists', { headers });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it('a custom body', async () => {
    mock.state.faults.next({ status: 502, body: '<html>Bad gateway</html>' });
    const res = await fetch('https://a.klaviyo.com/api/lists', { headers });
    expect(await res.text()).toBe('<html>Bad gateway</html>');
  });

  it('latency delays every answer', async () => {
    mock.state.faults.latency(80);
    const start = Date.now();
    await fetch('https://a.klaviyo.com/api/lists', { headers });
    expect(Date.now() - start).toBeGreaterThanOrEqual(75);
  });

  it('a dropped connection is a network error', async () => {
    mock.state.faults.next({ dropConnection: true });
    await expect(fetch('https://a.klaviyo.com/api/lists', { headers })).rejects.toThrow();
  });

  it('a hung response never answers until the client aborts', async () => {
    mock.state.faults.next({ hang: true });
    const started = Date.now();
    await expect(fetch('https://a.klaviyo.com/api/lists', { headers, signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('honours a custom baseUrl', async () => {
    const other = createKlaviyoMock({ baseUrl: 'http://klaviyo.test', rateLimit: false });
    server.use(...other.handlers);
    const res = await fetch('http://klaviyo.test/api/lists', { headers });
    expect(((await res.json()) as any).links.self).toBe('http://klaviyo.test/api/lists');
  });
});

describe('node:http server', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ seed: 'demo', now: NOW, rateLimit: { burstWindowMs: 100, steadyWindowMs: 1000 } });
  });
  afterEach(() => server.state.faults.clear());
  afterAll(() => server.close());

  it('listens on loopback and answers with absolute links on its own URL', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/api/profiles?page[size]=2`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-limit')).toBe('750');
    const body = (await res.json()) as any;
    expect(body.data).toHaveLength(2);
    expect(body.links.next.startsWith(`${server.url}/api/profiles?`)).toBe(true);
    const next = await fetch(body.links.next, { headers });
    expect(((await next.json()) as any).data[0].attributes.email).toBe('cleo@example.com');
  });

  it('names every answer with x-klaviyo-req-id, which the SDK reports as requestId, errors included', async () => {
    const klaviyo = new Klaviyo({ apiKey: 'pk_request_ids_0123456789abcdef', baseUrl: server.url, maxRetries: 0 });
    const first = await klaviyo.lists.list().withResponse();
    const second = await klaviyo.lists.list().withResponse();
    expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.requestId).not.toBe(first.requestId);
    const missing = await klaviyo.lists.get('NOPE').catch((e: unknown) => e);
    expect((missing as NotFoundError).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 201 and 204 with the right bodies', async () => {
    const created = await fetch(`${server.url}/api/lists`, { method: 'POST', headers, body: listBody('Over HTTP') });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as any;
    const profile = server.state.all('profile')[0]!.id;
    const added = await fetch(`${server.url}/api/lists/${data.id}/relationships/profiles`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ data: [{ type: 'profile', id: profile }] }),
    });
    expect(added.status).toBe(204);
    expect(await added.text()).toBe('');
  });

  it('429 with a fractional Retry-After under compressed windows', async () => {
    let refused: Response | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const res = await fetch(`${server.url}/api/metric-properties/none`, { headers }); // XS tier: 1 per burst window
      if (res.status === 429) refused = res;
    }
    expect(refused).toBeDefined();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(1);
    expect(refused!.headers.get('ratelimit-limit')).toBeNull();
  });

  it('drops the connection mid-body (before applying: status line of the fault, then a cut body)', async () => {
    const before = server.state.writes.total;
    server.state.faults.next({ dropConnection: true, operationId: 'create_list' });
    const res = await fetch(`${server.url}/api/lists`, { method: 'POST', headers, body: listBody('Cut') });
    expect(res.status).toBe(503);
    await expect(res.text()).rejects.toThrow();
    expect(server.state.writes.total).toBe(before);
  });

  it('drops the connection after applying the write', async () => {
    const before = server.state.writes.count('create_list');
    server.state.faults.next({ dropConnection: true, afterApply: true, operationId: 'create_list' });
    await expect(
      fetch(`${server.url}/api/lists`, { method: 'POST', headers, body: listBody('Dropped') }).then((r) => r.text()),
    ).rejects.toThrow();
    expect(server.state.writes.count('create_list')).toBe(before + 1);
  });

  it('a hung response is still silent when the client gives up', async () => {
    server.state.faults.next({ hang: true });
    await expect(fetch(`${server.url}/api/lists`, { headers, signal: AbortSignal.timeout(150) })).rejects.toThrow();
  });

  it('close() ends hung connections', async () => {
    const other = await startMockServer({ rateLimit: false });
    other.state.faults.next({ hang: true });
    const outcome = new Promise<string>((resolve) => {
      const req = httpRequest(`${other.url}/api/lists`, { headers }, () => resolve('answered'));
      req.on('error', () => resolve('closed'));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    await other.close();
    expect(await outcome).toBe('closed');
  });

  it('logs requests with their operation', async () => {
    await fetch(`${server.url}/api/segments`, { headers });
    expect(server.state.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/api/segments',
      operationId: 'get_segments',
      status: 200,
    });
  });
});
