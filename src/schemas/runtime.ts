/**
 * The few building blocks the generated schemas share. Hand-written; the generated files import them.
 */
import { z } from 'zod';

/**
 * A response enum that keeps the documented values for autocompletion but accepts any string, because
 * Klaviyo adds enum values without a new revision and a client must not crash on them.
 * The type is `'a' | 'b' | (string & {})`: editors still suggest `'a'` and `'b'`.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string() as unknown as z.ZodType<string & {}, string & {}>]);
}

/** E.164: a plus sign, a non-zero country-code digit, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** A phone number in E.164 format, the only form Klaviyo accepts (`+15005550006`). */
export function phoneNumber() {
  return z.string().regex(E164_PATTERN, { error: 'Phone numbers must be in E.164 format, e.g. +15005550006' });
}

/**
 * ISO 8601 date or date-time, as Klaviyo reads it: `2024-10-15`, `2024-10-15T09:30:00`, with optional
 * fractional seconds and `Z` or an offset. Loose enough for everything the spec's `date-time` accepts;
 * strict enough to catch `Date.prototype.toString()` output and other non-ISO strings before Klaviyo does.
 */
export const ISO_DATE_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

export function isoDateTime() {
  return z.string().regex(ISO_DATE_TIME_PATTERN, { error: 'Expected an ISO 8601 date-time, e.g. 2024-10-15T09:30:00Z' });
}

/**
 * An email address by the rule browsers apply to `<input type="email">` (zod's `html5Email`): it refuses
 * strings that are not addresses at all (`sarah.mason`, `@klaviyo.com`) but not unusual real ones
 * (`o'brien+tag&co@example.co.uk`), which zod's default, stricter rule would refuse.
 */
export function emailAddress() {
  return z.email({ pattern: z.regexes.html5Email });
}
