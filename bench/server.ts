/**
 * The benchmark's loopback server, run in its own process (bench/index.ts starts it) so that its CPU is not
 * counted as the client's. It answers with the local mock's own page of 100 profiles (so validation checks a
 * real 2026-07-15 document), and counts the writes it accepts.
 *
 * - GET  /api/profiles?page[cursor]=N  the page, with links.next to page N+1 up to PAGES pages
 * - POST /api/events, /api/event-bulk-create-jobs  202, no body
 * - POST /api/lists/{id}/relationships/profiles    204
 * - GET  /bench/counts                             requests and items received per path, then reset
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockServer } from '../src/testing/index.js';

const PAGES = Number(process.env['BENCH_PAGES'] ?? 2_000);
const KEY = 'pk_bench_0123456789abcdef0123456789';

/** One page of 100 profiles as the mock serves it, with `links.next` as a placeholder. */
async function mockPage(): Promise<string> {
  const profiles = Array.from({ length: 100 }, (_, i) => ({
    email: `customer${i}@example.com`,
    first_name: `First${i}`,
    last_name: `Last${i}`,
    location: { city: 'Boston', country: 'US', region: 'MA', zip: '02110', timezone: 'America/New_York' },
    properties: { plan: i % 3 ? 'standard' : 'vip', orders: i % 17 },
  }));
  const mock = await startMockServer({ seed: { profiles } });
  try {
    const response = await fetch(`${mock.url}/api/profiles?page%5Bsize%5D=100`, {
      headers: { Authorization: `Klaviyo-API-Key ${KEY}`, revision: '2026-07-15', Accept: 'application/vnd.api+json' },
    });
    if (!response.ok) throw new Error(`the mock answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { data: unknown[]; links: Record<string, unknown> };
    if (page.data.length !== 100) throw new Error(`the mock served ${page.data.length} profiles, not 100`);
    page.links = { self: 'SELF', next: 'NEXT', prev: null };
    return JSON.stringify(page);
  } finally {
    await mock.close();
  }
}

const template = await mockPage();
const [head, middle, tail] = ((): [string, string, string] => {
  const [a, rest] = template.split('"SELF"') as [string, string];
  const [b, c] = rest.split('"NEXT"') as [string, string];
  return [a, b, c];
})();
const counts: Record<string, { requests: number; items: number }> = {};
const count = (path: string, items: number) => {
  const entry = (counts[path] ??= { requests: 0, items: 0 });
  entry.requests++;
  entry.items += items;
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://bench');
  if (req.method === 'GET' && url.pathname === '/api/profiles') {
    const page = Number(url.searchParams.get('page[cursor]') ?? 0);
    const self = JSON.stringify(`${base}/api/profiles?page%5Bcursor%5D=${page}`);
    const next = page + 1 < PAGES ? JSON.stringify(`${base}/api/profiles?page%5Bcursor%5D=${page + 1}`) : 'null';
    res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
    res.end(head + self + middle + next + tail);
    return;
  }
  if (req.method === 'GET' && url.pathname === '/bench/counts') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(counts));
    for (const key of Object.keys(counts)) delete counts[key];
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    const data = body ? (JSON.parse(body) as { data?: unknown }).data : undefined;
    const items = Array.isArray(data) ? data.length : bulkEvents(data);
    if (req.method === 'POST' && /^\/api\/lists\/[^/]+\/relationships\/profiles$/.test(url.pathname)) {
      count('add_profiles_to_list', items);
      res.writeHead(204).end();
    } else if (req.method === 'POST' && (url.pathname === '/api/events' || url.pathname === '/api/event-bulk-create-jobs')) {
      count(url.pathname === '/api/events' ? 'create_event' : 'bulk_create_events', items);
      res.writeHead(202).end();
    } else {
      res.writeHead(404, { 'content-type': 'application/vnd.api+json' });
      res.end(JSON.stringify({ errors: [{ status: '404', code: 'not_found', title: 'Not found' }] }));
    }
  });
});

/** Events in a bulk job body (grouped by profile: `events-bulk-create.data[].attributes.events.data`), or 1. */
function bulkEvents(data: unknown): number {
  type Group = { attributes?: { events?: { data?: unknown[] } } };
  const groups = (data as { attributes?: { 'events-bulk-create'?: { data?: Group[] } } } | undefined)?.attributes?.[
    'events-bulk-create'
  ]?.data;
  if (!Array.isArray(groups)) return 1;
  return groups.reduce((sum, group) => sum + (group.attributes?.events?.data?.length ?? 0), 0);
}

server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.stdout.write(`${base}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
