/**
 * Property: whatever values a filter holds — any unicode text (quotes, backslashes, commas, parentheses,
 * newlines), numbers, booleans, null, dates and lists — the SDK's filter reads back, by the mock's parser of
 * Klaviyo's grammar (src/testing/filter.ts), as exactly the conditions it was given: no value can add a
 * condition or change one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDatetime } from '../../src/core/datetime.js';
import { operations, type OperationId } from '../../src/core/operations.js';
import { and, serializeFilter, type FilterConditions } from '../../src/core/query.js';
import { conditions, parseFilter, type FilterValue } from '../../src/testing/filter.js';
import { isWellFormed } from './well-formed.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// These call the core by operation id, as `Klaviyo` does once it has registered the whole table (a bare
// `KlaviyoCore` knows the operations its functions pass: test/operations-layer.test.ts).
registerOperations(everyOperation);

type Spec = { filter?: Record<string, readonly string[]>; datetime?: readonly string[] };
const filtered = (Object.keys(operations) as OperationId[]).filter((id) => (operations[id] as Spec).filter);
const camel = (operator: string) => operator.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Text that could break a filter if it were not quoted and escaped, mixed with arbitrary unicode. */
const text = fc
  .oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: fc.constantFrom('"', "'", '\\', ',', '(', ')', '[', ']', '\n', '\r', ' ', 'u', '0', 'a', 'é', '🙂') }),
    fc.constantFrom(
      'equals(email,"x")',
      '"),and(has(profile),equals(id,"',
      '\\"',
      '\\u0041',
      'null',
      'true',
      '2024-01-01T00:00:00Z',
    ),
  )
  .filter(isWellFormed);
const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });
/** A datetime as the caller may write it: a Date, or ISO 8601 text in UTC or at an offset. */
const datetime = fc.oneof(
  instant,
  fc.tuple(instant, fc.integer({ min: -12 * 60, max: 14 * 60 })).map(([date, offsetMinutes]) => {
    const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }),
);
const scalar = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), instant);

/** What the mock reads for a value the SDK was given. */
function expected(value: unknown, isDatetime: boolean): FilterValue {
  if (Array.isArray(value)) return value.map((v) => expected(v, isDatetime));
  if (isDatetime && typeof value === 'string') return new Date(parseIsoDatetime(value)!);
  if (typeof value === 'number' && Object.is(value, -0)) return 0;
  return value as FilterValue;
}

/** One group of conditions for `id`: some of its fields, each with some of its operators and a fitting value. */
function group(id: OperationId) {
  const spec = operations[id] as Spec;
  const fields = Object.keys(spec.filter!);
  return fc.uniqueArray(fc.constantFrom(...fields), { minLength: 1, maxLength: Math.min(3, fields.length) }).chain((chosen) =>
    fc.tuple(
      ...chosen.map((field) => {
        const one = spec.datetime?.includes(field) ? datetime : scalar;
        return fc
          .uniqueArray(fc.constantFrom(...spec.filter![field]!), { minLength: 1, maxLength: 2 })
          .chain((ops) =>
            fc.tuple(
              ...ops.map((op) =>
                (op === 'has' ? fc.constant(true) : op === 'any' ? fc.array(one, { minLength: 1, maxLength: 4 }) : one).map(
                  (value) => [op, value] as const,
                ),
              ),
            ),
          )
          .map((conditions) => [field, conditions] as const);
      }),
    ),
  );
}

describe('filter values read back as exactly the conditions given', () => {
  it.each(filtered)('%s', (id) => {
    const spec = operations[id] as Spec;
    fc.assert(
      fc.property(fc.array(group(id), { minLength: 1, maxLength: 2 }), (groups) => {
        const objects = groups.map((g) =>
          Object.fromEntries(g.map(([field, ops]) => [field, Object.fromEntries(ops.map(([op, value]) => [camel(op), value]))])),
        ) as FilterConditions<typeof id>[];
        const text = serializeFilter(id, objects.length === 1 ? objects[0]! : and(...objects));
        const want = groups.flatMap((g) =>
          g.flatMap(([field, ops]) =>
            ops.map(([operator, value]) =>
              operator === 'has'
                ? { kind: 'condition', operator, field }
                : { kind: 'condition', operator, field, value: expected(value, spec.datetime?.includes(field) ?? false) },
            ),
          ),
        );
        expect(conditions(parseFilter(text))).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });
});
