/**
 * The response and request-body schemas' objects are parsed by zod's compiled parser (`looseObject` and
 * `strictObject` in src/schemas/runtime.ts), which must agree with the interpreted one zod/mini uses, and which
 * zod falls back to where code generation is refused (Cloudflare Workers, a strict Content-Security-Policy):
 * the same output and the same issues.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestBodySchemaFor, responseSchemaFor } from '../../src/schemas/index.js';
import { buildEventsBulkCreateJob } from '../../src/schemas/generated/requests/events.js';
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
 * without `data` (both refused), then with its primary data's `type` a number and with a member no schema
 * lists (`typo`) beside its `type` (refused where a resource has a type, and where objects are strict).
 */
function documentsFor(component: string): unknown[] {
  const valid = sample(component) as { data?: unknown };
  const { data: _data, ...withoutData } = valid;
  const [wrongType, unknownMember] = [clone(valid), clone(valid)];
  const primaryOf = (doc: { data?: unknown }) => (Array.isArray(doc.data) ? doc.data[0] : doc.data) as unknown;
  const primary = primaryOf(wrongType);
  if (primary && typeof primary === 'object') (primary as { type?: unknown }).type = 5;
  const other = primaryOf(unknownMember);
  if (other && typeof other === 'object') (other as { typo?: unknown }).typo = 'x';
  return [valid, { ...valid, data: 42 }, withoutData, wrongType, unknownMember];
}

/** Each document's outcome with the compiled parser and with the interpreted one. */
function bothOutcomes(schema: Parseable, component: string) {
  return documentsFor(component).map((doc) => [outcome(schema, doc, false), outcome(schema, doc, true)] as const);
}

/** Counts the functions zod compiles while `run` runs. */
function compilations(run: () => void): number {
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
  run();
  vi.unstubAllGlobals();
  return compiled;
}

describe('schemas parse with zod’s compiled object parser', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('compile their objects on the first parse (the compiled parser is the one that runs)', () => {
    const page = buildGetProfileResponsePluralConversationsCollectionCompoundDocument();
    const body = buildEventsBulkCreateJob();
    for (const schema of [page, body]) expect(schema._zod.traits.has('$ZodObjectJIT')).toBe(true);
    const parsed = { page: false, body: false };
    const count = compilations(() => {
      parsed.page = page.safeParse(sample('GetProfileResponsePluralConversationsCollectionCompoundDocument')).success;
      parsed.body = body.safeParse(sample('EventsBulkCreateJob')).success;
    });
    expect(parsed).toEqual({ page: true, body: true });
    expect(count).toBeGreaterThan(1);
  });

  it.each(operations.filter((o) => o.response).map((o) => [o.id, o.response!] as const))(
    'response of %s: the same output and issues as the interpreted parser',
    (id, component) => {
      const outcomes = bothOutcomes(responseSchemaFor(id) as unknown as Parseable, component);
      for (const [compiled, interpreted] of outcomes) expect(compiled).toEqual(interpreted);
      expect(outcomes.slice(0, 3).map(([compiled]) => compiled.success)).toEqual([true, false, false]);
    },
  );

  it.each(operations.filter((o) => o.request).map((o) => [o.id, o.request!] as const))(
    'request body of %s: the same output and issues as the interpreted parser',
    (id, component) => {
      const outcomes = bothOutcomes(requestBodySchemaFor(id) as unknown as Parseable, component);
      for (const [compiled, interpreted] of outcomes) expect(compiled).toEqual(interpreted);
      expect(outcomes.slice(1, 3).map(([compiled]) => compiled.success)).toEqual([false, false]);
    },
  );
});
