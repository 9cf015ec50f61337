/**
 * Klaviyo's server-side rate limiting, reproduced: two FIXED windows at once per operation per API key —
 * a burst window (1 s) and a steady window (1 min) — plus a daily cap for the operations that have one.
 * Exceeding any of them answers 429 with `Retry-After` and without the RateLimit headers; every other
 * response carries `RateLimit-Limit/Remaining/Reset` describing the steady window.
 * https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling
 *
 * Windows are aligned to `offsetMs` (default 0) on the clock, so a client cannot assume they start at
 * its first request — which is what makes client-side sliding windows draw occasional 429s.
 */

/** Requests per window for one operation. */
export interface WindowLimits {
  burst: number;
  steady: number;
  daily?: number;
}

/** The `rateLimit` option: window lengths (tests compress them), offset and per-operation overrides. */
export interface MockRateLimitOptions {
  /** Burst window length. Default 1000 ms. */
  burstWindowMs?: number | undefined;
  /** Steady window length. Default 60 000 ms. */
  steadyWindowMs?: number | undefined;
  /** Daily window length. Default 86 400 000 ms. */
  dailyWindowMs?: number | undefined;
  /** Where windows start on the clock, modulo their length. Default 0. */
  offsetMs?: number | undefined;
  /** Overrides keyed by operation id, e.g. `{ get_profiles: { burst: 2, steady: 5 } }`. */
  limits?: Record<string, Partial<WindowLimits>> | undefined;
}

/** The verdict for one request. */
export type RateLimitDecision =
  { allowed: true; headers: Record<string, string> } | { allowed: false; retryAfterMs: number; headers: Record<string, string> };

const REAL = { burst: 1000, steady: 60_000, daily: 86_400_000 };

/** Fixed-window counters per (key, operation, window). */
export class FixedWindowRateLimiter {
  private readonly burstMs: number;
  private readonly steadyMs: number;
  private readonly dailyMs: number;
  private readonly offsetMs: number;
  private readonly overrides: Record<string, Partial<WindowLimits>>;
  /** Counter per `key|operation|kind` holding the window index it counts for. */
  private readonly counters = new Map<string, { window: number; count: number }>();

  constructor(options: MockRateLimitOptions = {}) {
    this.burstMs = options.burstWindowMs ?? REAL.burst;
    this.steadyMs = options.steadyWindowMs ?? REAL.steady;
    this.dailyMs = options.dailyWindowMs ?? REAL.daily;
    this.offsetMs = options.offsetMs ?? 0;
    this.overrides = options.limits ?? {};
  }

  /** Whether windows are shorter than Klaviyo's, in which case Retry-After may be fractional. */
  get compressed(): boolean {
    return this.burstMs !== REAL.burst || this.steadyMs !== REAL.steady;
  }

  /** Counts one request at time `now` and says whether it may proceed. */
  check(key: string, operationId: string, defaults: WindowLimits, now: number): RateLimitDecision {
    const limits = { ...defaults, ...this.overrides[operationId] };
    const windows: Array<{ kind: string; ms: number; limit: number }> = [
      { kind: 'burst', ms: this.burstMs, limit: limits.burst },
      { kind: 'steady', ms: this.steadyMs, limit: limits.steady },
    ];
    if (limits.daily !== undefined) windows.push({ kind: 'daily', ms: this.dailyMs, limit: limits.daily });

    // A refused request is not counted: Klaviyo did not process it, so it uses no quota.
    let retryAfterMs = 0;
    for (const w of windows) {
      const { count } = this.counter(key, operationId, w.kind, w.ms, now);
      if (count >= w.limit) retryAfterMs = Math.max(retryAfterMs, this.untilReset(w.ms, now));
    }
    if (retryAfterMs > 0) {
      return { allowed: false, retryAfterMs, headers: { 'Retry-After': this.formatRetryAfter(retryAfterMs) } };
    }
    for (const w of windows) this.counter(key, operationId, w.kind, w.ms, now).count += 1;

    const steady = this.counter(key, operationId, 'steady', this.steadyMs, now);
    return {
      allowed: true,
      headers: {
        'RateLimit-Limit': String(limits.steady),
        'RateLimit-Remaining': String(Math.max(0, limits.steady - steady.count)),
        'RateLimit-Reset': String(Math.max(this.compressed ? 0 : 1, Math.ceil(this.untilReset(this.steadyMs, now) / 1000))),
      },
    };
  }

  /** Forgets every counter. */
  reset(): void {
    this.counters.clear();
  }

  private counter(key: string, operationId: string, kind: string, ms: number, now: number): { window: number; count: number } {
    const name = `${key}|${operationId}|${kind}`;
    const window = Math.floor((now - this.offsetMs) / ms);
    let entry = this.counters.get(name);
    if (!entry || entry.window !== window) {
      entry = { window, count: 0 };
      this.counters.set(name, entry);
    }
    return entry;
  }

  private untilReset(ms: number, now: number): number {
    const start = Math.floor((now - this.offsetMs) / ms) * ms + this.offsetMs;
    return start + ms - now;
  }

  /**
   * Real windows: whole seconds rounded up, at least 1, as Klaviyo sends. Compressed windows: seconds with
   * millisecond precision (e.g. "0.35"), because rounding a 100 ms window up to 1 s would make clients
   * under test wait ten windows.
   */
  private formatRetryAfter(ms: number): string {
    if (!this.compressed) return String(Math.max(1, Math.ceil(ms / 1000)));
    return String(Math.max(0.001, Math.ceil(ms) / 1000));
  }
}
