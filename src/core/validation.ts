/** Turning zod's verdicts into the SDK's `ValidationError`, for requests (before sending) and responses. */
import type { ZodError, ZodType } from 'zod';
import { ValidationError, type ValidationIssue } from './errors.js';

/** zod issues as `{ path: 'data.attributes.email', message }`. */
export function issuesOf(error: ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses `value` with `schema`, or throws `ValidationError` naming `what` and every bad field. Nothing is sent. */
export function validateInput<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(`Invalid ${what}`, { issues: issuesOf(parsed.error) });
}
