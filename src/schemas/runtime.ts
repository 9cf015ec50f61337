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
