// Checks the package as users get it: the packed tarball passes publint and "are the types wrong",
// both module formats load, and no ky or p-retry import or type leaks out of the bundle.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('npx', ['--no-install', 'publint', '--strict']);
run('npx', ['--no-install', 'attw', '--pack', '.']);

const failures = [];
const entries = readdirSync('dist').filter((f) => /^(index|core|operations|testing)\.(c?js|d\.c?ts)$/.test(f));
for (const file of entries) {
  const text = readFileSync(`dist/${file}`, 'utf8');
  if (/(from\s+|require\()\s*["'](ky|p-retry)["']/.test(text)) failures.push(`dist/${file} imports ky or p-retry at run time`);
  if (file.includes('.d.') && /\b(KyInstance|HTTPError|KyResponse|pRetry|RetryContext)\b/.test(text)) {
    failures.push(`dist/${file} exposes a ky or p-retry type`);
  }
}

const require = createRequire(import.meta.url);
for (const [entry, name] of [
  ['index', 'Klaviyo'],
  ['core', 'KlaviyoCore'],
  ['operations', 'getProfiles'],
  ['testing', 'startMockServer'],
]) {
  const cjs = require(`../dist/${entry}.cjs`);
  const esm = await import(`../dist/${entry}.js`);
  for (const [format, mod] of [
    ['cjs', cjs],
    ['esm', esm],
  ]) {
    if (typeof mod[name] !== 'function') failures.push(`${format} build of ${entry} has no ${name}`);
  }
  if (Object.keys(cjs).sort().join() !== Object.keys(esm).sort().join())
    failures.push(`cjs and esm builds of ${entry} export different names`);
}

if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`package checks passed (${entries.length} entry files checked)`);
