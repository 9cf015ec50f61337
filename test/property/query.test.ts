/**
 * Property: every typed query option of every operation — filter, sort, include, fields, additionalFields,
 * pageSize, pageCursor — reaches the request URL so that `URLSearchParams` reads back exactly what was given
 * (the filter as the text the SDK wrote for it), through the real transport.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callOperation } from '../../src/core/operation.js';
import { operations, type OperationId } from '../../src/core/operations.js';
import { serializeFilter, type FilterConditions } from '../../src/core/query.js';
import { Klaviyo } from '../../src/index.js';
import { isWellFormed } from './well-formed.js';

type Spec = {
  query: readonly string[];
  params?: Record<string, { required: boolean; enum?: readonly string[] }>;
  filter?: Record<string, readonly string[]>;
  datetime?: readonly string[];
  filterRequired?: boolean;
  sort?: readonly string[];
  include?: readonly string[];
  fields?: Record<string, readonly string[]>;
  additionalFields?: Record<string, readonly string[]>;
  pageSize?: { min: number; max: number };
};
const withQuery = (Object.keys(operations) as OperationId[]).filter((id) => operations[id].query.length > 0);

let lastUrl: URL | undefined;
const klaviyo = new Klaviyo({
  apiKey: 'pk_test_0123456789abcdef',
  rateLimit: false,
  maxRetries: 0,
  responseValidation: 'off',
  fetch: async (input: string | URL | Request) => {
    lastUrl = new URL(input instanceof Request ? input.url : String(input));
    return new Response(JSON.stringify({ data: [], links: {} }), {
      status: 200,
      headers: { 'content-type': 'application/vnd.api+json' },
    });
  },
});

/** Names as they may be written: arbitrary unicode, but no comma (lists are sent comma-joined) and not blank. */
const name = fc.string({ unit: 'binary', minLength: 1 }).filter((s) => isWellFormed(s) && !s.includes(',') && s.trim() !== '');
const text = fc.string({ unit: 'binary', minLength: 1 }).filter((s) => isWellFormed(s) && s.trim() !== '');

/** Options for `id` drawn from what its table allows, each present or not. */
function options(id: OperationId) {
  const spec = operations[id] as Spec;
  const families = (prefix: string) => spec.query.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length, -1));
  const maybe = <T>(present: boolean, arbitrary: fc.Arbitrary<T>) =>
    present ? fc.option(arbitrary, { nil: undefined }) : fc.constant(undefined);
  const firstField = spec.filter
    ? Object.entries(spec.filter).find(([f, ops]) => ops.includes('equals') && !spec.datetime?.includes(f))
    : undefined;
  const filter = fc.oneof(text, ...(firstField ? [text.map((value) => ({ [firstField[0]]: { equals: value } }))] : []));
  // Attribute names the spec lists for the type (any name, where it lists none).
  const byType = (family: 'fields' | 'additionalFields', types: string[], minLength: number) =>
    fc.record(
      Object.fromEntries(
        types.map((t) => {
          const listed = spec[family]?.[t];
          return [t, fc.array(listed ? fc.constantFrom(...listed) : name, { minLength, maxLength: 3 })];
        }),
      ),
      { requiredKeys: [] },
    );
  return fc
    .record(
      {
        filter: maybe(!!spec.filter, filter),
        sort: maybe(!!spec.sort, fc.constantFrom(...(spec.sort ?? ['-']))),
        include: maybe(!!spec.include, fc.subarray([...(spec.include ?? [])])),
        fields: maybe(families('fields[').length > 0, byType('fields', families('fields['), 1)),
        additionalFields: maybe(
          families('additional-fields[').length > 0,
          byType('additionalFields', families('additional-fields['), 0),
        ),
        pageSize: maybe(!!spec.pageSize, fc.integer({ min: spec.pageSize?.min ?? 1, max: spec.pageSize?.max ?? 1 })),
        pageCursor: maybe(spec.query.includes('page[cursor]'), text),
        // The operation's own parameters (`groupBy`, `timeframe`…): a listed value, or any text.
        ...Object.fromEntries(
          Object.entries(spec.params ?? {}).map(([option, p]) => [
            option,
            p.required ? (p.enum ? fc.constantFrom(...p.enum) : text) : maybe(true, p.enum ? fc.constantFrom(...p.enum) : text),
          ]),
        ),
      },
      { requiredKeys: Object.entries(spec.params ?? {}).flatMap(([option, p]) => (p.required ? [option] : [])) as never[] },
    )
    .chain((o) => (spec.filterRequired && o.filter === undefined ? filter.map((f) => ({ ...o, filter: f })) : fc.constant(o)))
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

/** What the options mean on the wire: the filter as its text, lists left out when empty. */
function wire(id: OperationId, options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'filter')
      out[key] = typeof value === 'string' ? value : serializeFilter(id, value as FilterConditions<typeof id>);
    else if (key === 'include') (value as string[]).length && (out[key] = value);
    else if (key === 'fields' || key === 'additionalFields') {
      const kept = Object.entries(value as Record<string, string[]>).filter(([, names]) => names.length);
      if (kept.length) out[key] = Object.fromEntries(kept);
    } else out[key] = value;
  }
  return out;
}

/** The typed options `URLSearchParams` reads from a request URL. */
function readBack(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const [key, value] of params) {
    const family = /^(fields|additional-fields)\[(.+)\]$/.exec(key);
    if (family) (out[family[1] === 'fields' ? 'fields' : 'additionalFields'] ??= {})[family[2]!] = value.split(',');
    else if (key === 'include') out['include'] = value.split(',');
    else if (key === 'page[size]') out['pageSize'] = Number(value);
    else if (key === 'page[cursor]') out['pageCursor'] = value;
    else out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}

describe('query options round-trip through the request URL', () => {
  it.each(withQuery)('%s', async (id) => {
    const path = Object.fromEntries([...operations[id].path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, 'abc123']));
    await fc.assert(
      fc.asyncProperty(options(id), async (opts) => {
        lastUrl = undefined;
        await callOperation(klaviyo, id, { path, query: opts as never });
        expect(readBack(lastUrl!.searchParams)).toEqual(wire(id, opts));
      }),
      { numRuns: 25 },
    );
  });
});
