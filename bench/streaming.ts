/**
 * Target 4: `for await` over 200,000 profiles in pages of 100 (the bench server's pages): the heap in use
 * at every page, garbage included (the peak must stay under 64 MB above the heap before the walk), and what
 * is still held after a full collection every 200 pages. tinybench runs the walk once: it is 2,000 requests.
 */
import { Klaviyo } from 'klaviyo-ts';
import { Bench } from 'tinybench';
import { figureOf, figureOfValues, show, type Row } from './stats.js';

const KEY = 'pk_bench_0123456789abcdef0123456789';

function heapMb(): number {
  globalThis.gc!();
  return process.memoryUsage().heapUsed / 1048576;
}

export async function streaming(base: string, quick: boolean): Promise<Row[]> {
  const profiles = quick ? 10_000 : 200_000;
  const klaviyo = new Klaviyo({ apiKey: KEY, baseUrl: base, rateLimit: false });
  let walked = 0;
  const retained: number[] = [];
  const bench = new Bench({ iterations: 1, time: 0, warmup: false });
  bench.add('for await growth', async () => {
    const start = heapMb();
    let peak = 0; // heap in use at any page, garbage included: what the process must have room for
    let kept = 0; // heap still in use after a full collection: what the walk holds on to
    walked = 0;
    for await (const profile of klaviyo.profiles.list({ pageSize: 100 })) {
      void profile;
      if (++walked % 100 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed / 1048576 - start);
      if (walked % 20_000 === 0) kept = Math.max(kept, heapMb() - start);
      if (walked >= profiles) break;
    }
    retained.push(Math.max(0, kept));
    return { overriddenDuration: Math.max(0, peak) };
  });
  await bench.run();
  const growth = figureOf(bench.tasks[0]!);
  return [
    {
      section: '4. Streaming memory',
      name: `for await over ${walked.toLocaleString('en-US')} profiles, pages of 100`,
      value: `heap +${show(growth, 'MB')} at the peak (garbage included), +${show(figureOfValues(retained), 'MB')} kept after a full GC`,
      verdict: { target: '< 64 MB', pass: growth.median < 64 },
    },
  ];
}
