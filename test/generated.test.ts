/**
 * The generated call surface (scripts/generate-api.ts) is up to date with the spec and the naming table,
 * and the naming table gives every in-scope operation exactly one method on the client.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES_DIR, SCHEMA_ENTRIES_DIR, renderApiFiles } from '../scripts/generate-api.js';
import { readInScopeOperations, readSpec } from '../scripts/generate-operations.js';
import { HAND_WRITTEN, METHODS } from '../scripts/method-names.js';
import * as operationFunctions from '../src/operations/index.js';
import { KlaviyoClient } from '../src/client-api.js';
import { Klaviyo } from '../src/index.js';

const klaviyo = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false });
const inScope = readInScopeOperations().map((o) => o.id);

const klaviyoClient = new KlaviyoClient({ companyId: 'AbC123', rateLimit: false });

/**
 * `flows.actions.update` → the function at `klaviyo.flows.actions.update`; `client.events.create` → the one at
 * `klaviyoClient.events.create` (the client API's own facade).
 */
function methodAt(path: string): unknown {
  const [facade, names] = path.startsWith('client.') ? [klaviyoClient, path.split('.').slice(1)] : [klaviyo, path.split('.')];
  return names.reduce<any>((target, name) => target?.[name], facade);
}

describe('the generated operation functions and resource classes', () => {
  it('are up to date with the spec and scripts/method-names.ts (run `npm run generate` if this fails)', () => {
    const files = renderApiFiles();
    for (const { file, content } of files) expect(readFileSync(file, 'utf8'), `${file} is stale`).toBe(content);
    for (const dir of [RESOURCES_DIR, SCHEMA_ENTRIES_DIR]) {
      const written = files.filter((f) => f.file.startsWith(dir + '/')).map((f) => f.file);
      expect(
        readdirSync(dir)
          .map((name) => join(dir, name))
          .sort(),
        `${dir} holds a file the generator no longer writes`,
      ).toEqual(written.sort());
    }
  });

  it('export one function per in-scope operation, named after its operation id in camelCase', () => {
    const expected = inScope.map((id) => id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())).sort();
    expect(Object.keys(operationFunctions).sort()).toEqual(expected);
    console.log(`operation functions: ${expected.length}/${inScope.length}`);
  });
});

describe('the naming table', () => {
  it('names a method for every in-scope operation', () => {
    for (const id of inScope) expect(METHODS[id], id).toBeDefined();
  });

  it('names every operation of the spec, and only those: 333 on Klaviyo, the client API’s 12 on KlaviyoClient', () => {
    const spec = readSpec();
    const all = Object.values<any>(spec.paths)
      .flatMap((item) => Object.values<any>(item))
      .filter((op) => op?.operationId);
    expect(Object.keys(METHODS).sort()).toEqual(all.map((op) => op.operationId as string).sort());
    const client = all.filter((op) => op.tags[0] === 'Client').map((op) => op.operationId as string);
    expect(
      Object.keys(METHODS)
        .filter((id) => METHODS[id]!.startsWith('client.'))
        .sort(),
    ).toEqual(client.sort());
    expect(all.length - client.length).toBe(333);
  });

  it('never gives two operations the same method', () => {
    const seen = new Map<string, string>();
    for (const [id, path] of Object.entries(METHODS)) {
      expect(seen.get(path), `${path} is named for both ${seen.get(path)} and ${id}`).toBeUndefined();
      seen.set(path, id);
    }
  });

  it.each(Object.entries(METHODS).filter(([id]) => inScope.includes(id)))('%s is a method: %s', (id, path) => {
    expect(methodAt(path), `${path} (for ${id})`).toBeTypeOf('function');
  });

  it('lists as hand-written only operations of the table', () => {
    for (const id of HAND_WRITTEN) expect(METHODS[id], id).toBeDefined();
  });
});
