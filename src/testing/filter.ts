/**
 * Klaviyo's `filter` query language: a tokenizer, a recursive-descent parser and an evaluator.
 *
 *   filter     := expression
 *   expression := NAME '(' arguments ')'          e.g. and(...), equals(email,"a@b.c"), has(profile)
 *   arguments  := argument (',' argument)*
 *   argument   := expression | field | value      (which one is decided by the operator)
 *   value      := STRING | list | bare            bare = number | ISO datetime | true | false | null
 *   list       := '[' (value (',' value)*)? ']'
 *
 * Strings take double or single quotes and backslash escapes (`"a\"b"`, `'it\'s'`, `"\\"`, `"\u00e9"`).
 * Datetimes are unquoted ISO 8601 (`2024-01-01T00:00:00Z`; no offset means UTC).
 * See https://developers.klaviyo.com/en/docs/filtering_
 */

/** A literal in a filter. Datetimes are parsed to `Date`; lists come from `[...]`. */
export type FilterValue = string | number | boolean | null | Date | FilterValue[];

/** A parsed filter: `and` of children, or one condition `operator(field, value?)`. */
export type FilterNode =
  { kind: 'and'; children: FilterNode[] } | { kind: 'condition'; operator: string; field: string; value?: FilterValue };

/** Thrown for text that is not a well-formed filter; `position` is the 0-based character offset. */
export class FilterSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'FilterSyntaxError';
    this.position = position;
  }
}

type Token =
  | { kind: '(' | ')' | ',' | '[' | ']'; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'bare'; value: string; pos: number }
  | { kind: 'end'; pos: number };

const PUNCTUATION = new Set(['(', ')', ',', '[', ']']);

/** Splits filter text into tokens. Exported for unit tests. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: ch as '(' | ')' | ',' | '[' | ']', pos: i });
      i += 1;
    } else if (ch === '"' || ch === "'") {
      const [value, next] = readString(text, i);
      tokens.push({ kind: 'string', value, pos: i });
      i = next;
    } else {
      const start = i;
      while (i < text.length && !PUNCTUATION.has(text[i]!) && !/\s/.test(text[i]!) && text[i] !== '"' && text[i] !== "'") i += 1;
      tokens.push({ kind: 'bare', value: text.slice(start, i), pos: start });
    }
  }
  tokens.push({ kind: 'end', pos: text.length });
  return tokens;
}

/** Reads a quoted string starting at `start` (the quote); returns its value and the index after it. */
function readString(text: string, start: number): [string, number] {
  const quote = text[start]!;
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote) return [out, i + 1];
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === undefined) break;
      if (next === 'n') out += '\n';
      else if (next === 't') out += '\t';
      else if (next === 'r') out += '\r';
      else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      } else out += next; // \" \' \\ and any other escaped character stand for themselves
      i += 2;
      continue;
    }
    out += ch;
    i += 1;
  }
  throw new FilterSyntaxError('Unterminated string', start);
}

const DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** Whether text has the shape of an ISO 8601 date or datetime (a quoted one is still a string to the parser). */
export function looksLikeDatetime(text: string): boolean {
  return DATETIME.test(text.trim());
}

/**
 * An ISO 8601 date or datetime as a `Date` (no offset means UTC), or undefined for an impossible one: the
 * calendar is checked here because `Date.parse` rolls `2024-02-30` over to March and accepts hour 24.
 */
function toDate(raw: string): Date | undefined {
  const [, y, mo, d, h = '0', mi = '0', sec = '0'] =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(raw) ?? [];
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59)
    return undefined;
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(raw.slice(10)) || raw.length === 10 ? raw : `${raw}Z`;
  const ms = Date.parse(iso.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$.\-]*$/;

