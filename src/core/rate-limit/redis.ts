/**
 * The sliding log in Redis, so that every process using the same account shares one quota.
 *
 * One sorted set per bucket holds a member per request. While a request is in flight its score is a lease
 * (send time + IN_FLIGHT_LEASE_MS, in the future), so it occupies every window; when its response arrives the
 * score becomes the response time, exactly like the local log (window.ts). A crashed process's leases expire
 * on their own. Check-and-add is one Lua script, so two processes can never both take the last slot, and all
 * times come from Redis's clock (`TIME`), so machines with skewed clocks still agree.
 *
 * If Redis stops answering, the limiter keeps going on its local log (one warning), and tries Redis again
 * every REDIS_RETRY_MS: a Redis outage must not become a Klaviyo outage.
 */
import type { Logger } from '../logger.js';
import { digestHex, randomId } from '../runtime.js';

/**
 * The part of a Redis client the limiter uses. An ioredis `Redis` or `Cluster` fits as it is; any client
 * with these two methods works.
 */
export interface RedisClientLike {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** What the shared log answered. */
export type SharedAcquire =
  { kind: 'ok'; member: string } | { kind: 'wait'; waitMs: number } | { kind: 'daily'; retryAfterMs: number };

/** Limits and window lengths (margin included) for one acquire. */
export interface SharedLimits {
  burst: number;
  burstWindowMs: number;
  steady: number;
  steadyWindowMs: number;
  daily?: number;
  dayMs: number;
  /** How soon to ask again when only another process's response can free a slot. */
  pollMs: number;
}

/** A request that never reports back (its process died) frees its slot this long after it was sent. */
export const IN_FLIGHT_LEASE_MS = 60_000;
/** A Redis call slower than this counts as Redis being unreachable. */
export const REDIS_TIMEOUT_MS = 1_000;
/** After Redis failed, how long to stay local before trying it again. */
export const REDIS_RETRY_MS = 30_000;

const NOW = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** KEYS: log, day, pause. ARGV: member, burst, burstMs, steady, steadyMs, daily (0 = none), dayMs, leaseMs, pollMs. */
const ACQUIRE = `${NOW}
local log, day, pause, member = KEYS[1], KEYS[2], KEYS[3], ARGV[1]
local burst, burstMs, steady, steadyMs = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local daily, dayMs, leaseMs, pollMs = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local pausedUntil = tonumber(redis.call('GET', pause) or '0')
if pausedUntil > now then return {1, pausedUntil - now} end
local longest = math.max(burstMs, steadyMs)
redis.call('ZREMRANGEBYSCORE', log, '-inf', now - longest)
-- 0: a slot is free; -1: only a response can free one; else ms until the oldest needed slot leaves the window
local function waitFor(limit, windowMs)
  local from = '(' .. (now - windowMs)
  local n = redis.call('ZCOUNT', log, from, '+inf')
  if n < limit then return 0 end
  local e = redis.call('ZRANGEBYSCORE', log, from, '+inf', 'WITHSCORES', 'LIMIT', n - limit, 1)
  local s = tonumber(e[2])
  if s > now then return -1 end
  return s + windowMs - now
end
local wb, ws = waitFor(burst, burstMs), waitFor(steady, steadyMs)
if wb ~= 0 or ws ~= 0 then
  local w = math.max(wb, ws)
  if wb < 0 or ws < 0 then w = math.max(w, pollMs) end
  return {2, w}
end
if daily > 0 then
  redis.call('ZREMRANGEBYSCORE', day, '-inf', now - dayMs)
  local n = redis.call('ZCARD', day)
  if n >= daily then
    local e = redis.call('ZRANGE', day, n - daily, n - daily, 'WITHSCORES')
    return {3, tonumber(e[2]) + dayMs - now}
  end
  redis.call('ZADD', day, now, member)
  redis.call('PEXPIRE', day, dayMs)
end
redis.call('ZADD', log, now + leaseMs, member)
redis.call('PEXPIRE', log, longest + leaseMs)
return {0, now}
`;

/** KEYS: log. ARGV: member. The response arrived: the request's slot now ends one window after this instant. */
const RELEASE = `${NOW}
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return now
`;

/** KEYS: pause. ARGV: ms. Pauses the bucket for every process, never shortening a longer pause. */
const PAUSE = `${NOW}
local untilMs = now + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], tostring(untilMs), 'PX', ARGV[1])
end
return untilMs
`;

/** Distinguishes this process's requests from other processes' in the shared log; drawn at first use, not import. */
let processId: string | undefined;

/** The shared log for every bucket behind one Redis client and key prefix. */
export class RedisWindowStore {
  private sequence = 0;
  private downUntil = 0;
  private warned = false;
  private readonly scripts: Record<'acquire' | 'release' | 'pause', { source: string; sha: Promise<string> }>;

