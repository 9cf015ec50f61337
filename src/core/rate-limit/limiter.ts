/**
 * `createRateLimiter`: resolves the options once, then routes every call of one client to the process-wide
 * bucket of its (account, bucket key).
 */
import { appendKey, KlaviyoError, ValidationError, type ValidationIssue } from '../errors.js';
import { describeGiven, durationProblem, isPlainObject, keysOf, unknownKeyIssues } from '../known-keys.js';
import { silentLogger, type Logger } from '../logger.js';
import { Bucket } from './bucket.js';
import type { ManagedRateLimiter, RateLimitOption, RateLimitOptions, RateLimitStats } from './index.js';
import { bucketKeyFor, isKnownOperation, limitsKeyProblem, resolveLimits } from './limits.js';
import { bucketsOf, clientId, type QuotaCredential, quotaName, sharedBucket, sharedStore } from './registry.js';
import { withMargin } from './window.js';

/** Key prefix in Redis when the caller gives none. */
export const DEFAULT_REDIS_PREFIX = 'klaviyo-ts:rate-limit:';

/** What `createRateLimiter` needs: `apiKey` or `accessToken`, whose quota the calls draw from. */
export interface CreateRateLimiterInit {
  /** The private key: identifies the account whose quota the calls draw from. Only its hash is kept. */
  apiKey?: string | undefined;
  /**
   * Instead of `apiKey`, an OAuth app's access token: Klaviyo counts an app's requests per installed app. A
   * fixed token is known by its hash; a function that gives tokens by its identity, so a refreshed token
   * draws from the same buckets. With Redis, every process using the same `redis.prefix` and a function
   * shares one quota: give each installed app its own prefix.
   */
  accessToken?: QuotaCredential | undefined;
  /** The client's `rateLimit` option; `false` gives a limiter that never waits. */
  options?: RateLimitOption;
  /** Where waits, 429 pauses and Redis trouble are reported. */
  logger?: Logger;
}

/** A limiter that sends at once: used when the caller passes `rateLimit: false`. */
export const unlimited: ManagedRateLimiter = {
  schedule: (_operationId, send) => send(),
  observe: () => {},
  stats: () => [],
};

/** Builds the limiter for one client. Clients with the same key and settings share buckets. */
export function createRateLimiter(init: CreateRateLimiterInit): ManagedRateLimiter {
  const { options = {}, logger = silentLogger } = init;
  if (options === false) return unlimited;
  const issues = rateLimitOptionIssues(options);
  if (issues.length) throw new ValidationError('Invalid client options', { issues });
  const credential = init.accessToken ?? init.apiKey;
  if (credential === undefined) throw new KlaviyoError('createRateLimiter needs an apiKey or an accessToken');
  // The key's hash (or a token function's number) names the account's buckets.
  const account = quotaName(credential);
  const burstWindowMs = options.burstWindowMs ?? 1_000;
  const steadyWindowMs = options.steadyWindowMs ?? 60_000;
  const maxConcurrent = options.maxConcurrent ?? 10;
  const redis = options.redis;
  const store = redis ? sharedStore(redis.client, logger) : undefined;
  const prefix = redis?.prefix ?? DEFAULT_REDIS_PREFIX;
  const backend = redis ? `redis#${clientId(redis.client)}:${prefix}` : 'local';
  const mine = new Map<string, Bucket>();
  const warnedUnknown = new Set<string>();

  const bucketFor = (account: string, operationId: string): Bucket => {
    const name = bucketKeyFor(operationId);
    const known = mine.get(name);
    if (known) return known;
    if (!isKnownOperation(operationId) && !warnedUnknown.has(operationId)) {
      warnedUnknown.add(operationId);
      logger.warn(`Rate limit: unknown operation ${operationId}; using Klaviyo's smallest tier`, { operationId });
    }
    const limits = resolveLimits(operationId, options.limits);
    // Settings are part of the identity: a client with other windows or limits must not inherit these.
    const id = [
      account,
      name,
      limits.burst,
      limits.steady,
      limits.daily,
      burstWindowMs,
      steadyWindowMs,
      maxConcurrent,
      backend,
    ].join('|');
    const bucket = sharedBucket(
      account,
      id,
      () =>
        new Bucket({
          name,
          limits,
          maxConcurrent,
          burstWindowMs: withMargin(burstWindowMs),
          steadyWindowMs: withMargin(steadyWindowMs),
          nominalBurstWindowMs: burstWindowMs,
          nominalSteadyWindowMs: steadyWindowMs,
          // Braces make a Redis Cluster keep a bucket's keys in one slot, as the Lua script needs.
          // A token function's number is this process's own: across processes the prefix names the app's quota.
          ...(store && {
            shared: { store, key: `${prefix}{${typeof credential === 'function' ? 'oauth-app' : account}:${name}}` },
          }),
        }),
    );
    mine.set(name, bucket);
    return bucket;
  };

  return {
    schedule: (operationId, send, { signal } = {}) => bucketFor(account, operationId).run(operationId, send, signal, logger),
    observe: (operationId, status, headers) => bucketFor(account, operationId).observe(status, headers, logger),
    // Every bucket of this account in the process, whichever client created it: they share the quota.
    stats: (): RateLimitStats[] => bucketsOf(account).map((bucket) => bucket.stats()),
  };
}

