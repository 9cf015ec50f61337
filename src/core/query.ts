/**
 * Query parameters of list and get calls, typed per operation from the generated operation table, and
 * checked at run time against the same table before anything is sent.
 *
 * Filter grammar (https://developers.klaviyo.com/en/docs/filtering_): `operator(field,value)`, joined with
 * `and(...)`. Strings are quoted, datetimes are ISO 8601 unquoted, booleans and numbers bare, `any` takes
 * a list.
 */
import { toUtcDatetime } from './datetime.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import {
  closestName,
  describeGiven,
  describeValue,
  holeIssues,
  isPlainObject,
  notOneOfMessage,
  unknownKeyMessage,
} from './known-keys.js';
import { type OperationId, type operations, requireOperation } from './operations.js';
import type { QueryValue } from './transport.js';

type Operations = typeof operations;

/** `greater-than` → `greaterThan`. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A value in a filter condition. Pass a `Date` for datetime fields: it is sent unquoted, as Klaviyo wants. */
export type FilterValue = string | number | boolean | Date | null;
/**
 * The value of a datetime field (`created`, `updated_at`, `joined_group_at`…): a `Date`, or an ISO 8601 string
 * such as `2024-08-01T00:00:00-07:00`. Either is sent unquoted in UTC (`2024-08-01T07:00:00Z`); anything else,
 * `'01/02/2025'` or `Date.now()`, is a `ValidationError` before sending.
 */
export type DatetimeValue = Date | string;

type FilterTableOf<Id extends OperationId> = Operations[Id] extends { filter: infer F } ? F : never;
type DatetimeFieldOf<Id extends OperationId> = Operations[Id] extends { datetime: readonly (infer D)[] } ? D : never;
type OperatorsOf<T> = T extends readonly (infer O extends string)[] ? O : never;
type OperatorValue<Op extends string, V> = Op extends 'any' ? readonly V[] : Op extends 'has' ? true : V;

/**
 * Conditions for one operation: `{ field: { operator: value } }`, every condition must hold.
 * Only the fields and operators the operation allows type-check, and datetime fields take datetimes, e.g.
 * `{ email: { equals: 'a@b.com' } }`, `{ created: { greaterThan: new Date('2025-01-01') } }`.
 */
