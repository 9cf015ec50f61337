/**
 * Target 3: client CPU per request, against the bench server (another process, so its CPU is not ours):
 * a 100-profile `GET /api/profiles` page (parsed and validated) and a `POST /api/events`, one at a time and
 * 32 at once, for bare `fetch` + `JSON.parse`, klaviyo-api, and klaviyo-ts with the limiter off and on.
 * Each tinybench sample is one batch of requests: this process's CPU time (user + system) for the batch,
 * divided by its size.
 */
import { ApiKeySession, EventsApi, ProfilesApi } from 'klaviyo-api';
import { Klaviyo } from 'klaviyo-ts';
import { Bench } from 'tinybench';
import { figureOf, show, type Figure, type Row } from './stats.js';

const KEY = 'pk_bench_0123456789abcdef0123456789';
const HEADERS = { Authorization: `Klaviyo-API-Key ${KEY}`, revision: '2026-07-15', Accept: 'application/vnd.api+json' };

/** One request of each kind, per client. */
interface Client {
  get(): Promise<unknown>;
  post(n: number): Promise<unknown>;
}

function clients(base: string): Record<string, Client> {
  const profilesApi = new ProfilesApi(new ApiKeySession(KEY));
  const eventsApi = new EventsApi(new ApiKeySession(KEY));
  profilesApi.basePath = base;
  eventsApi.basePath = base;
  const off = new Klaviyo({ apiKey: KEY, baseUrl: base, rateLimit: false });
  const on = new Klaviyo({
    apiKey: `${KEY}on`,
    baseUrl: base,
    rateLimit: { limits: { get_profiles: { burst: 1e6, steady: 1e7 }, create_event: { burst: 1e6, steady: 1e7 } } },
  });
  const event = (n: number) => ({
    metric: 'Viewed Product',
    profile: { email: `customer${n % 100}@example.com` },
    properties: { sku: `SKU-${n}`, price: 12.5 },
  });
  const sdk = (klaviyo: Klaviyo): Client => ({
    get: () => klaviyo.profiles.list({ pageSize: 100 }),
    post: (n) => klaviyo.events.create(event(n)),
  });
  return {
    'fetch + JSON.parse (baseline)': {
      get: async () => JSON.parse(await (await fetch(`${base}/api/profiles?page%5Bsize%5D=100`, { headers: HEADERS })).text()),
      post: async (n) => {
        const e = event(n);
        const body = {
          data: {
            type: 'event',
            attributes: {
              properties: e.properties,
              metric: { data: { type: 'metric', attributes: { name: e.metric } } },
              profile: { data: { type: 'profile', attributes: e.profile } },
            },
          },
        };
        const response = await fetch(`${base}/api/events`, {
          method: 'POST',
          headers: { ...HEADERS, 'Content-Type': 'application/vnd.api+json' },
          body: JSON.stringify(body),
        });
        return response.text();
      },
    },
    'klaviyo-api': {
      get: () => profilesApi.getProfiles({ pageSize: 100 }),
      post: (n) => {
        const e = event(n);
        return eventsApi.createEvent({
          data: {
            type: 'event',
            attributes: {
              properties: e.properties,
              metric: { data: { type: 'metric', attributes: { name: e.metric } } },
              profile: { data: { type: 'profile', attributes: e.profile } },
            },
          },
        } as never);
      },
    },
    'klaviyo-ts, limiter off': sdk(off),
    'klaviyo-ts, limiter on': sdk(on),
  };
}

/** CPU milliseconds of this process while `run` ran. */
async function cpuMs(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export async function perRequest(base: string, quick: boolean): Promise<Row[]> {
  const batch = quick ? 32 : 128;
  const all = clients(base);
  const bench = new Bench({ iterations: quick ? 2 : 8, time: 0, warmupIterations: quick ? 1 : 3, warmupTime: 0 });
  for (const op of ['get', 'post'] as const) {
    for (const concurrency of [1, 32]) {
      for (const [name, client] of Object.entries(all)) {
        bench.add(`${op}|${concurrency}|${name}`, async () => {
          let n = 0;
          const worker = async () => {
            while (n < batch) await client[op](n++);
          };
          const ms = await cpuMs(() => Promise.all(Array.from({ length: concurrency }, worker)));
          return { overriddenDuration: ms / batch };
        });
      }
    }
  }
  await bench.run();
  const figures = new Map<string, Figure>(bench.tasks.map((task) => [task.name, figureOf(task)]));
  const rows: Row[] = [];
  for (const op of ['get', 'post'] as const) {
    for (const concurrency of [1, 32]) {
      const label = `${op === 'get' ? 'GET /api/profiles (100)' : 'POST /api/events'}, concurrency ${concurrency}`;
      const at = (name: string) => figures.get(`${op}|${concurrency}|${name}`)!;
      const baseline = at('fetch + JSON.parse (baseline)').median;
      const apiOverhead = at('klaviyo-api').median - baseline;
      for (const name of Object.keys(all)) {
        const figure = at(name);
        const row: Row = { section: '3. CPU per request', name: `${label}: ${name}`, value: show(figure, 'ms', 3) };
        if (name.startsWith('klaviyo-ts')) {
          const ratio = figure.median / baseline;
          const overhead = figure.median - baseline;
          const smaller = overhead <= 0 ? Infinity : apiOverhead / overhead;
          row.verdict = {
            target: '≤ 1.25× baseline, overhead ≥ 5× smaller than klaviyo-api',
            pass: ratio <= 1.25 && smaller >= 5,
            ratio: `${ratio.toFixed(2)}× baseline, overhead ${Number.isFinite(smaller) ? `${smaller.toFixed(1)}×` : 'none, so ∞×'} smaller`,
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
