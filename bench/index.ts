/**
 * `npm run bench`: what the SDK costs on top of a bare `fetch`, against Klaviyo's official `klaviyo-api`
 * package, and how much memory walking a large collection takes. Every number is a ratio to a baseline
 * measured in the same run, against the same loopback server, so the machine's speed cancels out.
 *
 * Runs with `--expose-gc` (see package.json) so heap readings are taken after a full collection.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiKeySession, ProfilesApi } from 'klaviyo-api';
import { Klaviyo } from 'klaviyo-ts';

const PAGE_SIZE = 100;
const ROUNDS = 5;
const REQUESTS_PER_ROUND = 400;
const STREAM_PAGES = 400; // 40,000 profiles

/** One realistic profile, as get_profiles returns it. */
function profile(n: number) {
  return {
    type: 'profile',
    id: `01HBENCH${String(n).padStart(18, '0')}`,
    attributes: {
      email: `customer${n}@example.com`,
      phone_number: null,
      external_id: null,
      first_name: `First${n}`,
      last_name: `Last${n}`,
      organization: null,
      locale: 'en-US',
      title: null,
      image: null,
      created: '2025-01-01T00:00:00+00:00',
      updated: '2025-06-01T00:00:00+00:00',
      last_event_date: '2025-06-01T00:00:00+00:00',
      location: {
        address1: null,
        address2: null,
        city: 'Boston',
        country: 'US',
        latitude: null,
        longitude: null,
        region: 'MA',
        zip: '02110',
        timezone: 'America/New_York',
        ip: null,
      },
      properties: { plan: n % 3 ? 'standard' : 'vip', orders: n % 17 },
    },
    relationships: { lists: { links: { self: 'x', related: 'y' } }, segments: { links: { self: 'x', related: 'y' } } },
    links: { self: `https://a.klaviyo.com/api/profiles/${n}/` },
  };
}

/** A loopback server answering GET /api/profiles with page `page[cursor]` of `STREAM_PAGES` pages. */
async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  // Every page is built before anything is measured, so the server's own memory stays constant.
  let base = '';
  const pages: string[] = [];
  const server = createServer((req, res) => {
    const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page[cursor]') ?? 0);
    res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
    res.end(pages[page]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (let page = 0; page < STREAM_PAGES; page++) {
    const next = page + 1 < STREAM_PAGES ? `${base}/api/profiles?page%5Bcursor%5D=${page + 1}` : null;
    pages.push(
      JSON.stringify({
        data: Array.from({ length: PAGE_SIZE }, (_, i) => profile(page * PAGE_SIZE + i)),
        links: { self: `${base}/api/profiles`, next },
      }),
    );
  }
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function timePerRequest(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < REQUESTS_PER_ROUND; i++) await run();
  return (performance.now() - started) / REQUESTS_PER_ROUND;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function heapMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

async function main() {
  if (!globalThis.gc) throw new Error('run with node --expose-gc (npm run bench does)');
  const server = await startServer();
  const apiKey = 'pk_bench_0123456789abcdef0123456789';
  const sdk = new Klaviyo({ apiKey, baseUrl: server.url, rateLimit: false });
  const sdkLimited = new Klaviyo({
    apiKey: `${apiKey}x`,
    baseUrl: server.url,
    rateLimit: { limits: { get_profiles: { burst: 1e6, steady: 1e7 } } },
  });
  const official = new ProfilesApi(new ApiKeySession(apiKey));
  official.basePath = server.url;

  const variants: Array<[string, () => Promise<unknown>]> = [
    ['fetch + JSON.parse (baseline)', async () => (await fetch(`${server.url}/api/profiles?page%5Bsize%5D=100`)).json()],
    ['klaviyo-api (official SDK)', () => official.getProfiles({ pageSize: 100 })],
    ['klaviyo-ts, limiter off', () => sdk.profiles.list({ pageSize: 100 })],
    ['klaviyo-ts, limiter on', () => sdkLimited.profiles.list({ pageSize: 100 })],
  ];
  const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (const [, run] of variants) await timePerRequest(run); // warm up every path first
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of variants) samples.get(name)!.push(await timePerRequest(run));
  }
  const baseline = median(samples.get(variants[0]![0])!);
  console.log(`\nOne page of ${PAGE_SIZE} profiles over loopback, median of ${ROUNDS} rounds × ${REQUESTS_PER_ROUND} requests`);
  for (const [name] of variants) {
    const ms = median(samples.get(name)!);
    console.log(`  ${name.padEnd(32)} ${ms.toFixed(3).padStart(7)} ms/request   ×${(ms / baseline).toFixed(2)} of baseline`);
  }

  // Memory: walking every profile with `for await` keeps one page alive at a time; collecting them all
  // (the baseline) grows with the collection.
  const start = heapMb();
  let peakStreaming = 0;
  let count = 0;
  for await (const p of sdk.profiles.list({ pageSize: 100 })) {
    if (++count % (PAGE_SIZE * 50) === 0) peakStreaming = Math.max(peakStreaming, heapMb() - start);
    void p;
  }
  const collectStart = heapMb();
  const all = await sdk.profiles.list({ pageSize: 100 }).toArray();
  const collected = heapMb() - collectStart;
  console.log(`\nWalking ${count.toLocaleString()} profiles (${STREAM_PAGES} pages)`);
  console.log(`  toArray() (baseline)             heap +${collected.toFixed(1)} MB for ${all.length.toLocaleString()} profiles`);
  console.log(
    `  for await                        heap +${Math.max(0, peakStreaming).toFixed(1)} MB at most   ×${(Math.max(0, peakStreaming) / collected).toFixed(3)} of baseline`,
  );
  await server.close();
}

await main();