export type FilterConditions<Id extends OperationId> = {
  [Field in keyof FilterTableOf<Id>]?: {
    [Op in OperatorsOf<FilterTableOf<Id>[Field]> as CamelCase<Op>]?: OperatorValue<
      Op,
      Field extends DatetimeFieldOf<Id> ? DatetimeValue : FilterValue
    >;
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
/** The attributes `fields[T]` (`Family` `fields`) or `additional-fields[T]` may name, as the spec lists them. */
type FieldNameOf<
  Id extends OperationId,
  Family extends 'fields' | 'additionalFields',
  T extends string,
> = Operations[Id] extends { [K in Family]: infer M } ? (M extends { [K in T]: readonly (infer N)[] } ? N : string) : string;

type ParamsOf<Id extends OperationId> = Operations[Id] extends { params: infer P } ? P : never;
type ParamValue<P> = P extends { enum: readonly (infer E)[] } ? E : string;
/** The operation's other parameters (`groupBy`, `timeframe`…), required where Klaviyo requires them. */
type OtherParams<P> = {
  -readonly [K in keyof P as P[K] extends { required: true } ? K : never]: ParamValue<P[K]>;
} & { -readonly [K in keyof P as P[K] extends { required: true } ? never : K]?: ParamValue<P[K]> | undefined };

/** The query options of an operation, typed from what the operation accepts. */
export type QueryOptions<Id extends OperationId> = ([ParamsOf<Id>] extends [never] ? {} : OtherParams<ParamsOf<Id>>) &
  ([FilterTableOf<Id>] extends [never] ? {} : { filter?: Filter<Id> | undefined }) &
  ([SortOf<Id>] extends [never] ? {} : { /** Sort key; a leading `-` sorts descending. */ sort?: SortOf<Id> | undefined }) &
  ([IncludeOf<Id>] extends [never]
    ? {}
    : { /** Related resources to return in `included`. */ include?: readonly IncludeOf<Id>[] | undefined }) &
  ([FieldsTypes<Id>] extends [never]
    ? {}
    : {
        /** Sparse fieldsets: only these attributes, per resource type. */ fields?:
          | {
              [T in FieldsTypes<Id>]?: readonly FieldNameOf<Id, 'fields', T>[] | undefined;
            }
          | undefined;
      }) &
  ([AdditionalFieldsTypes<Id>] extends [never]
    ? {}
    : {
        /** Attributes left out unless asked for, e.g. `{ profile: ['subscriptions'] }`. */ additionalFields?:
          | {
              [T in AdditionalFieldsTypes<Id>]?: readonly FieldNameOf<Id, 'additionalFields', T>[] | undefined;
            }
          | undefined;
      }) &
  ('page[size]' extends QueryNames<Id>
    ? { /** Items per page, within the operation's bounds. */ pageSize?: number | undefined }
    : {}) &
  ('page[cursor]' extends QueryNames<Id>
    ? {
        /**
         * Where to start: a cursor saved from an earlier walk (`page.nextCursor`), to resume a listing. The
         * first page is the one at this cursor; `for await` goes on from there.
         */
        pageCursor?: string | undefined;
      }
    : {});

/** Each typed option and the wire parameter (or prefix of parameters) it stands for. */
const OPTIONS = {
  filter: 'filter',
  sort: 'sort',
  include: 'include',
  fields: 'fields[',
  additionalFields: 'additional-fields[',
  pageSize: 'page[size]',
  pageCursor: 'page[cursor]',
} as const;
type OptionName = keyof typeof OPTIONS;

/** An operation's own parameters (see `OperationSpec.params`), by option. */
type Params = {
  readonly [option: string]: { readonly name: string; readonly required: boolean; readonly enum?: readonly string[] };
};
const paramsOf = (operationId: OperationId): Params => {
  const op = requireOperation(operationId);
  return 'params' in op ? (op.params as Params) : {};
};

/** The typed options `operationId` takes, in `OPTIONS` order, then its own: what an error lists as accepted. */
export function queryOptionNames(operationId: OperationId): string[] {
  const names: readonly string[] = requireOperation(operationId).query;
  const standard = (Object.keys(OPTIONS) as OptionName[]).filter((option) => {
    const wire = OPTIONS[option];
    return wire.endsWith('[') ? names.some((name) => name.startsWith(wire)) : names.includes(wire);
  });
  return [...standard, ...Object.keys(paramsOf(operationId))];
}

/** Lone UTF-16 surrogates cannot be written to a URL: `URLSearchParams` would turn them into U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot go in a query parameter as it is, or undefined when it can. */
function textProblem(value: unknown, { list = false } = {}): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value.trim() === '') return 'must not be empty';
  if (LONE_SURROGATE.test(value)) return 'holds a lone UTF-16 surrogate, which cannot be sent in a URL';
  if (list && value.includes(',')) return 'must not contain a comma: the values are sent joined by commas';
  return undefined;
}

/**
 * Turns typed query options into wire parameters (`filter`, `sort`, `include`, `fields[profile]`,
 * `page[cursor]`, …), throwing `ValidationError` (every problem at once) for anything the operation does not
 * accept or cannot be sent as written.
 */
