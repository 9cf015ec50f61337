/**
 * Report timeframes: Klaviyo's named keys (`last_30_days`, `this_month`, ...) resolved against the mock's
 * clock, or a custom `{start, end}` of at most one year; and the interval buckets of series reports.
 */
import { invalidBody } from './errors.js';

/** A half-open time range in epoch milliseconds. */
export interface Range {
  start: number;
  end: number;
}

const DAY = 24 * 3600 * 1000;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** Resolves a request's `timeframe` at time `now`. Throws 400 for unknown keys or ranges over a year. */
export function resolveTimeframe(timeframe: unknown, now: number, pointer = '/data/attributes/timeframe'): Range {
  const tf = (timeframe ?? {}) as { key?: string; start?: string; end?: string };
  if (tf.key !== undefined) {
    const today = startOfDay(now);
    const d = new Date(now);
    const month = (offset: number) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
    const year = (offset: number) => Date.UTC(d.getUTCFullYear() + offset, 0, 1);
    const week = today - ((d.getUTCDay() + 6) % 7) * DAY; // weeks start on Monday
    const ranges: Record<string, Range> = {
      today: { start: today, end: now },
      yesterday: { start: today - DAY, end: today },
      last_7_days: { start: now - 7 * DAY, end: now },
      last_30_days: { start: now - 30 * DAY, end: now },
      last_90_days: { start: now - 90 * DAY, end: now },
      last_365_days: { start: now - 365 * DAY, end: now },
      last_3_months: { start: month(-3), end: now },
      last_12_months: { start: month(-12), end: now },
      this_week: { start: week, end: now },
      last_week: { start: week - 7 * DAY, end: week },
      this_month: { start: month(0), end: now },
      last_month: { start: month(-1), end: month(0) },
      this_year: { start: year(0), end: now },
      last_year: { start: year(-1), end: year(0) },
    };
    const range = ranges[tf.key];
    if (!range) throw invalidBody(`${pointer}/key`, `'${tf.key}' is not a valid timeframe key.`);
    return range;
  }
  const start = Date.parse(String(tf.start));
  const end = Date.parse(String(tf.end));
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
    throw invalidBody(pointer, 'The timeframe needs a key or a start before its end.');
  if (end - start > 366 * DAY) throw invalidBody(pointer, 'The timeframe cannot exceed one year.');
  return { start, end };
}

/** Bucket start times covering `range` for `interval` (hourly, daily, weekly, monthly; also hour/day/week/month). */
export function buckets(range: Range, interval: string): number[] {
  const out: number[] = [];
  const unit = interval.replace(/ly$/, '').replace(/^dai$/, 'day');
  let t = unit === 'hour' ? Math.floor(range.start / 3_600_000) * 3_600_000 : startOfDay(range.start);
  if (unit === 'month') t = Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1);
  if (unit === 'week') t -= ((new Date(t).getUTCDay() + 6) % 7) * DAY;
  while (t < range.end && out.length < 10_000) {
    out.push(t);
    if (unit === 'hour') t += 3_600_000;
    else if (unit === 'day') t += DAY;
    else if (unit === 'week') t += 7 * DAY;
    else t = Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth() + 1, 1);
  }
  return out;
}

/** Index of the bucket holding `ms`, or -1. */
export function bucketIndex(starts: number[], ms: number, end: number): number {
  if (ms >= end) return -1;
  for (let i = starts.length - 1; i >= 0; i--) if (ms >= starts[i]!) return i;
  return -1;
}
