/**
 * One error hierarchy for everything the SDK can throw. `KlaviyoApiError.from` is the single factory that
 * turns an HTTP answer into the right subclass, so callers can `instanceof`-check what they care about.
 *
 * Klaviyo's error body: https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling
 * `{"errors": [{"id", "status", "code", "title", "detail", "source": {"pointer" | "parameter"}}]}`
 */
import { redactHeaders, redactSecrets, redactValue } from './redact.js';

/** One entry of Klaviyo's `errors` array. */
export interface KlaviyoErrorObject {
  id?: string;
  status?: number | string;
  code?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
}

/** Options every SDK error accepts. */
export interface KlaviyoErrorOptions {
  cause?: unknown;
}

/**
 * Marks the SDK's error classes: each class's prototype carries its name under this key. `Symbol.for`, so
 * the ESM and the CJS builds (two module instances, with two copies of every class) mark them alike.
 */
const ERROR_CLASS = Symbol.for('klaviyo-ts.error-class');

/**
 * @internal Marks an SDK error class with its name, so `instanceof` recognises its errors from the other
 * build (see `KlaviyoError[Symbol.hasInstance]`). Every `KlaviyoError` subclass the SDK exports calls it in a
 * `static {}` block. The mark is not enumerable, so it is in neither JSON nor `toJSON()`.
 *
 * It also names the class itself: the CommonJS build's conversion (sucrase, in tsup) rewrites a class with
 * fields as `(_class6 = class …)`, whose inferred name `util.inspect` then printed (`_class6 [NotFoundError]`).
 */
export function markErrorClass(cls: { prototype: object }, name: string): void {
  Object.defineProperty(cls.prototype, ERROR_CLASS, { value: name });
  Object.defineProperty(cls, 'name', { value: name });
}

/** The base class of every error the SDK throws. */
export class KlaviyoError extends Error {
  static {
    markErrorClass(this, 'KlaviyoError');
  }

  /**
   * `err instanceof KlaviyoError` (or any subclass) holds for errors thrown by the other build of this
   * package as well: a process can load both the ESM and the CJS build (a dependency `require`s the SDK, the
   * app `import`s it), and each has its own copy of these classes. An error is recognised by the class
   * names marked on its prototype chain; a class of your own that extends these is checked as usual.
   */
  static override [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const wanted: unknown = Object.hasOwn(this.prototype, ERROR_CLASS) ? this.prototype[ERROR_CLASS] : undefined;
    if (typeof wanted !== 'string' || typeof value !== 'object' || value === null) return false;
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      if (Object.hasOwn(proto, ERROR_CLASS) && proto[ERROR_CLASS] === wanted) return true;
    }
    return false;
  }

  override readonly name: string = 'KlaviyoError';
  /**
   * True when the call was a write that reached (or may have reached) Klaviyo without a usable answer
   * (a 5xx, a timeout, a connection dropped after sending). Writes that are not safe to repeat are then
   * not re-sent, so check the account before trying again yourself.
   */
  mayHaveApplied = false;

  constructor(message: string, options: KlaviyoErrorOptions = {}) {
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: redactValue(options.cause) });
  }

  /** A plain, key-free description for logs and JSON output. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key === 'headers' || key === 'cause') continue;
      out[key] = value;
    }
    return JSON.parse(redactSecrets(JSON.stringify(out)));
  }
}

/** What the transport knows about a failed HTTP exchange. */
export interface ApiErrorInit {
  status: number;
  method: string;
  path: string;
  headers: Headers;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /**
   * The URL requested, without its query, when it was not Klaviyo's own host (a proxy, the mock): the
   * message names it in place of `path`, so that a wrong prefix or port shows.
   */
  url?: string;
}

/** Klaviyo answered with a non-2xx status. */
export class KlaviyoApiError extends KlaviyoError {
  static {
    markErrorClass(this, 'KlaviyoApiError');
  }

  override readonly name: string = 'KlaviyoApiError';
  readonly status: number;
  /** Klaviyo's `errors` array (empty when the body was not Klaviyo-shaped, e.g. an HTML 502 page). */
  readonly errors: KlaviyoErrorObject[];
  /** The request id Klaviyo's support can trace (from the `x-klaviyo-req-id` header or the first error's id). */
  readonly requestId: string | undefined;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly method: string;
  readonly path: string;

  constructor(init: ApiErrorInit, options: KlaviyoErrorOptions = {}) {
    const body = redactValue(init.body);
    const errors = errorObjectsOf(body);
    super(describeApiError({ ...init, body }, errors), options);
    this.status = init.status;
    this.errors = errors;
    this.requestId = init.headers.get('x-klaviyo-req-id') ?? init.headers.get('x-request-id') ?? errors[0]?.id;
    this.headers = redactHeaders(init.headers);
    this.body = body;
    this.method = init.method;
    this.path = init.path;
  }

