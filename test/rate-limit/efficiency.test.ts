/**
 * How much of the quota the limiter uses, in simulated time: fixed windows at random offsets (burst 10 per
 * 100 ms, steady 50 per 1 s, as throughput.test.ts), each request 1–3 ms on the wire. Fake timers make the
 * numbers the algorithm's own, whatever else the machine is doing.
 *
 * `TRACE=1 npx vitest run test/rate-limit/efficiency.test.ts` prints, per run, each steady window's count and
 * when each burst of requests was sent relative to the server's window edges: the trace BENCHMARKS.md
 * quotes ("Rate-limit efficiency").
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BURST, BURST_MS, STEADY, STEADY_MS, sustainedShare } from './measure.js';
import { perWindow, seeded, simulation, type SimulatedRequest } from './simulation.js';

afterEach(() => {
  vi.useRealTimers();
});

const WINDOWS = 20;

async function run(seed: number) {
  const random = seeded(seed);
  const offsets = { burst: Math.floor(random() * BURST_MS), steady: Math.floor(random() * STEADY_MS) };
  const start = 1_700_000_000_000;
  const simulate = await simulation({
    burst: BURST,
    steady: STEADY,
    burstWindowMs: BURST_MS,
    steadyWindowMs: STEADY_MS,
    offsets,
    calls: (WINDOWS + 2) * STEADY,
    durationMs: (WINDOWS + 2) * STEADY_MS,
    latency: () => ({ up: 0.5 + random(), down: 0.5 + random() }),
  });
  vi.useFakeTimers({ now: start });
  const done = simulate();
  await vi.advanceTimersByTimeAsync((WINDOWS + 3) * STEADY_MS);
  const requests = await done;
  vi.useRealTimers();
  // Whole steady windows after the first, which the cold client's head start would flatter.
  const windows = perWindow(requests, STEADY_MS, offsets.steady, start + STEADY_MS, start + (WINDOWS + 2) * STEADY_MS);
  const share = windows.reduce((a, b) => a + b, 0) / windows.length / STEADY;
  // The long-run rate: a 20-window sample can sit in a lucky phase of the drift against the server's edges.
  const accepted = requests.filter((r) => r.status === 200).map((r) => r.arrivedAt);
  const sustained = sustainedShare(accepted.slice(STEADY), STEADY, STEADY_MS);
  if (process.env['TRACE']) trace(seed, requests, offsets.steady, start, windows, share, sustained);
  return { windows, share, sustained, refused: requests.filter((r) => r.status === 429).length };
}

/** Bursts (requests sent within 5 ms of each other) as `count@ms into the steady window`, one line per window. */
function trace(
  seed: number,
  requests: SimulatedRequest[],
  offset: number,
  start: number,
  windows: number[],
  share: number,
  sustained: number,
) {
  const lines = [
    `seed ${seed}: ${(share * 100).toFixed(1)}% of the steady limit in whole windows ${windows.join(' ')}; ` +
      `sustained rate ${(sustained * 100).toFixed(2)}%`,
  ];
  const edge = (t: number) => Math.floor((t - offset) / STEADY_MS);
  const bursts: SimulatedRequest[][] = [];
  for (const r of [...requests].sort((a, b) => a.sentAt - b.sentAt)) {
    const last = bursts.at(-1);
    if (last && r.sentAt - last[0]!.sentAt < 5) last.push(r);
    else bursts.push([r]);
  }
  const byWindow = new Map<number, string[]>();
  for (const b of bursts) {
    const k = edge(b[0]!.arrivedAt) - edge(start);
    const at = b[0]!.arrivedAt - (edge(b[0]!.arrivedAt) * STEADY_MS + offset);
    byWindow.set(k, [...(byWindow.get(k) ?? []), `${b.length}@${at}`]);
  }
  for (const [k, items] of byWindow) lines.push(`  window ${String(k).padStart(2)}: ${items.join(' ')}`);
  console.info(lines.join('\n'));
}

describe('quota use against fixed windows at a random offset, in simulated time', () => {
  it.each([1, 2, 3, 4, 5, 6])('sustains at least 98.5% of the steady limit with no 429 (offsets from seed %i)', async (seed) => {
    const { windows, share, sustained, refused } = await run(seed);
    expect(refused).toBe(0);
    // A real clock adds timer lateness to every cycle: the simulation keeps 1.5 points for it, so the
    // 97% target holds on a busy machine too.
    expect(sustained).toBeGreaterThanOrEqual(0.985);
    expect(share).toBeGreaterThanOrEqual(0.97);
    // No steady window loses a whole burst's worth: the loss is spread, not one window in ten at 80%.
    expect(Math.min(...windows)).toBeGreaterThan(STEADY - BURST);
  });
});
