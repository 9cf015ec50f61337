/**
 * Report timeframes and interval buckets, on the local calendar of an IANA time zone: Klaviyo's named keys
 * (`last_30_days`, `this_month`, ...) resolved against the mock's clock, or a custom `{start, end}` of at most
 * one year; the interval buckets of series reports and metric aggregates; and the dates they answer with,
 * written with the zone's offset (`2026-06-09T00:00:00-04:00`).
 *
 * A day bucket is a local calendar day, so it lasts 23 or 25 hours when the clocks change. The zone's rules
 * come from `Intl.DateTimeFormat` (Node's ICU data), not from a dependency.
 */
import { timeZoneProblem } from '../core/datetime.js';
import { invalidBody } from './errors.js';

/** A half-open time range in epoch milliseconds. */
export interface Range {
  start: number;
  end: number;
}

/** The zone Klaviyo uses when a request names none (the `timezone` default of metric aggregates). */
export const DEFAULT_TIME_ZONE = 'UTC';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter reading an instant's wall-clock fields in `zone`, or undefined when ICU does not know the zone. */
function formatter(zone: string): Intl.DateTimeFormat | undefined {
  let format = formatters.get(zone);
  if (format) return format;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined; // RangeError: an unknown zone
  }
  formatters.set(zone, format);
  return format;
}

/**
 * A request's `timezone`: the default (UTC) when absent or null, else a zone name Klaviyo accepts. Throws
 * the 400 Klaviyo answers for an invalid attribute value, pointing at `pointer`.
 */
export function checkTimeZone(value: unknown, pointer = '/data/attributes/timezone'): string {
  if (value === undefined || value === null) return DEFAULT_TIME_ZONE;
  if (typeof value !== 'string') throw invalidBody(pointer, "'timezone' must be an IANA time zone name.");
  const problem = timeZoneProblem(value);
  if (problem) throw invalidBody(pointer, `timezone ${problem}`);
  return value;
}

/** The wall-clock time of instant `ms` in `zone`, as epoch milliseconds of the same fields read as UTC. */
function wallClock(ms: number, zone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(zone)!.formatToParts(ms)) fields[part.type] = Number(part.value);
  return Date.UTC(fields['year']!, fields['month']! - 1, fields['day'], fields['hour'], fields['minute'], fields['second']);
}

/** The offset of `zone` from UTC at instant `ms`, in milliseconds (New York in summer: -4 hours). */
export function offsetAt(ms: number, zone: string): number {
  const second = Math.floor(ms / 1000) * 1000;
  return wallClock(second, zone) - second;
}

/** Instant `ms` as a wall-clock time in `zone` (epoch milliseconds of the local fields read as UTC). */
export function toWallClock(ms: number, zone: string): number {
  return ms + offsetAt(ms, zone);
}

/**
 * The instant a wall-clock time names in `zone`. A time the clocks pass twice (falling back) is its first
 * occurrence; a time they skip (springing forward) is the first instant after the gap, so a day whose
 * midnight is skipped starts at 01:00.
 */
export function fromWallClock(wall: number, zone: string): number {
  // The instant lies within 14 hours of `wall`; a day either side brackets any one change of offset.
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  const candidates = [wall - before, wall - after].filter((t) => toWallClock(t, zone) === wall);
  return candidates.length > 0 ? Math.min(...candidates) : wall - before;
}

/**
 * Instant `ms` to the second with `zone`'s offset, the way Klaviyo writes report dates
 * (`2026-06-09T00:00:00-04:00`; UTC gives `+00:00`, as in the spec's examples).
 */
