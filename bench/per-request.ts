/**
 * Target 3: client CPU per request, against the bench server (another process, so its CPU is not ours):
 * a 100-profile `GET /api/profiles` page (parsed and validated) and a `POST /api/events`, one at a time and
 * 32 at once, for bare `fetch` + `JSON.parse`, klaviyo-api, and klaviyo-ts with the limiter off and on.
 *
 * Each client runs in a process of its own (bench/per-request-child.ts), so that no client's heap, or the
 * garbage it leaves, weighs on another's collections; one tinybench iteration is one round of every client's
 * process, in turn (the order reversed every other round), so that the machine's load, which drifts, weighs on
 * every client alike (finding 18). In its process a client runs each kind of request in warm-up batches and then
 * one measured batch: the process's CPU time (user + system) for the batch, divided by its size.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Klaviyo } from 'klaviyo-ts';
import { Bench } from 'tinybench';
import { figureOfValues, show, type Figure, type Row } from './stats.js';

const KEY = 'pk_bench_0123456789abcdef0123456789';
const HEADERS = { Authorization: `Klaviyo-API-Key ${KEY}`, revision: '2026-07-15', Accept: 'application/vnd.api+json' };

/** One request of each kind. */
export interface Client {
  get(): Promise<unknown>;
  post(n: number): Promise<unknown>;
}

export const OPS = ['get', 'post'] as const;
export const CONCURRENCY = [1, 32] as const;

const event = (n: number) => ({
  metric: 'Viewed Product',
  profile: { email: `customer${n % 100}@example.com` },
  properties: { sku: `SKU-${n}`, price: 12.5 },
});

/** The JSON:API document of `event(n)`, as the baseline and klaviyo-api send it. */
const eventDocument = (n: number) => {
  const e = event(n);
  return {
    data: {
      type: 'event',
      attributes: {
        properties: e.properties,
        metric: { data: { type: 'metric', attributes: { name: e.metric } } },
        profile: { data: { type: 'profile', attributes: e.profile } },
      },
    },
  };
};

const sdk = (klaviyo: Klaviyo): Client => ({
  get: () => klaviyo.profiles.list({ pageSize: 100 }),
  post: (n) => klaviyo.events.create(event(n)),
});

/** Each client, made in its own process: a client imports only what it uses. */
export const CLIENTS: Record<string, (base: string) => Promise<Client>> = {
  'fetch + JSON.parse (baseline)': async (base) => ({
    get: async () => JSON.parse(await (await fetch(`${base}/api/profiles?page%5Bsize%5D=100`, { headers: HEADERS })).text()),
    post: async (n) => {
      const response = await fetch(`${base}/api/events`, {
        method: 'POST',
        headers: { ...HEADERS, 'Content-Type': 'application/vnd.api+json' },
        body: JSON.stringify(eventDocument(n)),
      });
      return response.text();
    },
  }),
  'klaviyo-api': async (base) => {
    const { ApiKeySession, EventsApi, ProfilesApi } = await import('klaviyo-api');
    const profilesApi = new ProfilesApi(new ApiKeySession(KEY));
    const eventsApi = new EventsApi(new ApiKeySession(KEY));
    profilesApi.basePath = base;
    eventsApi.basePath = base;
    return {
      get: () => profilesApi.getProfiles({ pageSize: 100 }),
      post: (n) => eventsApi.createEvent(eventDocument(n) as never),
    };
  },
  'klaviyo-ts, limiter off': async (base) => {
    const { Klaviyo } = await import('klaviyo-ts');
    return sdk(new Klaviyo({ apiKey: KEY, baseUrl: base, rateLimit: false }));
  },
  'klaviyo-ts, limiter on': async (base) => {
    const { Klaviyo } = await import('klaviyo-ts');
    const limits = { get_profiles: { burst: 1e6, steady: 1e7 }, create_event: { burst: 1e6, steady: 1e7 } };
    return sdk(new Klaviyo({ apiKey: KEY, baseUrl: base, rateLimit: { limits } }));
  },
};

/** CPU milliseconds per request of `batch` requests of `op`, `concurrency` at a time, in this process. */
export async function cpuPerRequest(
  client: Client,
  op: (typeof OPS)[number],
  concurrency: number,
  batch: number,
): Promise<number> {
  let n = 0;
  const worker = async () => {
    while (n < batch) await client[op](n++);
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / batch;
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'per-request-child.ts');

/** One client's figures from a fresh process: `{ 'get|1': ms per request, … }`. */
function childRound(name: string, base: string, batch: number, warmups: number): Record<string, number> {
  const args = ['--import', 'tsx', CHILD, name, base, String(batch), String(warmups)];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`per-request child for ${name} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

export async function perRequest(base: string, quick: boolean): Promise<Row[]> {
  const batch = quick ? 32 : 128;
  const names = Object.keys(CLIENTS);
  const samples = new Map<string, number[]>();
  let round = 0;
  const bench = new Bench({ iterations: quick ? 2 : 8, time: 0, warmup: false });
  bench.add('one round of every client, each in a fresh process', () => {
    for (const name of round++ % 2 ? [...names].reverse() : names) {
      for (const [kind, ms] of Object.entries(childRound(name, base, batch, quick ? 1 : 3))) {
        const key = `${kind}|${name}`;
        samples.set(key, [...(samples.get(key) ?? []), ms]);
      }
    }
  });
  await bench.run();
  const figures = new Map<string, Figure>([...samples].map(([key, values]) => [key, figureOfValues(values)]));
  const rows: Row[] = [];
  for (const op of OPS) {
    for (const concurrency of CONCURRENCY) {
      const label = `${op === 'get' ? 'GET /api/profiles (100)' : 'POST /api/events'}, concurrency ${concurrency}`;
      const at = (name: string) => figures.get(`${op}|${concurrency}|${name}`)!;
      const baseline = at('fetch + JSON.parse (baseline)').median;
      const apiOverhead = at('klaviyo-api').median - baseline;
      for (const name of names) {
        const figure = at(name);
        const row: Row = { section: '3. CPU per request', name: `${label}: ${name}`, value: show(figure, 'ms', 3) };
        if (name.startsWith('klaviyo-ts')) {
          const ratio = figure.median / baseline;
          const overhead = figure.median - baseline;
          const smaller = overhead <= 0 ? Infinity : apiOverhead / overhead;
          row.verdict = {
            target: '≤ 1.25× baseline, overhead ≥ 5× smaller than klaviyo-api',
            pass: ratio <= 1.25 && smaller >= 5,
            ratio: `${ratio.toFixed(2)}× baseline, ${overheadVersusApi(overhead, apiOverhead)}`,
          };
        } else if (name === 'klaviyo-api') {
          row.value += ` (${(figure.median / baseline).toFixed(2)}× baseline)`;
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

/** How our overhead over the baseline compares with klaviyo-api's, which can be below the baseline (axios over
 * `node:http` costs less per POST than Node's `fetch`), where no ratio means anything. */
function overheadVersusApi(overhead: number, apiOverhead: number): string {
  if (apiOverhead <= 0) return 'overhead not comparable: klaviyo-api costs less than the baseline';
  if (overhead <= 0) return 'overhead none, so ∞× smaller';
  return `overhead ${(apiOverhead / overhead).toFixed(1)}× smaller`;
}