export function buildQuery<Id extends OperationId>(
  operationId: Id,
  options: QueryOptions<Id> | undefined,
): Record<string, QueryValue> {
  const invalid = (issues: ValidationIssue[]) => new ValidationError(`Invalid query for ${operationId}`, { issues });
  if (options === undefined) options = {} as QueryOptions<Id>;
  if (!isPlainObject(options)) {
    throw invalid([{ path: '', message: `query options must be an object, got ${describeValue(options)}` }]);
  }
  const op = requireOperation(operationId);
  const opts = options as Record<string, unknown>;
  const accepted = new Set<string>(op.query);
  const takes = queryOptionNames(operationId);
  const query: Record<string, QueryValue> = {};
  const issues: ValidationIssue[] = [];
  const fail = (path: string, message: string) => void issues.push({ path, message });

  const params = paramsOf(operationId);
  for (const key of Object.keys(opts)) {
    if (takes.includes(key)) continue;
    if (key === 'pageSize' && accepted.has('page[cursor]')) fail(key, `${operationId} has a fixed page size`);
    else if (key in OPTIONS) fail(key, `${operationId} takes no ${key}; it takes ${describeAccepted(takes)}`);
    else fail(key, `${unknownKeyMessage(key, takes)}${closestName(key, takes) ? '' : ` (${operationId})`}`);
  }
  const value = (key: string) => (takes.includes(key) ? opts[key] : undefined);
  for (const [option, param] of Object.entries(params)) {
    const given = opts[option];
    if (given === undefined) {
      if (param.required) fail(option, `is required by ${operationId} (sent as ${param.name})`);
    } else if (param.enum && !param.enum.includes(given as string)) {
      fail(option, notOneOfMessage(given, param.enum));
    } else {
      const problem = textProblem(given);
      if (problem) fail(option, problem);
      else query[param.name] = given as string;
    }
  }

  const filter = value('filter');
  if (filter !== undefined) {
    if (typeof filter === 'string') {
      const problem = textProblem(filter);
      if (problem) fail('filter', problem);
      else query['filter'] = filter;
    } else {
      try {
        query['filter'] = serializeFilter(operationId, filter as FilterConditions<Id> | AndFilter<Id>);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues);
      }
    }
  }
  const sort = value('sort');
  if (sort !== undefined) {
    const allowed = 'sort' in op ? (op.sort as readonly string[]) : [];
    if (typeof sort === 'string' && allowed.includes(sort)) query['sort'] = sort;
    else {
      // `-craeted` means `-created`, not `created`: suggest a key sorting the same way.
      const descending = typeof sort === 'string' && sort.startsWith('-');
      fail(
        'sort',
        notOneOfMessage(
          sort,
          allowed,
          allowed.filter((key) => key.startsWith('-') === descending),
        ),
      );
    }
  }
  const include = value('include');
  if (include !== undefined) {
    const allowed = 'include' in op ? (op.include as readonly string[]) : [];
    if (!Array.isArray(include)) fail('include', `must be an array of ${allowed.join(', ')}, got ${describeValue(include)}`);
    else {
      const holes = holeIssues(include, 'include');
      issues.push(...holes);
      if (holes.length === 0) {
        include.forEach((name: unknown, i) => {
          if (typeof name !== 'string' || !allowed.includes(name)) fail(`include.${i}`, notOneOfMessage(name, allowed));
        });
      }
      query['include'] = include as string[];
    }
  }
  for (const option of ['fields', 'additionalFields'] as const) {
    const families = value(option);
    if (families === undefined) continue;
    const prefix = OPTIONS[option];
    const types = op.query.filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length, -1));
    if (!isPlainObject(families)) {
      fail(option, `must be an object of attribute lists by type (${types.join(', ')}), got ${describeValue(families)}`);
      continue;
    }
    for (const [type, names] of Object.entries(families)) {
      if (names === undefined) continue;
      const path = `${option}.${type}`;
      if (!types.includes(type)) {
        const suggestion = closestName(type, types);
        fail(
          path,
          `${operationId} does not take ${prefix}${type}]; ${suggestion ? `did you mean "${suggestion}"?` : `it takes ${types.join(', ')}`}`,
        );
      } else if (!Array.isArray(names)) fail(path, `must be an array of attribute names, got ${describeValue(names)}`);
      else if (option === 'fields' && names.length === 0) fail(path, 'must name at least one attribute');
      else {
        const listed = op[option]?.[type];
        const holes = holeIssues(names, path);
        const problems = holes.length
          ? holes
          : names.flatMap((name: unknown, i) => {
              const problem = textProblem(name, { list: true }) ?? (listed && notListed(name as string, listed, type));
              return problem ? [{ path: `${path}.${i}`, message: problem }] : [];
            });
        issues.push(...problems);
        if (problems.length === 0) query[`${prefix}${type}]`] = names as string[];
      }
    }
  }
  const pageSize = value('pageSize');
  if (pageSize !== undefined) {
    const bounds = op.pageSize ?? { min: 1, max: 100 };
    if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < bounds.min || pageSize > bounds.max) {
      fail('pageSize', `must be a whole number from ${bounds.min} to ${bounds.max}`);
    } else query['page[size]'] = pageSize;
  }
  const pageCursor = value('pageCursor');
  if (pageCursor !== undefined) {
    const problem = textProblem(pageCursor);
    if (problem) fail('pageCursor', problem);
    else query['page[cursor]'] = pageCursor as string;
  }
  if (issues.length === 0 && 'filterRequired' in op && op.filterRequired && query['filter'] === undefined)
    fail('filter', `${operationId} requires a filter`);
  if (issues.length) throw invalid(issues);
  return query;
}

