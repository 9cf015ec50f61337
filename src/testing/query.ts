/**
 * Reads and checks the JSON:API query parameters of one request against what the operation allows
 * (from the generated operation table): `filter`, `sort`, `include`, `fields[type]`,
 * `additional-fields[type]`, `page[size]`, `page[cursor]`. Anything not allowed is a 400 whose
 * `source.parameter` names the parameter, as Klaviyo answers.
 */
import type { OperationSpec } from '../core/operations.generated.js';
import { invalidParam } from './errors.js';
import { conditions, FilterSyntaxError, looksLikeDatetime, parseFilter, type FilterNode, type FilterValue } from './filter.js';
import { decodeCursor } from './pagination.js';

/** The query of one request, parsed and validated. */
export interface ParsedQuery {
  filter?: FilterNode;
  sort?: { field: string; descending: boolean };
  include: string[];
  /** Sparse fieldsets: type → attribute names (dotted names select nested fields). */
  fields: Record<string, string[]>;
  /** `additional-fields[type]`: extra attributes to return. */
  additionalFields: Record<string, string[]>;
  /** Requested page size, undefined for the operation's default. */
  pageSize?: number;
  /** Where the page starts, from `page[cursor]`. */
  offset: number;
}

const FAMILY = /^(fields|additional-fields)\[([^\]]+)\]$/;

/** Parses `params` for `op`; throws a 400 `ApiError` for anything the operation does not accept. */
export function parseQuery(op: OperationSpec & { id: string }, params: URLSearchParams): ParsedQuery {
  const allowed = new Set(op.query);
  const parsed: ParsedQuery = { include: [], fields: {}, additionalFields: {}, offset: 0 };

  for (const [name, value] of params) {
    const family = FAMILY.exec(name);
    const known = family || ['filter', 'sort', 'include', 'page[size]', 'page[cursor]'].includes(name);
    if (!known) continue; // Unknown, non-JSON:API parameters are ignored, as Klaviyo does.
    if (!allowed.has(name)) throw invalidParam(name, `'${name}' is not a valid query parameter for ${op.path}.`);
    if (family) {
      const list = value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      const type = family[2]!;
      const listed = (family[1] === 'fields' ? op.fields : op.additionalFields)?.[type];
      const unknown = listed && list.find((field) => !listed.includes(field));
      if (unknown) throw invalidParam(name, `'${unknown}' is not a valid field for the resource '${type}'.`);
      (family[1] === 'fields' ? parsed.fields : parsed.additionalFields)[type] = list;
    }
  }

  // The client API names the account by its public key (`company_id`) on every call; other operations list their
  // required parameters (a review values report's `group_by` and `statistics`).
  const required = [
    ...(op.query.includes('company_id') ? ['company_id'] : []),
    ...Object.values(op.params ?? {}).flatMap((p) => (p.required ? [p.name] : [])),
  ];
  for (const name of required)
    if (!params.get(name)) throw invalidParam(name, `'${name}' is a required query parameter for ${op.path}.`);
  for (const param of Object.values(op.params ?? {})) {
    const value = params.get(param.name);
    if (value !== null && param.enum && !param.enum.includes(value))
      throw invalidParam(param.name, `'${value}' is not a valid ${param.name}. Allowed: ${param.enum.join(', ')}.`);
  }

  const filterText = params.get('filter');
  if (filterText !== null) parsed.filter = checkFilter(op, filterText);
  if (op.filterRequired && op.id === 'get_campaigns') requireChannel(parsed.filter);

  const sort = params.get('sort');
  if (sort !== null) {
    if (!op.sort?.includes(sort))
      throw invalidParam('sort', `'${sort}' is not a valid sort field. Allowed: ${(op.sort ?? []).join(', ')}.`);
    parsed.sort = sort.startsWith('-') ? { field: sort.slice(1), descending: true } : { field: sort, descending: false };
  }

  const include = params.get('include');
  if (include !== null) {
    for (const name of include.split(',').map((v) => v.trim())) {
      if (!op.include?.includes(name))
        throw invalidParam('include', `'${name}' is not a valid include value. Allowed: ${(op.include ?? []).join(', ')}.`);
      parsed.include.push(name);
    }
  }

  const size = params.get('page[size]');
  if (size !== null) {
    const bounds = op.pageSize ?? { min: 1, max: 100 };
    const n = Number(size);
    if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
      throw invalidParam('page[size]', `Page size must be an integer between ${bounds.min} and ${bounds.max}.`);
    }
    parsed.pageSize = n;
  }

  const cursor = params.get('page[cursor]');
  if (cursor !== null) {
    const offset = decodeCursor(cursor);
    if (offset === undefined) throw invalidParam('page[cursor]', 'Invalid page cursor.');
    parsed.offset = offset;
  }
  return parsed;
}