  /** Builds the subclass that matches the status: the one place statuses map to error classes. */
  static from(init: ApiErrorInit): KlaviyoApiError {
    const { status } = init;
    if (status === 400) return new BadRequestError(init);
    if (status === 401) return new AuthenticationError(init);
    if (status === 403) return new PermissionDeniedError(init);
    if (status === 404) return new NotFoundError(init);
    if (status === 409) return new ConflictError(init);
    if (status === 429) return new RateLimitError(init);
    if (status >= 500) return new ServerError(init);
    return new KlaviyoApiError(init);
  }
}

/** 400: Klaviyo rejected the input (bad attribute, bad filter syntax, …). */
export class BadRequestError extends KlaviyoApiError {
  static {
    markErrorClass(this, 'BadRequestError');
  }

  override readonly name: string = 'BadRequestError';
}

/** 401: the private key is missing, malformed or revoked. */
export class AuthenticationError extends KlaviyoApiError {
  static {
    markErrorClass(this, 'AuthenticationError');
  }

  override readonly name: string = 'AuthenticationError';
}

/** 403: the key lacks a scope the operation needs. */
export class PermissionDeniedError extends KlaviyoApiError {
  static {
    markErrorClass(this, 'PermissionDeniedError');
  }

  override readonly name: string = 'PermissionDeniedError';
}

/** 404: no resource with that id in this account. */
export class NotFoundError extends KlaviyoApiError {
  static {
    markErrorClass(this, 'NotFoundError');
  }

  override readonly name: string = 'NotFoundError';
}

/** 409: the resource already exists. For a duplicate profile, `duplicateProfileId` names the existing one. */
export class ConflictError extends KlaviyoApiError {
  static {
    markErrorClass(this, 'ConflictError');
  }

  override readonly name: string = 'ConflictError';
  /** The id of the profile that already exists, when Klaviyo sends it (`meta.duplicate_profile_id`). */
  readonly duplicateProfileId: string | undefined;

  constructor(init: ApiErrorInit, options?: KlaviyoErrorOptions) {
    super(init, options);
    const id = this.errors.map((e) => e.meta?.['duplicate_profile_id']).find((v) => typeof v === 'string');
    this.duplicateProfileId = id as string | undefined;
  }
}

/** 429, or a client-side limit (a daily cap) that would be exceeded. */
export class RateLimitError extends KlaviyoApiError {
  static {
    markErrorClass(this, 'RateLimitError');
  }

  override readonly name: string = 'RateLimitError';
  /** How long Klaviyo asked us to wait (`Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit, options?: KlaviyoErrorOptions & { retryAfterMs?: number; message?: string }) {
    super(init, options);
    this.retryAfterMs = options?.retryAfterMs ?? parseRetryAfterMs(init.headers.get('retry-after'));
    if (options?.message) this.message = redactSecrets(options.message);
  }
}

/** 5xx: Klaviyo failed. Retried for operations that are safe to repeat. */
export class ServerError extends KlaviyoApiError {
  static {
    markErrorClass(this, 'ServerError');
  }

  override readonly name: string = 'ServerError';
}

/** The request could not reach Klaviyo, or the connection dropped before an answer came. */
export class ConnectionError extends KlaviyoError {
  static {
    markErrorClass(this, 'ConnectionError');
  }

  override readonly name: string = 'ConnectionError';
}

/** No answer within `timeoutMs` (per attempt). */
export class TimeoutError extends KlaviyoError {
  static {
    markErrorClass(this, 'TimeoutError');
  }

  override readonly name: string = 'TimeoutError';
}

/** The caller's `signal` aborted the call. Never retried. */
export class AbortError extends KlaviyoError {
  static {
    markErrorClass(this, 'AbortError');
  }

  override readonly name: string = 'AbortError';
}

/**
 * The `accessToken` function of an OAuth app's client threw, or returned something other than a token. The
 * function's own error is the `cause` (with every key and token masked). Nothing was sent with a new token;
 * the call is not retried.
 */
export class AccessTokenError extends KlaviyoError {
  static {
    markErrorClass(this, 'AccessTokenError');
  }

  override readonly name: string = 'AccessTokenError';
}

/**
 * Klaviyo's answer was longer than `maxResponseBytes` (default 64 MiB): the SDK stopped reading it (or did not
 * start, when `Content-Length` said so) rather than hold it all in memory. Not retried: the same request gets
 * the same answer. When the call was a write answered 2xx, the write was applied (`mayHaveApplied`).
 */
export class ResponseTooLargeError extends KlaviyoError {
  static {
    markErrorClass(this, 'ResponseTooLargeError');
  }

  override readonly name: string = 'ResponseTooLargeError';
  /** The cap the body went over, in bytes: the call's or the client's `maxResponseBytes`. */
  readonly limitBytes: number;
  /** The call, as `GET /api/events`. */
  readonly operation: string;
  /** The HTTP status of the answer whose body was too large. */
  readonly status: number;

