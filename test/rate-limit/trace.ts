/**
 * `npx tsx test/rate-limit/trace.ts [runs] [calls]`: where the steady limit goes. Runs the throughput
 * workload (550 calls at once against fixed windows at a random offset, burst 10 / 100 ms, steady
 * 50 / 1 s) and prints, for each of the server's steady windows, how many requests it accepted, and for
 * every window below 90% the timeline that made it so: each request's send time, server arrival and response
 * stamp, in ms from that window's start. Not a test: a measuring tool, whose findings are in BENCHMARKS.md.
 */
import { randomUUID } from 'node:crypto';
import { createRateLimiter } from '../../src/core/rate-limit/index.js';
import { startFixedWindowServer } from './fixed-window-server.js';
import { BURST, BURST_MS, compressed, STEADY, STEADY_MS } from './measure.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// The limiter is driven here by operation id, as in `Klaviyo`, which registers the whole operation table.
registerOperations(everyOperation);

interface Trace {
  sentAt: number;
  stampedAt: number;
}

/** One run: returns the per-window counts and prints the timelines of the short windows. */
async function run(calls: number, verbose: boolean): Promise<{ windows: number[]; share: number; got429: number }> {
  const server = await startFixedWindowServer({
    burst: BURST,
    steady: STEADY,
    burstWindowMs: BURST_MS,
    steadyWindowMs: STEADY_MS,
  });
  const limiter = createRateLimiter({ apiKey: `pk_${randomUUID()}`, options: compressed });
  const traces: Trace[] = [];
  const stop = new AbortController();
  const start = Date.now();
  const windows = Math.floor(calls / STEADY);
  const timer = setTimeout(() => stop.abort(), windows * STEADY_MS);
  let got429 = 0;
  await Promise.allSettled(
    Array.from({ length: calls }, async () => {
      for (;;) {
        const response = await limiter.schedule(
          'get_profiles',
          async () => {
            const trace = { sentAt: Date.now(), stampedAt: 0 };
            const res = await fetch(server.url, { signal: stop.signal });
            await res.arrayBuffer();
            trace.stampedAt = Date.now(); // the limiter stamps the slot right after this returns
            traces.push(trace);
            return res;
          },
          { signal: stop.signal },
        );
        limiter.observe('get_profiles', response.status, response.headers);
        if (response.status !== 429) return;
        got429++;
      }
    }),
  );
  clearTimeout(timer);
  await server.close();

  const offset = server.offsets.steady;
  const windowOf = (t: number) => Math.floor((t - offset) / STEADY_MS);
  const counts = new Map<number, number>();
  for (const t of server.acceptedAt) counts.set(windowOf(t), (counts.get(windowOf(t)) ?? 0) + 1);
  const first = windowOf(start);
  const last = windowOf(start + windows * STEADY_MS);
  // The first and last windows are cut by the run's start and end: only whole windows are listed.
  const whole = Array.from({ length: last - first - 1 }, (_, i) => counts.get(first + 1 + i) ?? 0);
  const accepted = server.acceptedAt.filter((t) => t <= start + windows * STEADY_MS).length;
  if (verbose) {
    for (let k = first + 1; k < last; k++) {
      const n = counts.get(k) ?? 0;
      if (n >= 0.9 * STEADY) continue;
      const edge = k * STEADY_MS + offset;
      console.log(`  window ${k - first} got ${n}/${STEADY}; requests sent from 1.1 windows before its start to its end:`);
      const arrivals = server.acceptedAt.filter((t) => t >= edge - 1.1 * STEADY_MS && t < edge + STEADY_MS);
      const rows = traces.filter((t) => t.sentAt >= edge - 1.1 * STEADY_MS && t.sentAt < edge + STEADY_MS);
      // Groups of requests sent within 5 ms of each other: one line per burst.
      const groups: Trace[][] = [];
      for (const row of rows.sort((a, b) => a.sentAt - b.sentAt)) {
        const g = groups.at(-1);
        if (g && row.sentAt - g[0]!.sentAt < 5) g.push(row);
        else groups.push([row]);
      }
      for (const g of groups) {
        const sent = g.map((r) => r.sentAt - edge);
        const stamped = g.map((r) => r.stampedAt - edge);
        const reused = g[0]!.sentAt - STEADY_MS * (1 + 0.02);
        console.log(
          `    ${String(g.length).padStart(2)} sent at ${Math.min(...sent)}..${Math.max(...sent)} ms, stamped ` +
            `${Math.min(...stamped)}..${Math.max(...stamped)} ms (slots they reuse were stamped by ${reused - edge} ms)`,
        );
      }
      console.log(`    server arrivals in the window: ${arrivals.filter((t) => t >= edge).length}`);
    }
  }
  return { windows: whole, share: accepted / windows / STEADY, got429 };
}

const runs = Number(process.argv[2] ?? 4);
const calls = Number(process.argv[3] ?? 550);
await (await fetch('data:,warm-up')).text();
const shares: number[] = [];
for (let r = 1; r <= runs; r++) {
  const result = await run(calls, true);
  shares.push(result.share);
  console.log(
    `run ${r}: ${(result.share * 100).toFixed(1)}% of the steady limit, ${result.got429} × 429; whole windows: ${result.windows.join(' ')}`,
  );
}
console.log(`mean ${((shares.reduce((a, b) => a + b, 0) / shares.length) * 100).toFixed(1)}%`);