/** Every key `RateLimitOptions` declares: any other is a misspelling (`maxConcurent`), refused with a suggestion. */
const RATE_LIMIT_OPTION_NAMES = keysOf<RateLimitOptions>()([
  'limits',
  'burstWindowMs',
  'steadyWindowMs',
  'maxConcurrent',
  'redis',
]);

/**
 * Every problem with the `rateLimit` option, as issues under `rateLimit`: not `false` or an object, a
 * misspelt key (here, in `limits` and its entries, and in `redis`), or a number out of range. Which ids
 * `limits` may name: `limitsKeyProblem`.
 */
export function rateLimitOptionIssues(option: unknown): ValidationIssue[] {
  const at = 'rateLimit';
  if (option === false || option === undefined) return [];
  if (!isPlainObject(option)) {
    return [
      {
        path: at,
        message: `must be false (no client-side limiting) or an object of limiter options, got ${describeGiven(option)}`,
      },
    ];
  }
  const issues = unknownKeyIssues(option, RATE_LIMIT_OPTION_NAMES, at);
  const fail = (path: string, message: string, value: unknown) =>
    issues.push({ path, message: `${message}, got ${describeGiven(value)}` });
  for (const name of ['burstWindowMs', 'steadyWindowMs'] as const) {
    const problem = option[name] === undefined ? undefined : durationProblem(option[name]);
    if (problem) issues.push({ path: `${at}.${name}`, message: problem });
  }
  const { maxConcurrent, limits, redis } = option;
  if (maxConcurrent !== undefined && !(Number.isInteger(maxConcurrent) && (maxConcurrent as number) >= 1))
    fail(`${at}.maxConcurrent`, 'must be a whole number of requests, 1 or more', maxConcurrent);
  if (limits !== undefined) {
    if (!isPlainObject(limits)) fail(`${at}.limits`, 'must be an object of limits by operation id or tier', limits);
    else {
      for (const [name, values] of Object.entries(limits)) {
        const path = appendKey(`${at}.limits`, name);
        const keyProblem = limitsKeyProblem(name);
        if (keyProblem) issues.push({ path, message: keyProblem });
        if (!isPlainObject(values)) {
          fail(path, 'must be an object such as { burst, steady, daily }', values);
          continue;
        }
        issues.push(...unknownKeyIssues(values, ['burst', 'steady', 'daily'], path));
        for (const field of ['burst', 'steady', 'daily'] as const) {
          const value = values[field];
          if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 1))
            fail(`${path}.${field}`, 'must be a number of requests, 1 or more', value);
        }
      }
    }
  }
  if (redis !== undefined) {
    if (!isPlainObject(redis)) fail(`${at}.redis`, 'must be an object such as { client, prefix }', redis);
    else {
      issues.push(...unknownKeyIssues(redis, ['client', 'prefix'], `${at}.redis`));
      const client = redis['client'] as { eval?: unknown; evalsha?: unknown } | undefined;
      if (typeof client?.eval !== 'function' || typeof client.evalsha !== 'function')
        fail(`${at}.redis.client`, 'must be a Redis client with eval and evalsha (an ioredis Redis or Cluster)', client);
      if (redis['prefix'] !== undefined && typeof redis['prefix'] !== 'string')
        fail(`${at}.redis.prefix`, 'must be a string', redis['prefix']);
    }
  }
  return issues;
}
