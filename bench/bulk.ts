/**
 * Target 6: adding 100,000 profiles to a list and tracking 100,000 events, with the helpers
 * (`lists.addProfiles`, `events.bulkCreate`) against one call per item (32 at once), on the bench server with
 * the limiter off: HTTP calls made and wall time here. What decides the real wall time is Klaviyo's rate
 * limit per call, so the time those calls need at each operation's steady limit is reported beside them.
 * One call per item is measured on a tenth of the items in full mode (10,000) and scaled, as it is 100,000
 * requests per run otherwise.
 */
import { Klaviyo } from 'klaviyo-ts';
import { Bench } from 'tinybench';
import { resolveLimits } from '../src/core/rate-limit/index.js';
import { figureOf, show, type Row } from './stats.js';
import { operations as everyOperation, registerOperations } from '../src/core/operations.js';

// The limiter is driven here by operation id, as in `Klaviyo`, which registers the whole operation table.
registerOperations(everyOperation);

const KEY = 'pk_bench_0123456789abcdef0123456789';

type Counts = Record<string, { requests: number; items: number }>;

async function counts(base: string): Promise<Counts> {
  return (await (await fetch(`${base}/bench/counts`)).json()) as Counts;
}

const profileId = (n: number) => `01HBENCH${String(n).padStart(18, '0')}`;
const event = (n: number) => ({
  metric: 'Placed Order',
  profile: { email: `customer${n % 5_000}@example.com` },
  properties: { OrderId: `order-${n}`, Items: [{ sku: `SKU-${n % 97}`, quantity: 1 + (n % 3) }] },
  value: 20 + (n % 7),
  uniqueId: `order-${n}`,
});

/** Hours at Klaviyo's steady limit for `calls` calls of `operationId`. */
function atLimit(operationId: string, calls: number): string {
  const { steady } = resolveLimits(operationId);
  const seconds = (calls / steady) * 60;
  return seconds < 120
    ? `${seconds.toFixed(0)} s`
    : seconds < 7200
      ? `${(seconds / 60).toFixed(0)} min`
      : `${(seconds / 3600).toFixed(1)} h`;
}

export async function bulk(base: string, quick: boolean): Promise<Row[]> {
  const items = quick ? 2_000 : 100_000;
  const sample = quick ? 200 : 10_000;
  const klaviyo = new Klaviyo({ apiKey: KEY, baseUrl: base, rateLimit: false });
  const ids = Array.from({ length: items }, (_, i) => profileId(i));
  const events = Array.from({ length: items }, (_, i) => event(i));
  const oneByOne = async (n: number, call: (i: number) => Promise<unknown>) => {
    let next = 0;
    const worker = async () => {
      while (next < n) await call(next++);
    };
    await Promise.all(Array.from({ length: 32 }, worker));
  };

  const cases = [
    {
      name: 'add profiles to a list: lists.addProfiles',
      op: 'add_profiles_to_list',
      scale: 1,
      run: () => klaviyo.lists.addProfiles('LIST01', ids),
    },
    {
      name: 'add profiles to a list: one call per profile',
      op: 'add_profiles_to_list',
      scale: items / sample,
      run: () => oneByOne(sample, (i) => klaviyo.lists.addProfiles('LIST01', [ids[i]!])),
    },
    { name: 'track events: events.bulkCreate', op: 'bulk_create_events', scale: 1, run: () => klaviyo.events.bulkCreate(events) },
    {
      name: 'track events: one events.create per event',
      op: 'create_event',
      scale: items / sample,
      run: () => oneByOne(sample, (i) => klaviyo.events.create(events[i]!)),
    },
  ];
  const calls = new Map<string, number>();
  const bench = new Bench({ iterations: quick ? 1 : 3, time: 0, warmup: false });
  for (const c of cases) {
    bench.add(c.name, async () => {
      await counts(base); // resets the server's counts
      const started = performance.now();
      await c.run();
      const ms = performance.now() - started;
      const seen = (await counts(base))[c.op];
      if (!seen || seen.items * c.scale !== items) throw new Error(`${c.name}: the server saw ${seen?.items ?? 0} items`);
      calls.set(c.name, seen.requests * c.scale);
      return { overriddenDuration: (ms * c.scale) / 1000 };
    });
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const c = cases.find((x) => x.name === task.name)!;
    const n = calls.get(task.name)!;
    const scaled = c.scale === 1 ? '' : ` (measured on ${sample.toLocaleString('en-US')}, ×${c.scale})`;
    return {
      section: '6. Bulk',
      name: `${items.toLocaleString('en-US')} items, ${task.name}`,
      value: `${n.toLocaleString('en-US')} calls, ${show(figureOf(task), 's', 2)} here${scaled}; ${atLimit(c.op, n)} at Klaviyo's steady limit`,
    };
  });
}
