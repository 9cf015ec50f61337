/**
 * Reading option values. Each parser throws commander's `InvalidArgumentError`, so a bad value is reported
 * like any other usage error ("option '--limit <n>' argument 'x' is invalid. …", exit 2).
 */
import { InvalidArgumentError } from 'commander';
import { and } from '../index.js';
import { UsageError } from './runtime.js';

/** `k=v` → `[k, v]`; the value may itself hold `=`. */
export function parsePair(text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('Expected name=value.');
  return [text.slice(0, at).trim(), text.slice(at + 1)];
}

/** Commander accumulator for options that may be repeated (`--property a=1 --property b=2`). */
export function collect<T>(parse: (text: string) => T): (text: string, previous: T[] | undefined) => T[] {
  return (text, previous) => [...(previous ?? []), parse(text)];
}

/**
 * A property value typed the way a person writing it means it: `true`/`false`/`null`, numbers (but not
 * ones with a leading zero, like zip codes `02134`), JSON arrays and objects; anything else is a string.
 */
export function typedValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text) && text.length < 16) return Number(text);
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** `--property k=v` (repeatable) → `{ k: typedValue(v) }`. */
export function propertiesOf(pairs: readonly [string, string][] | undefined): Record<string, unknown> {
  return Object.fromEntries((pairs ?? []).map(([k, v]) => [k, typedValue(v)]));
}

/** A whole number within bounds. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`Expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}.`);
    return n;
  };
}

/** A finite number (`--value 99.99`). */
export function decimal(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('Expected a number.');
  return n;
}

/** `2026-11-01` or a full ISO 8601 datetime → Date. */
export function date(text: string): Date {
  const value = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(value.getTime()))
    throw new InvalidArgumentError('Expected a date, e.g. 2026-11-01 or 2026-11-01T09:30:00Z.');
  return value;
}

const UNITS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `30d`, `12w`, `24h` → that many days, weeks or hours. */
export function duration(text: string): { amount: number; unit: 'h' | 'd' | 'w'; ms: number } {
  const match = /^(\d+)\s*([hdw])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new InvalidArgumentError('Expected a duration such as 30d, 12w or 24h.');
  const amount = Number(match[1]);
  const unit = match[2] as 'h' | 'd' | 'w';
  return { amount, unit, ms: amount * UNITS[unit]! };
}

/** `email,first_name` → `['email', 'first_name']`. */
export function list(text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('Expected a comma-separated list.');
  return items;
}

/** One `--filter` condition: field, operator (as the SDK names it) and value. */
export interface Condition {
  field: string;
  operator: string;
  value: unknown;
}

const OPERATORS: [string, string][] = [
  ['>=', 'greaterOrEqual'],
  ['<=', 'lessOrEqual'],
  ['~', 'contains'],
  ['=', 'equals'],
  ['>', 'greaterThan'],
  ['<', 'lessThan'],
];

/**
 * `email=a@b.com`, `created>=2025-01-01`, `name~Sale` → a condition. Dates are sent as dates (unquoted, as
 * Klaviyo's filter syntax wants), `true`/`false` as booleans. Whether the field and operator are allowed is
 * the SDK's check, against the operation's own table.
 */
export function condition(text: string): Condition {
  const match = /^\s*([A-Za-z_$][\w.$-]*)\s*(>=|<=|~|=|>|<)(.*)$/.exec(text);
  if (!match) throw new InvalidArgumentError('Expected field=value (or >, >=, <, <=, ~ for contains).');
  const [, field, symbol, raw] = match as unknown as [string, string, string, string];
  const operator = OPERATORS.find(([s]) => s === symbol)![1];
  const trimmed = raw.trim();
  let value: unknown = trimmed;
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) value = new Date(trimmed);
  else if (trimmed === 'true' || trimmed === 'false') value = trimmed === 'true';
  return { field, operator, value };
}

/**
 * The SDK filter for `--filter` conditions (all must hold) or the `--filter-raw` string (sent as written).
 * Undefined when neither was given.
 */
export function filterOf(conditions: readonly Condition[] | undefined, raw: string | undefined): unknown {
  if (raw !== undefined && conditions?.length) throw new UsageError('Give --filter or --filter-raw, not both.');
  if (raw !== undefined) return raw;
  if (!conditions?.length) return undefined;
  const objects = conditions.map(({ field, operator, value }) => ({ [field]: { [operator]: value } }));
  return objects.length === 1 ? objects[0] : and(...(objects as never[]));
}
