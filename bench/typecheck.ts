/**
 * Target 7: a small consumer project that imports the client and calls three methods, type-checked with
 * `tsc --noEmit` with and without `skipLibCheck`, against the same project written for klaviyo-api; and
 * the size of the published `.d.ts` files. Uses the package as published (dist/, with declarations).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { figureOf, kb, show, type Figure, type Row } from './stats.js';

const PROJECTS = {
  'klaviyo-ts': `import { Klaviyo } from 'klaviyo-ts';
const klaviyo = new Klaviyo({ apiKey: 'pk_example' });
export async function main(): Promise<string | null | undefined> {
  const page = await klaviyo.profiles.list({ pageSize: 10 });
  const profile = await klaviyo.profiles.get(page.data[0]!.id);
  await klaviyo.events.create({ metric: 'Viewed Product', profile: { email: 'a@example.com' } });
  return profile.data.attributes.email;
}
`,
  'klaviyo-api': `import { ApiKeySession, EventEnum, EventsApi, MetricEnum, ProfileEnum, ProfilesApi } from 'klaviyo-api';
const session = new ApiKeySession('pk_example');
const profiles = new ProfilesApi(session);
const events = new EventsApi(session);
export async function main(): Promise<string | null | undefined> {
  const page = await profiles.getProfiles({ pageSize: 10 });
  const profile = await profiles.getProfile(page.body.data[0]!.id!);
  await events.createEvent({
    data: {
      type: EventEnum.Event,
      attributes: {
        properties: {},
        metric: { data: { type: MetricEnum.Metric, attributes: { name: 'Viewed Product' } } },
        profile: { data: { type: ProfileEnum.Profile, attributes: { email: 'a@example.com' } } },
      },
    },
  });
  return profile.body.data.attributes.email;
}
`,
} as const;

function project(root: string, sdk: keyof typeof PROJECTS, skipLibCheck: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), `klaviyo-ts-typecheck-${sdk}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(sdk === 'klaviyo-ts' ? root : join(root, 'node_modules/klaviyo-api'), join(dir, 'node_modules', sdk));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(join(dir, 'index.ts'), PROJECTS[sdk]);
  const compilerOptions = {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    noEmit: true,
    skipLibCheck,
    types: [],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
  return dir;
}

export async function typecheck(root: string, quick: boolean): Promise<Row[]> {
  const section = '7. Type-check cost';
  if (!existsSync(join(root, 'dist/index.d.ts'))) {
    return [{ section, name: 'tsc --noEmit on a consumer project', value: 'skipped: no dist/index.d.ts (run npm run build)' }];
  }
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const bench = new Bench({ iterations: quick ? 1 : 5, time: 0, warmup: false });
  const dirs: string[] = [];
  // --quick checks with skipLibCheck only: two tsc runs prove the harness, four would slow npm test.
  const modes = quick ? [true] : [false, true];
  for (const skipLibCheck of modes) {
    for (const sdk of ['klaviyo-ts', 'klaviyo-api'] as const) {
      const dir = project(root, sdk, skipLibCheck);
      dirs.push(dir);
      bench.add(`${sdk}|${skipLibCheck}`, () => {
        const started = performance.now();
        const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`tsc failed for the ${sdk} project:\n${run.stdout}${run.stderr}`);
        return { overriddenDuration: performance.now() - started };
      });
    }
  }
  try {
    await bench.run();
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  const figures = new Map<string, Figure>(bench.tasks.map((task) => [task.name, figureOf(task)]));
  const rows: Row[] = [];
  for (const skipLibCheck of modes) {
    const ts = figures.get(`klaviyo-ts|${skipLibCheck}`)!;
    const api = figures.get(`klaviyo-api|${skipLibCheck}`)!;
    const flag = skipLibCheck ? 'with skipLibCheck' : 'without skipLibCheck';
    rows.push({ section, name: `klaviyo-api project, ${flag}`, value: show(api, 'ms', 0) });
    rows.push({
      section,
      name: `klaviyo-ts project, ${flag}`,
      value: show(ts, 'ms', 0),
      verdict: { target: '≤ klaviyo-api', pass: ts.median <= api.median, ratio: `${(ts.median / api.median).toFixed(2)}×` },
    });
  }
  const dts = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.d.ts'));
  const size = dts.reduce((sum, f) => sum + statSync(join(root, 'dist', f)).size, 0);
  rows.push({
    section,
    name: 'published .d.ts (ESM; the .d.cts twins are the same)',
    value: `${kb(size)} in ${dts.length} files`,
  });
  return rows;
}