export function isoInZone(ms: number, zone: string): string {
  const second = Math.floor(ms / 1000) * 1000;
  const offset = Math.round(offsetAt(second, zone) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${new Date(second + offset * 60_000).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

const ISO_FIELDS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** The wall-clock fields of an ISO 8601 datetime, its offset dropped; NaN for anything else. */
function wallFields(text: unknown): number {
  const m = typeof text === 'string' ? ISO_FIELDS.exec(text.trim()) : null;
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1).map((f) => Number(f ?? 0)) as number[];
  const wall = Date.UTC(year!, month! - 1, day, hour, minute, second);
  const d = new Date(wall);
  // Date.UTC rolls 2024-02-30 over to March: an impossible date is no date.
  return d.getUTCMonth() === month! - 1 && d.getUTCDate() === day && hour! < 24 && minute! < 60 && second! < 60 ? wall : NaN;
}

/** Midnight of the local day holding wall-clock time `wall`. */
function startOfDay(wall: number): number {
  return Math.floor(wall / DAY) * DAY;
}

/**
 * Resolves a report's `timeframe` at time `now` on the local calendar of `zone` (the account's time zone:
 * a custom start and end are read as wall-clock times there, their offsets ignored, as the spec's
 * `CustomTimeframe` says). Throws 400 for unknown keys or ranges over a year.
 */
export function resolveTimeframe(
  timeframe: unknown,
  now: number,
  pointer = '/data/attributes/timeframe',
  zone = DEFAULT_TIME_ZONE,
): Range {
  const tf = (timeframe ?? {}) as { key?: string; start?: string; end?: string };
  if (tf.key !== undefined) {
    const today = startOfDay(toWallClock(now, zone));
    const d = new Date(today);
    const local = (wall: number) => fromWallClock(wall, zone);
    const month = (offset: number) => local(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
    const year = (offset: number) => local(Date.UTC(d.getUTCFullYear() + offset, 0, 1));
    const week = today - ((d.getUTCDay() + 6) % 7) * DAY; // weeks start on Monday
    const ranges: Record<string, Range> = {
      today: { start: local(today), end: now },
      yesterday: { start: local(today - DAY), end: local(today) },
      last_7_days: { start: now - 7 * DAY, end: now },
      last_30_days: { start: now - 30 * DAY, end: now },
      last_90_days: { start: now - 90 * DAY, end: now },
      last_365_days: { start: now - 365 * DAY, end: now },
      last_3_months: { start: month(-3), end: now },
      last_12_months: { start: month(-12), end: now },
      this_week: { start: local(week), end: now },
      last_week: { start: local(week - 7 * DAY), end: local(week) },
      this_month: { start: month(0), end: now },
      last_month: { start: month(-1), end: month(0) },
      this_year: { start: year(0), end: now },
      last_year: { start: year(-1), end: year(0) },
    };
    const range = ranges[tf.key];
    if (!range) throw invalidBody(`${pointer}/key`, `'${tf.key}' is not a valid timeframe key.`);
    return range;
  }
  const startWall = wallFields(tf.start);
  const endWall = wallFields(tf.end);
  if (Number.isNaN(startWall) || Number.isNaN(endWall) || endWall <= startWall)
    throw invalidBody(pointer, 'The timeframe needs a key or a start before its end.');
  const range = { start: fromWallClock(startWall, zone), end: fromWallClock(endWall, zone) };
  if (range.end - range.start > 366 * DAY) throw invalidBody(pointer, 'The timeframe cannot exceed one year.');
  return range;
}

/**
 * Bucket start times covering `range` for `interval` (hourly, daily, weekly, monthly; also hour/day/week/month)
 * on the local calendar of `zone`: the first bucket starts at the local hour, day, Monday or first of the
 * month holding `range.start`.
 */
export function buckets(range: Range, interval: string, zone = DEFAULT_TIME_ZONE): number[] {
  const out: number[] = [];
  const unit = interval.replace(/ly$/, '').replace(/^dai$/, 'day');
  const first = toWallClock(range.start, zone);
  if (unit === 'hour') {
    // Real hours, not wall-clock ones: the hour the clocks repeat when falling back is a bucket of its own.
    for (let t = fromWallClock(Math.floor(first / HOUR) * HOUR, zone); t < range.end && out.length < 10_000; t += HOUR)
      out.push(t);
    return out;
  }
  const wall = new Date(startOfDay(first));
  if (unit === 'week') wall.setUTCDate(wall.getUTCDate() - ((wall.getUTCDay() + 6) % 7)); // weeks start on Monday
  if (unit === 'month') wall.setUTCDate(1);
  for (
    let t = fromWallClock(wall.getTime(), zone);
    t < range.end && out.length < 10_000;
    t = fromWallClock(wall.getTime(), zone)
  ) {
    out.push(t);
    if (unit === 'day') wall.setUTCDate(wall.getUTCDate() + 1);
    else if (unit === 'week') wall.setUTCDate(wall.getUTCDate() + 7);
    else wall.setUTCMonth(wall.getUTCMonth() + 1);
  }
  return out;
}

/** Index of the bucket holding `ms`, or -1. */
export function bucketIndex(starts: number[], ms: number, end: number): number {
  if (ms >= end) return -1;
  for (let i = starts.length - 1; i >= 0; i--) if (ms >= starts[i]!) return i;
  return -1;
}
