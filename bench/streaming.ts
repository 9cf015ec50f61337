/**
 * Target 4: `for await` over 200,000 profiles in pages of 100 (the bench server's pages), reading the heap
 * after a full collection every 100 pages. Peak growth over the heap before the walk must stay under 64 MB.
 * tinybench runs the walk (one run in full mode: it is 2,000 requests).
 */
import { Klaviyo } from 'klaviyo-ts';
import { Bench } from 'tinybench';
import { figureOf, show, type Row } from './stats.js';

const KEY = 'pk_bench_0123456789abcdef0123456789';

function heapMb(): number {
  globalThis.gc!();
  return process.memoryUsage().heapUsed / 1048576;
}

export async function streaming(base: string, quick: boolean): Promise<Row[]> {
  const profiles = quick ? 10_000 : 200_000;
  const klaviyo = new Klaviyo({ apiKey: KEY, baseUrl: base, rateLimit: false });
  let walked = 0;
  const bench = new Bench({ iterations: 1, time: 0, warmup: false });
  bench.add('for await growth', async () => {
    const start = heapMb();
    let peak = 0;
    walked = 0;
    for await (const profile of klaviyo.profiles.list({ pageSize: 100 })) {
      void profile;
      if (++walked % 10_000 === 0) peak = Math.max(peak, heapMb() - start);
      if (walked >= profiles) break;
    }
    return { overriddenDuration: Math.max(0, peak) };
  });
  await bench.run();
  const growth = figureOf(bench.tasks[0]!);
  return [
    {
      section: '4. Streaming memory',
      name: `for await over ${walked.toLocaleString('en-US')} profiles, pages of 100`,
      value: `heap +${show(growth, 'MB')} at most`,
      verdict: { target: '< 64 MB', pass: growth.median < 64 },
    },
  ];
}