/**
 * Why `name` cannot go in `fields[type]` or `additional-fields[type]`, when the spec does not list it there
 * (Klaviyo would answer 400): the closest listed name, or the list. Undefined when it is listed.
 */
function notListed(name: string, listed: readonly string[], type: string): string | undefined {
  if (listed.includes(name)) return undefined;
  const suggestion = closestName(name, listed);
  if (suggestion) return `${JSON.stringify(name)} is not an attribute of ${type}; did you mean "${suggestion}"?`;
  const some = listed.length > 12 ? `${listed.slice(0, 12).join(', ')} and ${listed.length - 12} more` : listed.join(', ');
  return `${JSON.stringify(name)} is not an attribute of ${type}; it takes ${some}`;
}

function describeAccepted(names: readonly string[]): string {
  return names.length ? names.join(', ') : 'no query options';
}

/**
 * Serializes a filter object to Klaviyo's syntax, checking fields, operators and values against the
 * operation: datetime fields take a `Date` or an ISO 8601 string (sent unquoted, in UTC), `any` a non-empty
 * list, `has` `true`. Throws `ValidationError` naming every problem.
 */
export function serializeFilter<Id extends OperationId>(operationId: Id, filter: FilterConditions<Id> | AndFilter<Id>): string {
  const invalid = (issues: ValidationIssue[]) => new ValidationError(`Invalid filter for ${operationId}`, { issues });
  const isAnd = typeof filter === 'object' && filter !== null && AND in filter;
  const groups: readonly unknown[] = isAnd ? (filter as AndFilter<Id>)[AND] : [filter];
  const op = requireOperation(operationId);
  const table: { readonly [field: string]: readonly string[] } = op.filter ?? {};
  const datetimes: readonly string[] = op.datetime ?? [];
  const fields = Object.keys(table);
  const terms: string[] = [];
  const issues: ValidationIssue[] = [];
  const fail = (path: string, message: string) => void issues.push({ path, message });

  groups.forEach((group, index) => {
    const at = isAnd ? `filter.${index}` : 'filter';
    if (!isPlainObject(group)) {
      return fail(at, `must be an object of conditions, e.g. { field: { equals: value } }, got ${describeValue(group)}`);
    }
    for (const [field, conditions] of Object.entries(group)) {
      if (conditions === undefined) continue;
      const allowedOps = table[field];
      if (!allowedOps) {
        const suggestion = closestName(field, fields);
        fail(
          `${at}.${field}`,
          `not filterable; ${suggestion ? `did you mean "${suggestion}"? ` : ''}allowed fields: ${fields.join(', ') || '(none)'}`,
        );
        continue;
      }
      if (!isPlainObject(conditions)) {
        fail(`${at}.${field}`, `must be an object of conditions, e.g. { equals: value }, got ${describeValue(conditions)}`);
        continue;
      }
      const operators = allowedOps.map(toCamelCase);
      for (const [camelOp, value] of Object.entries(conditions)) {
        if (value === undefined) continue;
        const path = `${at}.${field}.${camelOp}`;
        const wire = allowedOps.find((o) => toCamelCase(o) === camelOp);
        if (!wire) {
          const suggestion = closestName(camelOp, operators);
          fail(
            path,
            `operator not allowed; ${suggestion ? `did you mean "${suggestion}"? ` : ''}${field} takes ${operators.join(', ')}`,
          );
          continue;
        }
        if (wire === 'has') {
          if (value === true) terms.push(`has(${field})`);
          else fail(path, `must be true, got ${describeGiven(value)}`);
          continue;
        }
        if (wire === 'any' && (!Array.isArray(value) || value.length === 0)) {
          fail(path, `must be a non-empty list, got ${Array.isArray(value) ? 'an empty one' : describeValue(value)}`);
          continue;
        }
        if (wire !== 'any' && Array.isArray(value)) {
          fail(path, `takes one value, not a list (any takes a list)`);
          continue;
        }
        const one = (v: unknown, p: string): string | undefined => {
          try {
            return datetimes.includes(field) ? datetimeFilterValue(v, p) : serializeFilterValue(v, p);
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            issues.push(...error.issues);
            return undefined;
          }
        };
        const holes = Array.isArray(value) ? holeIssues(value, path) : [];
        if (holes.length) {
          issues.push(...holes);
          continue;
        }
        const text = Array.isArray(value) ? value.map((v: unknown, i) => one(v, `${path}.${i}`)) : [one(value, path)];
        if (text.every((t) => t !== undefined)) {
          terms.push(`${wire}(${field},${Array.isArray(value) ? `[${text.join(',')}]` : text[0]})`);
        }
      }
    }
  });
  if (issues.length) throw invalid(issues);
  if (terms.length === 0) throw invalid([{ path: 'filter', message: 'has no conditions' }]);
  return terms.length === 1 ? terms[0]! : `and(${terms.join(',')})`;
}

