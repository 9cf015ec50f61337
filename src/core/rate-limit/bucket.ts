/**
 * One rate-limit bucket: the window gate queues the calls in arrival order, caps how many are in flight, and
 * lets each start only when every window has room.
 *
 * Bottleneck used to hold the backlog in front of the gate; measured with `--cpu-prof` (BENCHMARKS.md,
 * "Where the time goes"), each job it ran cost a few timer hops and event emissions, which made the limiter
 * the largest client-side cost at 32 calls at once, while the gate already did everything it did.
 */
import type { Logger } from '../logger.js';
import { readFeedback } from './feedback.js';
import { WindowGate, type GateConfig } from './gate.js';
import type { RateLimitStats } from './index.js';

/** Calls that waited longer than this are logged. */
const SLOW_WAIT_MS = 1_000;

/** How one bucket is set up. */
export interface BucketConfig extends GateConfig {
  /** The bucket's name (see `bucketKeyFor`). */
  name: string;
  maxConcurrent: number;
  /** Unmargined window lengths, for `stats()` and the 429 fallback pause. */
  nominalBurstWindowMs: number;
  nominalSteadyWindowMs: number;
}

/** One (account, bucket key) quota in this process, shared by every limiter with the same key and settings. */
export class Bucket {
  private readonly gate: WindowGate;
  private readonly operations = new Set<string>();
  /** Calls scheduled but not yet started (aborted ones leave at once). */
  private pending = 0;
  /** Last time a slow wait was logged at info level, so a long queue gives one line per window, not per call. */
  private lastInfoAt = 0;

  constructor(private readonly config: BucketConfig) {
    this.gate = new WindowGate(config);
  }

  /** Runs `send` when the bucket has room; see `RateLimiter.schedule`. */
  async run<T>(operationId: string, send: () => Promise<T>, signal: AbortSignal | undefined, logger: Logger): Promise<T> {
    this.operations.add(operationId);
    const tooMany = this.gate.dailyRejection(operationId, this.pending);
    if (tooMany) throw tooMany;

    const scheduledAt = Date.now();
    this.pending++;
    let waiting = true;
    const leave = () => {
      if (waiting) this.pending--;
      waiting = false;
    };
    let ticket;
    try {
      // Counted as started the moment the gate admits it, so the daily-cap check of a call arriving in the
      // same tick does not count it twice (once as sent, once as waiting). The gate rejects an aborted call
      // while it waits; once sent, `send` owns the signal (the request may have reached Klaviyo).
      ticket = await this.gate.acquire(operationId, signal, leave);
    } finally {
      leave();
    }
    this.logWait(operationId, Date.now() - scheduledAt, logger);
    try {
      return await send();
    } finally {
      this.gate.release(ticket);
    }
  }

  /** Feeds a response's rate-limit headers to the gate. */
  observe(status: number, headers: Headers, logger: Logger): void {
    const feedback = readFeedback(status, headers, Date.now(), this.config.nominalBurstWindowMs);
    if (feedback?.kind === 'pause') {
      logger.info(`Rate limit: Klaviyo answered 429 for ${this.config.name}; pausing that bucket`, {
        bucket: this.config.name,
        pausedForMs: feedback.untilMs - Date.now(),
      });
    }
    this.gate.observe(feedback);
  }

  /** This bucket's counts, as this process sees them. */
  stats(): RateLimitStats {
    const snap = this.gate.snapshot();
    const { limits, name, nominalBurstWindowMs, nominalSteadyWindowMs } = this.config;
    const stats: RateLimitStats = {
      bucket: name,
      operations: [...this.operations],
      queued: this.pending,
      inFlight: snap.inFlight,
      burst: { sent: snap.burstSent, limit: limits.burst, windowMs: nominalBurstWindowMs },
      steady: { sent: snap.steadySent, limit: limits.steady, windowMs: nominalSteadyWindowMs },
      shared: snap.shared ? 'redis' : 'local',
    };
    if (limits.daily !== undefined) stats.daily = { sent: snap.dailySent ?? 0, limit: limits.daily };
    if (snap.pausedUntil !== undefined) stats.pausedUntil = snap.pausedUntil;
    return stats;
  }

  private logWait(operationId: string, waitedMs: number, logger: Logger): void {
    if (waitedMs <= SLOW_WAIT_MS) return;
    const details = { operationId, bucket: this.config.name, waitedMs, queued: this.pending };
    const message = `Rate limit: ${operationId} waited ${(waitedMs / 1000).toFixed(1)} s for its quota`;
    const now = Date.now();
    if (now - this.lastInfoAt >= this.config.nominalSteadyWindowMs) {
      this.lastInfoAt = now;
      logger.info(message, details);
    } else {
      logger.debug(message, details);
    }
  }
}
