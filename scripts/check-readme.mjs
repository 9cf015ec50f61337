// Type-checks every ```ts block of README.md against the sources, so the examples users copy compile.
// Each block becomes a module of its own (the source of `.readme-check/`, which is not committed).
import { execFileSync } from 'node:child_process';
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
writeFileSync(
  '.readme-check/tsconfig.json',
  JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { baseUrl: '..' }, include: ['*.ts'] }),
);
execFileSync('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.readme-check'], { stdio: 'inherit' });
console.log(`README: ${blocks.length} TypeScript examples type-check`);
