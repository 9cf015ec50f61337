/**
 * Target 5: the steady limit used against fixed windows at a random offset (burst 10 / 100 ms, steady
 * 50 / 1 s: Klaviyo's windows compressed 60×, as test/rate-limit does), firing 550 calls at once through
 * the whole client; klaviyo-ts with its limiter, and klaviyo-api with the same workload (it retries 429s
 * itself). Share = requests the server accepted over 11 windows / (11 × 50). tinybench repeats each run.
 */
import { setMaxListeners } from 'node:events';
import { ApiKeySession, ProfilesApi } from 'klaviyo-api';
import { Klaviyo } from 'klaviyo-ts';
import { Bench } from 'tinybench';
import { startFixedWindowServer } from '../test/rate-limit/fixed-window-server.js';
import { BURST, BURST_MS, compressed, shareOfSteady, STEADY, STEADY_MS } from '../test/rate-limit/measure.js';
import { figureOf, figureOfValues, show, type Row } from './stats.js';

let keys = 0;

async function run(sdk: 'klaviyo-ts' | 'klaviyo-api', windows: number): Promise<{ share: number; refused: number }> {
  const server = await startFixedWindowServer({
    burst: BURST,
    steady: STEADY,
    burstWindowMs: BURST_MS,
    steadyWindowMs: STEADY_MS,
  });
  const base = server.url.replace(/\/api\/profiles$/, '');
  const key = `pk_bench_rate_limit_${++keys}_${Date.now()}`;
  const calls = windows * STEADY;
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one signal for every call, as a caller stopping a batch would do
  const start = Date.now();
  const deadline = setTimeout(() => stop.abort(), windows * STEADY_MS);
  try {
    if (sdk === 'klaviyo-ts') {
      const klaviyo = new Klaviyo({ apiKey: key, baseUrl: base, rateLimit: compressed, responseValidation: 'off' });
      await Promise.allSettled(Array.from({ length: calls }, () => klaviyo.profiles.list({}, { signal: stop.signal })));
    } else {
      const api = new ProfilesApi(new ApiKeySession(key));
      api.basePath = base;
      // klaviyo-api cannot be aborted: its calls past the deadline are not counted, and closing the server ends them.
      const all = Promise.allSettled(Array.from({ length: calls }, () => api.getProfiles()));
      await Promise.race([all, new Promise((resolve) => stop.signal.addEventListener('abort', resolve))]);
    }
  } finally {
    clearTimeout(deadline);
  }
  const stopAt = start + windows * STEADY_MS;
  const share = shareOfSteady(server.acceptedAt, start, stopAt, STEADY, STEADY_MS);
  const refused = server.rejectedAt.filter((t) => t <= stopAt).length;
  await server.close();
  return { share, refused };
}

export async function rateLimitEfficiency(quick: boolean): Promise<Row[]> {
  const windows = quick ? 2 : 11;
  const bench = new Bench({ iterations: quick ? 1 : 4, time: 0, warmup: false });
  const refused = new Map<string, number[]>();
  for (const sdk of ['klaviyo-ts', 'klaviyo-api'] as const) {
    refused.set(sdk, []);
    bench.add(sdk, async () => {
      const result = await run(sdk, windows);
      refused.get(sdk)!.push(result.refused);
      return { overriddenDuration: result.share * 100 };
    });
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const share = figureOf(task);
    const count = figureOfValues(refused.get(task.name)!);
    return {
      section: '5. Rate-limit efficiency',
      name: `${task.name}, ${windows * STEADY} calls at once, ${windows} steady windows`,
      value: `${show(share, '% of the steady limit')}, 429s ${show(count, '', 0)}`,
      verdict: { target: '≥ 97%, zero 429s', pass: share.median >= 97 && count.max === 0 },
    };
  });
}
