/**
 * Query parameters of list and get calls, typed per operation from the generated operation table, and
 * checked at run time against the same table before anything is sent.
 *
 * Filter grammar (https://developers.klaviyo.com/en/docs/filtering_): `operator(field,value)`, joined with
 * `and(...)`. Strings are quoted, datetimes are ISO 8601 unquoted, booleans and numbers bare, `any` takes
 * a list.
 */
import { ValidationError } from './errors.js';
import { type OperationId, operations } from './operations.js';
import type { QueryValue } from './transport.js';

type Operations = typeof operations;

/** `greater-than` → `greaterThan`. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A value in a filter condition. Pass a `Date` for datetime fields: it is sent unquoted, as Klaviyo wants. */
export type FilterValue = string | number | boolean | Date | null;

type FilterTableOf<Id extends OperationId> = Operations[Id] extends { filter: infer F } ? F : never;
type OperatorsOf<T> = T extends readonly (infer O extends string)[] ? O : never;
type OperatorValue<Op extends string> = Op extends 'any' ? readonly FilterValue[] : Op extends 'has' ? true : FilterValue;

/**
 * Conditions for one operation: `{ field: { operator: value } }`, every condition must hold.
 * Only the fields and operators the operation allows type-check, e.g.
 * `{ email: { equals: 'a@b.com' } }`, `{ created: { greaterThan: new Date('2025-01-01') } }`.
 */
export type FilterConditions<Id extends OperationId> = {
  [Field in keyof FilterTableOf<Id>]?: {
    [Op in OperatorsOf<FilterTableOf<Id>[Field]> as CamelCase<Op>]?: OperatorValue<Op>;
  };
};

const AND = Symbol('and');

/** Several condition objects that must all hold, made by `and()`. */
export interface AndFilter<Id extends OperationId = OperationId> {
  readonly [AND]: readonly FilterConditions<Id>[];
}

/**
 * A filter for an operation: conditions, `and(...)` of conditions, or a raw Klaviyo filter string (the
 * escape hatch, sent as written).
 */
export type Filter<Id extends OperationId> = FilterConditions<Id> | AndFilter<Id> | string;

/** Joins condition objects: `and({ status: { equals: 'draft' } }, { name: { contains: 'Sale' } })`. */
export function and<Id extends OperationId = OperationId>(...conditions: FilterConditions<Id>[]): AndFilter<Id> {
  return { [AND]: conditions };
}

type QueryNames<Id extends OperationId> = Operations[Id]['query'][number];
type FieldsTypes<Id extends OperationId> = QueryNames<Id> extends infer N ? (N extends `fields[${infer T}]` ? T : never) : never;
type AdditionalFieldsTypes<Id extends OperationId> =
  QueryNames<Id> extends infer N ? (N extends `additional-fields[${infer T}]` ? T : never) : never;
type SortOf<Id extends OperationId> = Operations[Id] extends { sort: readonly (infer S)[] } ? S : never;
type IncludeOf<Id extends OperationId> = Operations[Id] extends { include: readonly (infer I)[] } ? I : never;

/** The query options of an operation, typed from what the operation accepts. */
export type QueryOptions<Id extends OperationId> = ([FilterTableOf<Id>] extends [never] ? {} : { filter?: Filter<Id> }) &
  ([SortOf<Id>] extends [never] ? {} : { /** Sort key; a leading `-` sorts descending. */ sort?: SortOf<Id> }) &
  ([IncludeOf<Id>] extends [never]
    ? {}
    : { /** Related resources to return in `included`. */ include?: readonly IncludeOf<Id>[] }) &
  ([FieldsTypes<Id>] extends [never]
    ? {}
    : {
        /** Sparse fieldsets: only these attributes, per resource type. */ fields?: {
          [T in FieldsTypes<Id>]?: readonly string[];
        };
      }) &
  ([AdditionalFieldsTypes<Id>] extends [never]
    ? {}
    : {
        /** Attributes left out unless asked for, e.g. `{ profile: ['subscriptions'] }`. */ additionalFields?: {
          [T in AdditionalFieldsTypes<Id>]?: readonly string[];
        };
      }) &
  ('page[size]' extends QueryNames<Id> ? { /** Items per page, within the operation's bounds. */ pageSize?: number } : {});

/** Loose form of the options, for code that handles every operation. */
interface AnyQueryOptions {
  filter?: unknown;
  sort?: string;
  include?: readonly string[];
  fields?: Record<string, readonly string[] | undefined>;
  additionalFields?: Record<string, readonly string[] | undefined>;
  pageSize?: number;
}

/**
 * Turns typed query options into wire parameters (`filter`, `sort`, `include`, `fields[profile]`, …),
 * throwing `ValidationError` for anything the operation does not accept.
 */
