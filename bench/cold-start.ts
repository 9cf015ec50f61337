/**
 * Target 1: a fresh `node` process importing the package and constructing a client, against `klaviyo-api`'s
 * import (and construction) in the same kind of process; and the heap after each. The child measures from
 * just before `import()` to just after construction (node's own start-up is the same for both and left out);
 * tinybench repeats rounds of every variant's child, interleaved, and each figure is the median of its runs.
 *
 * Beside the target, and without a verdict: the same up to the end of a first call (one validated page of
 * 100 profiles from the bench server), since klaviyo-ts loads an operation's schemas, zod and ky on the first
 * call (and Node its fetch implementation, for both SDKs): what a serverless cold start pays in all.
 */
import { spawnSync } from 'node:child_process';
import { Bench } from 'tinybench';
import { figureOfValues, show, type Row } from './stats.js';

const KEY = 'pk_bench_0123456789abcdef0123456789';

/** What each child imports and constructs. */
const VARIANTS = {
  'klaviyo-ts (Klaviyo, every resource)': `const m = await import('klaviyo-ts'); new m.Klaviyo({ apiKey: '${KEY}' });`,
  'klaviyo-ts/core + klaviyo-ts/operations': `const [c] = await Promise.all([import('klaviyo-ts/core'), import('klaviyo-ts/operations')]); new c.KlaviyoCore({ apiKey: '${KEY}' });`,
  'klaviyo-api (ProfilesApi)': `const m = await import('klaviyo-api'); new m.ProfilesApi(new m.ApiKeySession('${KEY}'));`,
} as const;

/** The same, up to the end of a first `GET /api/profiles` page from the bench server at `BASE`. */
const FIRST_CALL = {
  'klaviyo-ts (Klaviyo), first call': `const m = await import('klaviyo-ts'); const k = new m.Klaviyo({ apiKey: '${KEY}', baseUrl: BASE, rateLimit: false }); const page = await k.profiles.list({ pageSize: 100 }); if (page.data.length !== 100) throw new Error('not a page');`,
  'klaviyo-api (ProfilesApi), first call': `const m = await import('klaviyo-api'); const api = new m.ProfilesApi(new m.ApiKeySession('${KEY}')); api.basePath = BASE; const { body } = await api.getProfiles({ pageSize: 100 }); if (body.data.length !== 100) throw new Error('not a page');`,
} as const;

function child(code: string, root: string): { ms: number; heapMb: number } {
  const script = `const t0 = performance.now(); ${code} const ms = performance.now() - t0; globalThis.gc(); console.log(JSON.stringify({ ms, heapMb: process.memoryUsage().heapUsed / 1048576 }));`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cold-start child failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { ms: number; heapMb: number };
}

export async function coldStart(root: string, quick: boolean, serverUrl: string): Promise<Row[]> {
  // Interleaved: each tinybench iteration is one round, every variant's child once, so that the machine's load,
  // which drifts (it is shared) by more than the difference being measured, weighs on every variant alike;
  // nine runs of one variant and then nine of the next left the ratio swinging by a tenth or more.
  const variants: [string, string][] = [
    ...Object.entries(VARIANTS),
    ...Object.entries(FIRST_CALL).map(([name, code]): [string, string] => [name, `const BASE = '${serverUrl}'; ${code}`]),
  ];
  const times = new Map(variants.map(([name]) => [name, [] as number[]]));
  const heaps = new Map(variants.map(([name]) => [name, [] as number[]]));
  const bench = new Bench({ iterations: quick ? 2 : 21, time: 0, warmup: false });
  bench.add('one round of every variant', () => {
    for (const [name, code] of variants) {
      const { ms, heapMb } = child(code, root);
      times.get(name)!.push(ms);
      heaps.get(name)!.push(heapMb);
    }
  });
  await bench.run();
  const figures = new Map([...times].map(([name, values]) => [name, figureOfValues(values)]));
  const api = figures.get('klaviyo-api (ProfilesApi)')!;
  const rows: Row[] = [];
  for (const [name, figure] of figures) {
    const row: Row = {
      section: '1. Cold start',
      name,
      value: `${show(figure, 'ms')}; heap ${show(figureOfValues(heaps.get(name)!), 'MB')}`,
    };
    if (!name.startsWith('klaviyo-api') && !name.endsWith('first call')) {
      const ratio = api.median / figure.median;
      row.verdict = { target: '≥ 10× faster than klaviyo-api', pass: ratio >= 10, ratio: `${ratio.toFixed(1)}×` };
    }
    rows.push(row);
  }
  const [ours, theirs] = Object.keys(FIRST_CALL).map((name) => figures.get(name)!.median);
  rows.push({
    section: '1. Cold start',
    name: 'first call: klaviyo-api / klaviyo-ts',
    value: `${(theirs! / ours!).toFixed(1)}× (no target)`,
  });
  return rows;
}