/** Parses a filter and checks every condition's field and operator against the operation's allow-list. */
function checkFilter(op: OperationSpec, text: string): FilterNode {
  let tree: FilterNode;
  try {
    tree = parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw invalidParam('filter', `Invalid filter provided: ${error.message}.`);
    throw error;
  }
  const allowedFields = op.filter ?? {};
  // Klaviyo's filter grammar quotes strings and leaves datetimes unquoted
  // (https://developers.klaviyo.com/en/docs/filtering_), and answers a quoted or malformed datetime with 400
  // ("datetimes must be unquoted") rather than comparing it as text. `op.datetime` lists the fields whose
  // attribute the spec types as a date-time string.
  const datetimes = op.datetime ?? [];
  for (const c of conditions(tree)) {
    const operators = allowedFields[c.field];
    if (!operators)
      throw invalidParam(
        'filter',
        `'${c.field}' is not a valid field for the resource. Filterable fields: ${Object.keys(allowedFields).join(', ')}.`,
      );
    if (!operators.includes(c.operator))
      throw invalidParam('filter', `'${c.operator}' is not a valid operator for '${c.field}'. Allowed: ${operators.join(', ')}.`);
    if (c.operator === 'has' ? c.value !== undefined : c.value === undefined)
      throw invalidParam('filter', `Wrong number of arguments for '${c.operator}'.`);
    if ((c.operator === 'any') !== Array.isArray(c.value)) {
      throw invalidParam(
        'filter',
        c.operator === 'any' ? `'any' takes a list, e.g. any(${c.field},["a","b"]).` : `'${c.operator}' does not take a list.`,
      );
    }
    if (datetimes.includes(c.field)) for (const value of [c.value].flat()) checkDatetime(c.field, value);
  }
  return tree;
}

/** A datetime field's value must be an unquoted ISO 8601 datetime (the parser has read those as `Date`). */
function checkDatetime(field: string, value: FilterValue | undefined): void {
  if (value instanceof Date) return;
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw invalidParam(
    'filter',
    typeof value === 'string' && looksLikeDatetime(value)
      ? `Invalid filter provided: datetimes must be unquoted; write ${field} values as ${value}, not ${text}.`
      : `Invalid filter provided: ${text} is not a valid datetime for '${field}'; use an unquoted ISO 8601 datetime such as 2024-01-01T00:00:00Z.`,
  );
}

/** Klaviyo refuses to list campaigns without `equals(messages.channel,'email'|'sms')`. */
function requireChannel(filter: FilterNode | undefined): void {
  const channel = filter && conditions(filter).find((c) => c.field === 'messages.channel');
  if (!channel)
    throw invalidParam(
      'filter',
      "A channel filter is required to list campaigns: equals(messages.channel,'email') or equals(messages.channel,'sms').",
    );
  if (!['email', 'sms', 'mobile_push'].includes(String(channel.value)))
    throw invalidParam('filter', `'${String(channel.value)}' is not a valid channel.`);
}
