/**
 * The response schemas' objects are parsed by zod's compiled parser (`looseObject` in src/schemas/runtime.ts),
 * which must agree with the interpreted one zod/mini uses, and which zod falls back to where code generation is
 * refused (Cloudflare Workers, a strict Content-Security-Policy): the same output and the same issues.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { responseSchemaFor } from '../../src/schemas/index.js';
import { buildGetProfileResponsePluralConversationsCollectionCompoundDocument } from '../../src/schemas/generated/responses/profiles.js';
import { clone, operations, sample } from './spec-tools.js';

type Parseable = {
  safeParse(value: unknown, params?: { jitless?: boolean }): { success: boolean; data?: unknown; error?: unknown };
};

/** The parse result as plain data: success, output and issues (path, code, message). */
function outcome(schema: Parseable, value: unknown, jitless: boolean) {
  const result = schema.safeParse(clone(value), { jitless });
  const issues = (result.error as { issues?: { path: unknown; code: unknown; message: unknown }[] } | undefined)?.issues;
  return {
    success: result.success,
    data: result.data,
    issues: issues?.map(({ path, code, message }) => ({ path, code, message })),
  };
}

/**
 * Documents to judge with an operation's schema: its spec sample, then the sample with `data` a number and
 * without `data` (both refused), then with its primary data's `type` a number (refused where a resource has one).
 */
function documentsFor(component: string): unknown[] {
  const valid = sample(component) as { data?: unknown };
  const { data: _data, ...withoutData } = valid;
  const wrongType = clone(valid);
  const primary = Array.isArray(wrongType.data) ? wrongType.data[0] : wrongType.data;
  if (primary && typeof primary === 'object') (primary as { type?: unknown }).type = 5;
  return [valid, { ...valid, data: 42 }, withoutData, wrongType];
}

describe('response schemas parse with zod’s compiled object parser', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('compile their objects on the first parse (the compiled parser is the one that runs)', () => {
    let compiled = 0;
    vi.stubGlobal(
      'Function',
      new Proxy(Function, {
        construct(target, args: string[]) {
          compiled++;
          return Reflect.construct(target, args);
        },
      }),
    );
    const schema = buildGetProfileResponsePluralConversationsCollectionCompoundDocument();
    const page = sample('GetProfileResponsePluralConversationsCollectionCompoundDocument');
    expect(schema._zod.traits.has('$ZodObjectJIT')).toBe(true);
    expect(schema.safeParse(page).success).toBe(true);
    expect(compiled).toBeGreaterThan(0);
  });

  it.each(operations.filter((o) => o.response).map((o) => [o.id, o.response!] as const))(
    '%s: the same output and issues as the interpreted parser',
    (id, component) => {
      const schema = responseSchemaFor(id) as unknown as Parseable;
      const outcomes = documentsFor(component).map((doc) => [outcome(schema, doc, false), outcome(schema, doc, true)]);
      for (const [compiled, interpreted] of outcomes) expect(compiled).toEqual(interpreted);
      expect(outcomes.slice(0, 3).map(([compiled]) => compiled!.success)).toEqual([true, false, false]);
    },
  );
});
