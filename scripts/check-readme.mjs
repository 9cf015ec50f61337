// Type-checks every ```ts block of README.md against the sources, so the examples users copy compile — under
// the strictest settings users turn on (`strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`),
// once with `node16` and once with `bundler` module resolution. Each block becomes a module of its own (the
// source of `.readme-check/`, which is not committed). The type tests in test/types/, written as user code,
// are checked the same way. Only errors in these files count: the sources are compiled with the project's
// own settings (`npx tsc --noEmit`), and users see their declarations only.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const readme = readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
// Names blocks use without defining them: your data, and ids from earlier steps.
const givens = `import type { Klaviyo as GivenClient, BulkImportProfile as GivenProfile, EventInput as GivenEvent } from 'klaviyo-ts';
declare const klaviyo: GivenClient;
declare const profileIds: string[];
declare const ids: string[];
declare const customers: GivenProfile[];
declare const orders: { id: string }[];
declare function toEvent(order: { id: string }): GivenEvent;
declare const placedOrder: { id: string };
`;
rmSync('.readme-check', { recursive: true, force: true });
mkdirSync('.readme-check', { recursive: true });
blocks.forEach((block, i) => {
  const lines = block.split('\n');
  const imports = lines.filter((line) => /^import /.test(line));
  const body = lines.filter((line) => !/^import /.test(line)).join('\n');
  // Each block is a module of its own, its statements the body of an async function.
  writeFileSync(
    `.readme-check/block-${i}.ts`,
    `${imports.join('\n')}\n${givens}\nexport async function block${i}() {\n${body}\n}\n`,
  );
});

const strictest = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
const resolutions = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
};
// Both resolutions at once: each tsc is a process of its own.
const results = await Promise.all(
  Object.entries(resolutions).map(async ([name, resolution]) => {
    const config = `.readme-check/tsconfig.${name}.json`;
    writeFileSync(
      config,
      JSON.stringify({
        extends: '../tsconfig.json',
        compilerOptions: { baseUrl: '..', ...strictest, ...resolution },
        include: ['*.ts', '../test/types/*.ts'],
      }),
    );
    const output = await tsc(['--noEmit', '--pretty', 'false', '-p', config]);
    // A diagnostic starts at the beginning of a line with its file; continuation lines are indented.
    const diagnostics = output.split(/\n(?=\S)/).filter((d) => d.trim() !== '');
    const counted = diagnostics.filter(
      (d) => d.startsWith('.readme-check/') || d.startsWith('test/types/') || !/^[^\s(]+\.tsx?\(\d+,\d+\): /.test(d),
    );
    return counted.map((d) => `[${name}] ${d}`);
  }),
);
const errors = results.flat();
if (errors.length > 0) {
  console.error(errors.join('\n'));
  console.error('README: TypeScript examples fail to type-check (block N is .readme-check/block-N.ts)');
  process.exit(1);
}
console.log(
  `README: ${blocks.length} TypeScript examples and test/types type-check (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess; node16 and bundler resolution)`,
);

/** Runs the project's tsc; resolves to what it printed (it exits non-zero on any error, counted or not). */
function tsc(args) {
  return new Promise((resolve, reject) => {
    execFile('npx', ['--no-install', 'tsc', ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve(`${stdout}${stderr}`);
    });
  });
}