function toCamelCase(operator: string): string {
  return operator.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A datetime field's value, unquoted in UTC; anything but a `Date` or an ISO 8601 string is refused. */
function datetimeFilterValue(value: unknown, path: string): string {
  const text = toUtcDatetime(value);
  if (text !== undefined) return text;
  const got =
    typeof value === 'number'
      ? `got the number ${value} (pass a Date: new Date(${value}))`
      : value instanceof Date
        ? 'got an invalid Date'
        : `got ${describeGiven(value)}`;
  throw new ValidationError('Invalid filter', {
    issues: [{ path, message: `must be a Date or an ISO 8601 datetime such as 2024-08-01T00:00:00Z; ${got}` }],
  });
}

/** One value in Klaviyo's filter syntax. Strings are double-quoted with `\` and `"` escaped. */
export function serializeFilterValue(value: unknown, path = 'filter'): string {
  const invalid = (message: string) => new ValidationError('Invalid filter', { issues: [{ path, message }] });
  if (Array.isArray(value)) {
    const holes = holeIssues(value, path);
    if (holes.length) throw new ValidationError('Invalid filter', { issues: holes });
    const items = value.map((v: unknown, i) => serializeFilterValue(v, `${path}.${i}`));
    return `[${items.join(',')}]`;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid('invalid Date');
    return value.toISOString().replace('.000Z', 'Z');
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw invalid('holds a lone UTF-16 surrogate, which cannot be sent in a URL');
    return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid('number must be finite');
    return String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  throw invalid(`cannot send ${describeValue(value)} in a filter`);
}
