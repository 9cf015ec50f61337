/**
 * The process-wide buckets. Klaviyo's quota belongs to the account, not to a `Klaviyo` object, so every
 * instance built with the same key (and the same rate-limit settings) must draw from the same buckets.
 * Keys are remembered only as a SHA-256 hash, never in the clear. An OAuth app's quota is counted per
 * installed app (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling): its buckets are
 * named by the hash of a fixed access token, or by the identity of the function that renews its tokens, so
 * that a refreshed token keeps drawing from the same buckets.
 *
 * The registry lives on `globalThis`, not in this module: the ESM and the CJS builds are two module
 * instances, and a process that loads both (a dependency `require`s the SDK, the app `import`s it) must
 * still have one quota per account. The key names this package's version, as buckets are objects of this
 * version's classes; two versions in one process each keep their own.
 */
import type { Logger } from '../logger.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexOf } from '../runtime.js';
import { VERSION } from '../../version.js';
import type { Bucket } from './bucket.js';
import { RedisWindowStore, type RedisClientLike } from './redis.js';

/** Everything the process shares, whichever build created it. */
interface Registry {
  buckets: Map<string, { account: string; bucket: Bucket }>;
  stores: WeakMap<RedisClientLike, RedisWindowStore>;
  clientIds: WeakMap<RedisClientLike, number>;
  nextClientId: number;
  /** Numbers for access-token functions, which name their quota (see `quotaName`). */
  tokenFunctionIds?: WeakMap<object, number>;
}

/** The `globalThis` key of the registry: `Symbol.for`, so every module instance of this version finds it. */
export const REGISTRY_KEY = Symbol.for(`klaviyo-ts.rate-limit-registry@${VERSION}`);

const registry: Registry = ((globalThis as { [REGISTRY_KEY]?: Registry })[REGISTRY_KEY] ??= {
  buckets: new Map(),
  stores: new WeakMap(),
  clientIds: new WeakMap(),
  nextClientId: 1,
});
const { buckets, stores, clientIds } = registry;
const tokenFunctionIds = (registry.tokenFunctionIds ??= new WeakMap());

/**
 * Identifies an account without holding its key: the first 128 bits of the key's SHA-256, in hex. Hashed
 * synchronously (@noble/hashes), not with Web Crypto's digest, which resolves on a later turn of the event
 * loop: a client's first call waited for it, a step a fake clock (`vi.runAllTimersAsync()`) neither sees nor
 * drives, so a test's first retry under one timed out. The same hex as Web Crypto's: processes of older
 * versions sharing Redis still share one quota.
 */
export function accountHash(apiKey: string): string {
  return hexOf(sha256(new TextEncoder().encode(apiKey)).subarray(0, 16));
}

/** What a quota is named by: a private key or a fixed access token, or the function that gives access tokens. */
export type QuotaCredential = string | (() => unknown);

/**
 * The name of the quota `credential` draws from: `accountHash` of a key or token, or, for a
 * function, `token-function-<n>`, the same for every client built with that function. The number is
 * process-local, so it is not how processes sharing Redis find each other (see `createRateLimiter`).
 */
export function quotaName(credential: QuotaCredential): string {
  if (typeof credential === 'string') return accountHash(credential);
  let id = tokenFunctionIds.get(credential);
  if (id === undefined) {
    id = registry.nextClientId++;
    tokenFunctionIds.set(credential, id);
  }
  return `token-function-${id}`;
}

/** The bucket registered under `id` (which starts with the account hash), created by `create` the first time. */
export function sharedBucket(account: string, id: string, create: () => Bucket): Bucket {
  let entry = buckets.get(id);
  if (!entry) {
    entry = { account, bucket: create() };
    buckets.set(id, entry);
  }
  return entry.bucket;
}

/** Every bucket of one account in this process. */
export function bucketsOf(account: string): Bucket[] {
  return [...buckets.values()].filter((entry) => entry.account === account).map((entry) => entry.bucket);
}

/** One store per Redis client, so Redis failing is noticed (and warned about) once, not once per bucket. */
export function sharedStore(client: RedisClientLike, logger: Logger): RedisWindowStore {
  let store = stores.get(client);
  if (!store) {
    store = new RedisWindowStore(client, logger);
    stores.set(client, store);
  }
  return store;
}

/** A short stable name for a Redis client object, to tell buckets on different Redis servers apart. */
export function clientId(client: RedisClientLike): number {
  let id = clientIds.get(client);
  if (id === undefined) {
    id = registry.nextClientId++;
    clientIds.set(client, id);
  }
  return id;
}
