/**
 * `npm run bench`: what klaviyo-ts costs, against Klaviyo's official `klaviyo-api` and a bare `fetch`,
 * measured in the same run on the same machine, printed as PASS/FAIL beside each ratio (targets: issue 10,
 * recorded in BENCHMARKS.md). Every figure is tinybench's median over several runs, with min–max.
 *
 *   npm run bench                      every section, full size (several minutes)
 *   npm run bench -- --quick           every section at a small size: proves the harness works, asserts nothing
 *   npm run bench -- --only=3,5        some sections
 *
 * Runs with `--expose-gc` (see package.json) so heap readings follow a full collection. Exits 0 whatever
 * the verdicts: benchmarks are not tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bulk } from './bulk.js';
import { bundleSizes } from './bundle.js';
import { coldStart } from './cold-start.js';
import { perRequest } from './per-request.js';
import { rateLimitEfficiency } from './rate-limit.js';
import type { Row } from './stats.js';
import { streaming } from './streaming.js';
import { typecheck } from './typecheck.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').map(Number)) : undefined;
const wanted = (n: number) => !only || only.has(n);

if (!globalThis.gc) throw new Error('run with node --expose-gc (npm run bench does)');

/** Builds dist/'s JavaScript when missing or older than src/ (cold start imports the package as published). */
async function ensureBuilt(): Promise<void> {
  const built = join(root, 'dist/index.js');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const path = join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(root, 'src'))) return;
  console.log('dist/ is missing or older than src/: building its JavaScript');
  const { build } = await import('tsup');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    await build({ dts: false, silent: true });
  } finally {
    process.chdir(cwd);
  }
}

/** Starts bench/server.ts in its own process; resolves to its base URL. */
async function startServer(pages: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/server.ts')], {
    cwd: root,
    env: { ...process.env, BENCH_PAGES: String(pages) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { url, child };
}

function print(rows: Row[]): void {
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      console.log(`\n${section}`);
    }
    const verdict = row.verdict
      ? `  ${row.verdict.pass ? 'PASS' : 'FAIL'} ${row.verdict.ratio ?? ''} (target ${row.verdict.target})`
      : '';
    console.log(`  ${row.name}: ${row.value}${verdict}`);
  }
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `klaviyo-ts benchmarks${quick ? ' (--quick: small sizes, figures not meaningful)' : ''}: ` +
      `Node ${process.versions.node}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${new Date().toISOString()}`,
  );
  await ensureBuilt();
  const rows: Row[] = [];
  const section = async (n: number, run: () => Promise<Row[]>) => {
    if (!wanted(n)) return;
    const section = await run();
    print(section);
    rows.push(...section);
  };
  const server = wanted(1) || wanted(3) || wanted(4) || wanted(6) ? await startServer(quick ? 100 : 2_000) : undefined;
  try {
    await section(1, () => coldStart(root, quick, server!.url));
    await section(2, () => bundleSizes(root));
    await section(3, () => perRequest(server!.url, quick));
    await section(4, () => streaming(server!.url, quick));
    await section(6, () => bulk(server!.url, quick));
  } finally {
    server?.child.kill('SIGTERM');
  }
  await section(5, () => rateLimitEfficiency(quick));
  await section(7, () => typecheck(root, quick));
  const verdicts = rows.filter((r) => r.verdict);
  const passed = verdicts.filter((r) => r.verdict!.pass).length;
  console.log(`\n${passed} of ${verdicts.length} targets met${quick ? ' (quick run: sizes too small to judge)' : ''}`);
}

await main();