  constructor(
    private readonly client: RedisClientLike,
    private readonly logger: Logger,
  ) {
    const script = (source: string) => {
      // Redis names scripts by their SHA-1 (EVALSHA); Web Crypto computes it asynchronously.
      const sha = digestHex('SHA-1', source);
      sha.catch(() => {}); // awaited (and reported) by the first call that runs the script
      return { source, sha };
    };
    this.scripts = { acquire: script(ACQUIRE), release: script(RELEASE), pause: script(PAUSE) };
  }

  /** False while the limiter runs locally because Redis failed recently. */
  get usable(): boolean {
    return Date.now() >= this.downUntil;
  }

  /**
   * Takes a slot in the shared log if every window and the daily cap allow it. Resolves `undefined` when
   * Redis is unusable: the caller then goes on with its local log alone.
   */
  async acquire(key: string, limits: SharedLimits): Promise<SharedAcquire | undefined> {
    if (!this.usable) return undefined;
    processId ??= randomId().slice(0, 8);
    const member = `${processId}:${++this.sequence}`;
    const args = [
      member,
      limits.burst,
      limits.burstWindowMs,
      limits.steady,
      limits.steadyWindowMs,
      limits.daily ?? 0,
      limits.dayMs,
      IN_FLIGHT_LEASE_MS,
      Math.ceil(limits.pollMs),
    ];
    const call = this.run('acquire', [`${key}:log`, `${key}:day`, `${key}:pause`], args);
    const reply = await this.guard(call);
    if (reply === undefined) {
      // Too slow: if the slot was taken after all, hand it back rather than hold it for a whole lease.
      call.then(
        (late) => isOk(late) && this.release(key, member),
        () => {},
      );
      return undefined;
    }
    const [code, value] = reply as [number, number];
    if (code === 0) return { kind: 'ok', member };
    if (code === 3) return { kind: 'daily', retryAfterMs: value };
    return { kind: 'wait', waitMs: Math.max(1, value) };
  }

  /** Ends an in-flight lease: the slot now frees one window after this moment. Fire and forget. */
  release(key: string, member: string): void {
    if (this.usable) void this.guard(this.run('release', [`${key}:log`], [member]));
  }

  /** Pauses the bucket for every process sharing it (a 429's `Retry-After`). Fire and forget. */
  pause(key: string, ms: number): void {
    if (ms > 0 && this.usable) void this.guard(this.run('pause', [`${key}:pause`], [Math.ceil(ms)]));
  }

  /** Runs a script by its hash, loading it on the first NOSCRIPT (a fresh or flushed Redis). */
  private async run(name: keyof RedisWindowStore['scripts'], keys: string[], args: (string | number)[]) {
    const { source, sha } = this.scripts[name];
    try {
      return await this.client.evalsha(await sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error)?.message).includes('NOSCRIPT')) throw error;
      return this.client.eval(source, keys.length, ...keys, ...args);
    }
  }

  /** Settles with the reply, or `undefined` (and falls back) when Redis errs or answers too late. */
  private async guard(call: Promise<unknown>): Promise<unknown> {
    call.catch(() => {}); // a late failure after a timeout is already accounted for
    if (!this.usable) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
    });
    try {
      const reply = await Promise.race([call, timeout]);
      if (this.warned && this.downUntil > 0) {
        this.downUntil = 0;
        this.logger.info('Rate limit: Redis is reachable again; sharing the quota across processes again');
      }
      return reply;
    } catch (error) {
      this.fallBack(error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private fallBack(error: unknown): void {
    if (!this.usable) return;
    this.downUntil = Date.now() + REDIS_RETRY_MS;
    const details = { error: error instanceof Error ? error.message : String(error), retryInMs: REDIS_RETRY_MS };
    if (this.warned) {
      this.logger.debug('Rate limit: Redis still unreachable; limiting locally', details);
      return;
    }
    this.warned = true;
    this.logger.warn(
      'Rate limit: Redis is unreachable; limiting this process on its own until it answers again (other processes may then share the quota unevenly)',
      details,
    );
  }
}

function isOk(reply: unknown): boolean {
  return Array.isArray(reply) && reply[0] === 0;
}
