/**
 * A bundler keeps only the schemas an app uses: importing the generated namespace and naming one component
 * (`responses.X`, as each operation function does) brings X and what it reaches, and drops the rest, even
 * from the files it keeps: every component is a `/* @__PURE__ *\/ lazySchema(buildX)` and a builder function,
 * which a bundler may drop when nothing names them.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readOperationSchemas } from '../../scripts/generate-schemas.js';
import { reachableComponents, spec } from './spec-tools.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The generated components (lazy schemas, builders) left in a bundle of `source`, by name. */
async function bundled(source: string) {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    external: ['zod'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return {
    lazy: new Set([...code.matchAll(/var (\w+) = \/\* @__PURE__ \*\/ lazySchema\(/g)].map((m) => m[1]!)),
    builders: new Set([...code.matchAll(/var build(\w+) = /g)].map((m) => m[1]!)),
  };
}

/** The members of `a` that `b` lacks. */
const notIn = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));

describe('a bundle', () => {
  it.each([
    ['responses', readOperationSchemas(spec).find((o) => o.id === 'get_profiles')!.response!],
    ['requests', readOperationSchemas(spec).find((o) => o.id === 'create_campaign')!.request!],
  ])('naming one component of the %s namespace keeps only that component and what it reaches (%s)', async (dir, component) => {
    const { lazy, builders } = await bundled(
      `import * as ${dir} from './src/schemas/generated/${dir}/index.js';\nexport const schema = () => ${dir}.${component}();\n`,
    );
    const reached = reachableComponents(component);
    expect(lazy.has(component)).toBe(true);
    expect(notIn(lazy, reached)).toEqual([]);
    expect(notIn(builders, reached)).toEqual([]);
    expect(reached.size).toBeLessThan(Object.keys(spec.components.schemas).length / 4);
  });
});