  constructor(message: string, init: { limitBytes: number; operation: string; status: number }) {
    super(message);
    this.limitBytes = init.limitBytes;
    this.operation = init.operation;
    this.status = init.status;
  }
}

/** One problem zod found. */
export interface ValidationIssue {
  /**
   * Where: in input, a dotted path (`data.attributes.email`, `data.attributes.measurements.0`); in a response,
   * a JSON path with array indexes folded (`data[].attributes.email`), as one problem is usually every item's.
   * A key that is not a plain name is quoted in brackets (`properties["utm.source"]`, `properties[""]`), so a
   * dot in a key never reads as a level. Empty for the value itself.
   */
  path: string;
  message: string;
}

/** A key written bare in an issue path; any other (`utm.source`, `Item Count`, ``) is quoted in brackets. */
export const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * An input path one level down: `a.b`, `a.0` for an array index, `a["utm.source"]` for a key that is not a
 * plain name. `prefix` is a path already (or empty, for the value itself).
 */
export function appendKey(prefix: string, key: string | number): string {
  if (typeof key === 'string' && !PLAIN_KEY.test(key)) return `${prefix}[${JSON.stringify(key)}]`;
  return prefix ? `${prefix}.${key}` : String(key);
}

/**
 * A path below another: `events.3` + `profile.email` → `events.3.profile.email`, + `["utm.source"]` →
 * `events.3["utm.source"]` (a quoted key needs no dot), + `` → `events.3`.
 */
export function joinPath(prefix: string, rest: string): string {
  if (!prefix || !rest) return prefix || rest;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

/**
 * The issues of `more` that say something new beside `said`: one at a place `said` has an issue for, or
 * below it, is the same problem in other words (the schema's `value` beside the SDK's, or its
 * `profile.email` beside the SDK's `profile`), and is left out. For merging two checks' issues into one error.
 */
export function issuesBesides(said: readonly ValidationIssue[], more: readonly ValidationIssue[]): ValidationIssue[] {
  const at = said.map((issue) => issue.path);
  const covered = (path: string) =>
    at.some((place) => path === place || path.startsWith(`${place}.`) || (place !== '' && path.startsWith(`${place}[`)));
  return more.filter((issue) => !covered(issue.path));
}

/** Issues a `ValidationError`'s message spells out; its `issues` keep every one. */
const MAX_ISSUES_IN_MESSAGE = 10;

/**
 * Input that would be rejected, caught before anything was sent; or, with `responseValidation: 'strict'`, a
 * response that does not match the documented schema (then `body` carries the raw response so nothing is
 * lost). When that response was a 2xx to a write, the write was applied: `mayHaveApplied` is true.
 * The message spells out the first 10 issues (`path: message`, then `and N more (see .issues)`); `issues`
 * holds every one, so a bulk call's thousand bad items do not make a message of a thousand lines.
 */
export class ValidationError extends KlaviyoError {
  static {
    markErrorClass(this, 'ValidationError');
  }

  override readonly name: string = 'ValidationError';
  readonly issues: ValidationIssue[];
  /** The raw response body, when the invalid thing was a response. */
  readonly body: unknown;

  constructor(message: string, init: { issues?: ValidationIssue[]; body?: unknown; cause?: unknown } = {}) {
    const issues = init.issues ?? [];
    // A bulk call can bring thousands of issues: the message names the first few, `issues` holds them all.
    const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more (see .issues)`);
    const where = shown.join('; ');
    super(where ? `${message}: ${where}` : message, { cause: init.cause });
    this.issues = issues;
    this.body = redactValue(init.body);
  }
}

/**
 * Runs `check` and adds the issues of the `ValidationError` it throws to `issues` (anything else is thrown on):
 * how a set of checks that each stop at their first problem reports all of them in one error.
 */
export function collectIssues(issues: ValidationIssue[], check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues);
  }
}

/** `Retry-After` is seconds (or an HTTP date); returns milliseconds, or undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorObjectsOf(body: unknown): KlaviyoErrorObject[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is KlaviyoErrorObject => typeof e === 'object' && e !== null) : [];
}

/** `400 invalid: The email field is required. (at /data/attributes/email) — POST /api/profiles` */
function describeApiError(init: ApiErrorInit, errors: KlaviyoErrorObject[]): string {
  const where = `${init.method} ${init.url ?? init.path}`;
  if (errors.length === 0) {
    const snippet = typeof init.body === 'string' ? snippetOf(init.body) : '';
    return `${init.status}${snippet ? ` ${snippet}` : ''} — ${where}`;
  }
  const parts = errors.map((e) => {
    const location = e.source?.pointer ?? (e.source?.parameter ? `parameter ${e.source.parameter}` : undefined);
    const text = [e.code, e.detail ?? e.title].filter(Boolean).join(': ');
    return location ? `${text} (at ${location})` : text;
  });
  return `${init.status} ${parts.join('; ')} — ${where}`;
}

/** A short, single-line taste of a non-JSON body (an HTML error page) for the message. */
function snippetOf(text: string): string {
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 120 ? `${plain.slice(0, 117)}...` : plain;
}
