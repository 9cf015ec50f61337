/**
 * Where a request's CPU goes: `npx tsx bench/profile.ts [get|post|bulk|import] [limiter-on|limiter-off] [concurrency]`
 * runs the workload (`concurrency` calls at once, default 1: bench/per-request.ts measures 1 and 32) in a child
 * `node --cpu-prof` (the package as built in dist/, against bench/server.ts in its own process), then prints the functions with the most self time, grouped by package or source file, from the
 * `.cpuprofile` it wrote (kept in $TMPDIR for Chrome DevTools / speedscope). The findings are in
 * BENCHMARKS.md ("Where the time goes").
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [what = 'get', limiter = 'limiter-on', concurrencyArg = '1'] = process.argv.slice(2);
const concurrency = Math.max(1, Math.floor(Number(concurrencyArg)) || 1);
const REQUESTS = 2_000;

/** The child's workload: `REQUESTS` calls (bulk: a hundredth), `concurrency` at a time, after a tenth as many to warm up. */
function workload(base: string): string {
  const key = 'pk_bench_0123456789abcdef0123456789';
  const rateLimit =
    limiter === 'limiter-off'
      ? 'false'
      : '{ limits: { get_profiles: { burst: 1e6, steady: 1e7 }, create_event: { burst: 1e6, steady: 1e7 }, bulk_create_events: { burst: 1e6, steady: 1e7 } } }';
  if (what === 'import') return `const { Klaviyo } = await import('klaviyo-ts'); new Klaviyo({ apiKey: '${key}' });`;
  // bulk: 1,000 events per call (one job), as bench/bulk.ts sends them; 1/100 as many calls.
  const call =
    what === 'post'
      ? `klaviyo.events.create({ metric: 'Viewed Product', profile: { email: 'a' + i + '@example.com' }, properties: { sku: 'SKU-' + i } })`
      : what === 'bulk'
        ? `klaviyo.events.bulkCreate(Array.from({ length: 1000 }, (_, n) => ({ metric: 'Placed Order', profile: { email: 'c' + (n % 500) + '@example.com' }, properties: { OrderId: 'order-' + n, Items: [{ sku: 'SKU-' + (n % 97), quantity: 1 + (n % 3) }] }, value: 20 + (n % 7), uniqueId: 'order-' + i + '-' + n })))`
        : `klaviyo.profiles.list({ pageSize: 100 })`;
  const calls = what === 'bulk' ? REQUESTS / 100 : REQUESTS;
  // Each worker takes the next number until `count` calls were made, as bench/per-request.ts's batches do.
  return `
    const { Klaviyo } = await import('klaviyo-ts');
    const klaviyo = new Klaviyo({ apiKey: '${key}', baseUrl: '${base}', rateLimit: ${rateLimit} });
    const run = async (count) => {
      let i = 0;
      const worker = async () => { while (i < count) { i++; await ${call}; } };
      await Promise.all(Array.from({ length: ${concurrency} }, worker));
    };
    await run(${calls / 10});
    await run(${calls});`;
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

function summarize(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; startTime: number; endTime: number };
  const total = profile.nodes.reduce((sum, n) => sum + n.hitCount, 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url);
    const name = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.hitCount);
    byPlace.set(place, (byPlace.get(place) ?? 0) + node.hitCount);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, hits]) => `  ${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  console.log(`Self time by package or file (${total} samples):\n${top(byPlace, 15)}\n\nBy function:\n${top(byFunction, 30)}`);
}

/** `zod`, `ky`, `dist/chunk-…js`, `node:internal/…` or `(native)`: where a function lives. */
function placeOf(url: string): string {
  if (!url) return '(native / garbage collector / idle)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(`file://${root}/`, '');
}

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/server.ts')], {
  cwd: root,
  env: { ...process.env, BENCH_PAGES: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise<string>((resolve) =>
  server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
);
try {
  const dir = mkdtempSync(join(tmpdir(), `klaviyo-ts-cpu-${what}-`));
  // Evaluated in the repository, so `import('klaviyo-ts')` resolves to the package itself (dist/).
  const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--input-type=module', '-e', workload(base)];
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('the profiled workload failed');
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  console.log(`${what}, ${limiter}, ${concurrency} at once: ${join(dir, file)}`);
  summarize(join(dir, file));
} finally {
  server.kill('SIGTERM');
}