export function buildQuery<Id extends OperationId>(
  operationId: Id,
  options: QueryOptions<Id> | undefined,
): Record<string, QueryValue> {
  const op = operations[operationId] as Operations[OperationId];
  const opts = (options ?? {}) as AnyQueryOptions;
  const accepted = new Set<string>(op.query);
  const query: Record<string, QueryValue> = {};
  const reject = (path: string, message: string): never => {
    throw new ValidationError(`Invalid query for ${operationId}`, { issues: [{ path, message }] });
  };

  for (const key of Object.keys(opts)) {
    if (!['filter', 'sort', 'include', 'fields', 'additionalFields', 'pageSize'].includes(key)) {
      reject(key, `unknown option; ${operationId} takes ${describeAccepted(op.query)}`);
    }
  }
  if (opts.filter !== undefined) {
    if (!accepted.has('filter')) reject('filter', `${operationId} takes no filter`);
    query['filter'] =
      typeof opts.filter === 'string'
        ? opts.filter
        : serializeFilter(operationId, opts.filter as FilterConditions<Id> | AndFilter<Id>);
  }
  if (opts.sort !== undefined) {
    const allowed = 'sort' in op ? (op.sort as readonly string[]) : [];
    if (!allowed.includes(opts.sort)) reject('sort', `must be one of ${allowed.join(', ') || '(none: not sortable)'}`);
    query['sort'] = opts.sort;
  }
  if (opts.include !== undefined) {
    const allowed = 'include' in op ? (op.include as readonly string[]) : [];
    for (const value of opts.include)
      if (!allowed.includes(value)) reject('include', `${value} is not one of ${allowed.join(', ') || '(none)'}`);
    query['include'] = opts.include;
  }
  for (const [option, prefix] of [
    ['fields', 'fields'],
    ['additionalFields', 'additional-fields'],
  ] as const) {
    for (const [type, values] of Object.entries(opts[option] ?? {})) {
      const name = `${prefix}[${type}]`;
      if (!accepted.has(name)) reject(`${option}.${type}`, `${operationId} does not take ${name}`);
      query[name] = values;
    }
  }
  if (opts.pageSize !== undefined) {
    const bounds = 'pageSize' in op ? op.pageSize : undefined;
    if (!bounds) reject('pageSize', `${operationId} has a fixed page size`);
    else if (!Number.isInteger(opts.pageSize) || opts.pageSize < bounds.min || opts.pageSize > bounds.max) {
      reject('pageSize', `must be a whole number from ${bounds.min} to ${bounds.max}`);
    }
    query['page[size]'] = opts.pageSize;
  }
  if ('filterRequired' in op && op.filterRequired && query['filter'] === undefined)
    reject('filter', `${operationId} requires a filter`);
  return query;
}

function describeAccepted(names: readonly string[]): string {
  return names.length ? names.join(', ') : 'no query parameters';
}

/** Serializes a filter object to Klaviyo's syntax, checking fields and operators against the operation. */
export function serializeFilter<Id extends OperationId>(operationId: Id, filter: FilterConditions<Id> | AndFilter<Id>): string {
  const groups: readonly FilterConditions<Id>[] =
    AND in filter ? (filter as AndFilter<Id>)[AND] : [filter as FilterConditions<Id>];
  const table = ('filter' in operations[operationId] ? operations[operationId].filter : {}) as Record<string, readonly string[]>;
  const terms: string[] = [];
  for (const group of groups) {
    for (const [field, conditions] of Object.entries(group as Record<string, Record<string, unknown> | undefined>)) {
      if (conditions === undefined) continue;
      const allowedOps = table[field];
      if (!allowedOps) {
        throw new ValidationError(`Invalid filter for ${operationId}`, {
          issues: [
            { path: `filter.${field}`, message: `not filterable; allowed fields: ${Object.keys(table).join(', ') || '(none)'}` },
          ],
        });
      }
      for (const [camelOp, value] of Object.entries(conditions)) {
        if (value === undefined) continue;
        const op = allowedOps.find((o) => toCamelCase(o) === camelOp);
        if (!op) {
          throw new ValidationError(`Invalid filter for ${operationId}`, {
            issues: [
              {
                path: `filter.${field}.${camelOp}`,
                message: `operator not allowed; ${field} takes ${allowedOps.map(toCamelCase).join(', ')}`,
              },
            ],
          });
        }
        terms.push(
          op === 'has' ? `has(${field})` : `${op}(${field},${serializeFilterValue(value, `filter.${field}.${camelOp}`)})`,
        );
      }
    }
  }
  if (terms.length === 0)
    throw new ValidationError(`Invalid filter for ${operationId}`, {
      issues: [{ path: 'filter', message: 'has no conditions' }],
    });
  return terms.length === 1 ? terms[0]! : `and(${terms.join(',')})`;
}

function toCamelCase(operator: string): string {
  return operator.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** One value in Klaviyo's filter syntax. Strings are double-quoted with `\` and `"` escaped. */
export function serializeFilterValue(value: unknown, path = 'filter'): string {
  if (Array.isArray(value)) return `[${value.map((v) => serializeFilterValue(v, path)).join(',')}]`;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new ValidationError('Invalid filter', { issues: [{ path, message: 'invalid Date' }] });
    return value.toISOString().replace('.000Z', 'Z');
  }
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ValidationError('Invalid filter', { issues: [{ path, message: 'number must be finite' }] });
    return String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  throw new ValidationError('Invalid filter', { issues: [{ path, message: `cannot send a ${typeof value} in a filter` }] });
}