/** Parses filter text into a tree. Throws `FilterSyntaxError` on malformed input. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const take = (): Token => tokens[index++]!;
  const expect = (kind: Token['kind'], what: string): Token => {
    const token = take();
    if (token.kind !== kind) throw new FilterSyntaxError(`Expected ${what}`, token.pos);
    return token;
  };

  function parseExpression(): FilterNode {
    const name = take();
    if (name.kind !== 'bare' || !NAME.test(name.value)) throw new FilterSyntaxError('Expected an operator', name.pos);
    expect('(', `'(' after ${name.value}`);
    if (name.value === 'and' || name.value === 'or' || name.value === 'not') {
      const children: FilterNode[] = [parseExpression()];
      while (peek().kind === ',') {
        take();
        children.push(parseExpression());
      }
      expect(')', `')' to close ${name.value}(`);
      if (name.value !== 'and') throw new FilterSyntaxError(`Unsupported operator ${name.value}`, name.pos);
      return { kind: 'and', children };
    }
    const field = take();
    if (field.kind !== 'bare' || !NAME.test(field.value)) throw new FilterSyntaxError('Expected a field name', field.pos);
    if (peek().kind === ')') {
      take();
      return { kind: 'condition', operator: name.value, field: field.value };
    }
    expect(',', "',' after the field");
    const value = parseValue();
    expect(')', `')' to close ${name.value}(`);
    return { kind: 'condition', operator: name.value, field: field.value, value };
  }

  function parseValue(): FilterValue {
    const token = take();
    if (token.kind === 'string') return token.value;
    if (token.kind === '[') {
      const items: FilterValue[] = [];
      if (peek().kind === ']') {
        take();
        return items;
      }
      items.push(parseValue());
      while (peek().kind === ',') {
        take();
        items.push(parseValue());
      }
      expect(']', "']' to close the list");
      return items;
    }
    if (token.kind !== 'bare') throw new FilterSyntaxError('Expected a value', token.pos);
    const raw = token.value;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (raw === 'null') return null;
    if (DATETIME.test(raw)) {
      const date = toDate(raw);
      if (!date) throw new FilterSyntaxError(`Invalid datetime ${raw}`, token.pos);
      return date;
    }
    if (NUMBER.test(raw)) return Number(raw);
    throw new FilterSyntaxError(`Unexpected value ${raw}; strings must be quoted`, token.pos);
  }

  const tree = parseExpression();
  const rest = peek();
  if (rest.kind !== 'end') throw new FilterSyntaxError('Unexpected text after the filter', rest.pos);
  return tree;
}

/** Every condition in a tree, in order (flattening `and`). */
export function conditions(node: FilterNode): Array<Extract<FilterNode, { kind: 'condition' }>> {
  return node.kind === 'and' ? node.children.flatMap(conditions) : [node];
}

/** Whether a record passes `node`; `get` returns the record's value for a filter field. */
export function evaluateFilter(node: FilterNode, get: (field: string) => unknown): boolean {
  if (node.kind === 'and') return node.children.every((child) => evaluateFilter(child, get));
  return test(node.operator, get(node.field), node.value);
}

function test(operator: string, actual: unknown, expected: FilterValue | undefined): boolean {
  switch (operator) {
    case 'equals':
      return Array.isArray(actual) && !Array.isArray(expected) ? actual.some((a) => same(a, expected)) : same(actual, expected);
    case 'any':
      return Array.isArray(expected) && expected.some((e) => test('equals', actual, e));
    case 'contains':
      if (Array.isArray(actual)) return actual.some((a) => same(a, expected));
      return typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected);
    case 'contains-any':
      return Array.isArray(expected) && expected.some((e) => test('contains', actual, e) || same(actual, e));
    case 'contains-all':
      return Array.isArray(expected) && expected.every((e) => test('contains', actual, e) || same(actual, e));
    case 'starts-with':
      return typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected);
    case 'ends-with':
      return typeof actual === 'string' && typeof expected === 'string' && actual.endsWith(expected);
    case 'has':
      return actual !== undefined && actual !== null && !(Array.isArray(actual) && actual.length === 0);
    case 'less-than':
      return order(actual, expected, (c) => c < 0);
    case 'less-or-equal':
      return order(actual, expected, (c) => c <= 0);
    case 'greater-than':
      return order(actual, expected, (c) => c > 0);
    case 'greater-or-equal':
      return order(actual, expected, (c) => c >= 0);
    default:
      return false;
  }
}

/** Converts a stored value to something comparable with a filter literal of the same kind. */
function comparable(actual: unknown, like: FilterValue | undefined): unknown {
  if (like instanceof Date) {
    if (actual instanceof Date) return actual.getTime();
    if (typeof actual === 'string') return Date.parse(actual);
    // Event `timestamp` is in seconds; anything this small cannot be milliseconds since 1970 for real data.
    if (typeof actual === 'number') return actual < 1e11 ? actual * 1000 : actual;
    return undefined;
  }
  return actual instanceof Date ? actual.toISOString() : actual;
}

function same(actual: unknown, expected: FilterValue | undefined): boolean {
  if (expected instanceof Date) return comparable(actual, expected) === expected.getTime();
  return comparable(actual, expected) === expected;
}

function order(actual: unknown, expected: FilterValue | undefined, ok: (c: number) => boolean): boolean {
  const a = comparable(actual, expected);
  const b = expected instanceof Date ? expected.getTime() : expected;
  if (typeof a === 'number' && typeof b === 'number') return !Number.isNaN(a) && ok(a - b);
  if (typeof a === 'string' && typeof b === 'string') return ok(a < b ? -1 : a > b ? 1 : 0);
  return false;
}
