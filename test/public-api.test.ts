/**
 * Every name the package exports is shown to users somewhere: in a README example or prose, or in a test
 * that uses it. A new export without either fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const entries = ['src/index.ts', 'src/core.ts', 'src/testing/index.ts', 'src/client-api.ts'];

/** The names an entry file exports (`export { a, type B } from …`, `export * as ns`, `export const x`). */
function exportedNames(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const [, list] of text.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const part of list!.split(',')) {
      const name = part
        .trim()
        .replace(/^type /, '')
        .split(/\s+as\s+/)
        .at(-1)!
        .trim();
      if (name) names.add(name);
    }
  }
  for (const [, name] of text.matchAll(/export (?:const|function|class|type|interface) (\w+)/g)) names.add(name!);
  for (const [, name] of text.matchAll(/export \* as (\w+)/g)) names.add(name!);
  return [...names];
}

const readme = readFileSync('README.md', 'utf8');
const tests = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('public-api.test.ts'))
  .map((file) => readFileSync(`test/${file}`, 'utf8'))
  .join('\n');

describe('the public API', () => {
  it.each(entries.flatMap((entry) => exportedNames(entry).map((name) => [entry, name] as const)))(
    '%s: %s appears in the README or a test',
    (_, name) => {
      const word = new RegExp(`\\b${name}\\b`);
      expect(word.test(readme) || word.test(tests), `${name} is in neither README.md nor test/`).toBe(true);
    },
  );
});
