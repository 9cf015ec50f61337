/**
 * Which quota a call draws from, and how big that quota is.
 *
 * Klaviyo publishes a limit per operation (`x-klaviyo-ratelimit` in the OpenAPI spec, copied into
 * operations.generated.ts). How operations share a counter on Klaviyo's side is not documented, so the SDK
 * assumes one counter per operation; `bucketKeyFor` is the single place to change that assumption.
 */
import { RateLimitError, ValidationError } from '../errors.js';
import { closestName, keysOf } from '../known-keys.js';
import { knownOperations, operationSpec, type OperationSpec } from '../operations.js';
import { DEFAULT_REVISION } from '../revisions.js';
import type { RateLimitValues } from './index.js';

/** The limits the limiter enforces for one bucket. `daily` is absent when the operation has no daily cap. */
export interface ResolvedLimits {
  burst: number;
  steady: number;
  daily?: number;
}

/** Used for an operation id the table does not know: Klaviyo's smallest tier, so we never overrun. */
const UNKNOWN_OPERATION_LIMITS: ResolvedLimits = { burst: 1, steady: 15 };

/** The rate-limit bucket an operation draws from: one per operation (per account, see registry.ts). */
export function bucketKeyFor(operationId: string): string {
  return operationId;
}

/**
 * The limits for `operationId`: the spec's numbers, then overrides for its tier, then overrides for the
 * operation itself (an operation id wins over its tier, e.g. an OAuth app granted more for one endpoint).
 */
export function resolveLimits(
  operationId: string,
  overrides: { [operationIdOrTier: string]: RateLimitValues } = {},
): ResolvedLimits {
  const spec = specOf(operationId);
  const base: ResolvedLimits = spec ? { ...spec.limits } : { ...UNKNOWN_OPERATION_LIMITS };
  const merged = { ...base, ...defined(spec ? overrides[spec.tier] : undefined), ...defined(overrides[operationId]) };
  const out: ResolvedLimits = { burst: positive(merged.burst, 'burst'), steady: positive(merged.steady, 'steady') };
  if (merged.daily !== undefined) out.daily = positive(merged.daily, 'daily');
  return out;
}

/** Klaviyo's rate-limit tiers, the other keys `rateLimit.limits` takes beside operation ids. */
const TIERS = keysOf<Record<OperationSpec['tier'], unknown>>()(['XS', 'S', 'M', 'L', 'XL', 'reporting', 'custom']);

/**
 * Why a `rateLimit.limits` key is one no call will ever look up, or undefined: so that a misspelt id or tier
 * is refused, not ignored. `Klaviyo` knows every operation of the revision, and refuses any other id. A bare
 * `KlaviyoCore` knows only the operations its functions have called, so it refuses an id close to one it
 * knows or to a tier (`xl`, `get_profils`), and one not in Klaviyo's snake_case (`getProfiles`, the
 * function's name); the others (the `OperationId` type checks them) wait for their call.
 */
export function limitsKeyProblem(key: string): string | undefined {
  if ((TIERS as readonly string[]).includes(key) || isKnownOperation(key)) return undefined;
  const { ids, complete } = knownOperations();
  const meant = closestName(key, [...TIERS, ...ids]);
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const suggestion = meant ?? (SNAKE_CASE.test(snake) && snake !== key ? snake : undefined);
  if (!suggestion && complete === false && SNAKE_CASE.test(key)) return undefined;
  const what = `is no tier (${TIERS.join(', ')}) nor an operation id of revision ${DEFAULT_REVISION} (snake_case, e.g. get_profiles)`;
  return suggestion ? `${what}; did you mean "${suggestion}"?` : what;
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** True when the generated table knows this operation id. */
export function isKnownOperation(operationId: string): boolean {
  return specOf(operationId) !== undefined;
}

/**
 * The error for a call that would exceed its daily cap: it fails at once, saying when a slot frees, instead
 * of waiting up to a day.
 */
export function dailyLimitError(operationId: string, limit: number, resetAt: number, now = Date.now()): RateLimitError {
  const message = `Daily limit of ${limit} for ${operationId} reached; resets at ${new Date(resetAt).toISOString()}`;
  return unsentRateLimitError(operationId, resetAt - now, message);
}

/**
 * The error for a call made while its bucket is paused longer than the SDK waits for (`MAX_RETRY_AFTER_MS`):
 * Klaviyo answered an earlier call 429 with a long `Retry-After`, and that call failed with it. This one
 * fails the same way at once, rather than waiting minutes in the queue without a word.
 */
export function pausedError(operationId: string, pausedUntil: number, now = Date.now()): RateLimitError {
  const message =
    `${operationId} is paused until ${new Date(pausedUntil).toISOString()}: Klaviyo answered 429 asking to wait ` +
    `${Math.ceil((pausedUntil - now) / 1000)} s more, longer than the SDK waits for; retryAfterMs says when to try again`;
  return unsentRateLimitError(operationId, pausedUntil - now, message);
}

/** A `RateLimitError` for a call the limiter refused: nothing was sent, so the status is the 429 Klaviyo would answer. */
function unsentRateLimitError(operationId: string, retryAfterMs: number, message: string): RateLimitError {
  const spec = specOf(operationId);
  return new RateLimitError(
    { status: 429, method: spec?.method ?? 'POST', path: spec?.path ?? operationId, headers: new Headers(), body: undefined },
    { retryAfterMs: Math.max(0, retryAfterMs), message },
  );
}

function specOf(operationId: string): OperationSpec | undefined {
  return operationSpec(operationId);
}

/** Drops `undefined` fields so `{ steady: undefined }` does not erase the spec's number. */
function defined(values: RateLimitValues | undefined): RateLimitValues {
  if (!values) return {};
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as RateLimitValues;
}

/** `rateLimitOptionIssues` refused any override that is not a number of requests, 1 or more, when the client was built. */
function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) {
    throw new ValidationError('Invalid client options', {
      issues: [{ path: `rateLimit.limits.${name}`, message: `must be a number of requests, 1 or more, got ${value}` }],
    });
  }
  return Math.floor(value);
}
