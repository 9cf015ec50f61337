/**
 * One rate-limit bucket: bottleneck queues the calls and caps how many run at once; the window gate decides
 * when each may start. Bottleneck's own reservoir is not used: its refresh is a fixed window on our clock,
 * which lets up to twice the limit through across a boundary of Klaviyo's windows.
 */
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from '../logger.js';
import { readFeedback } from './feedback.js';
import { WindowGate, abortReason, type GateConfig } from './gate.js';
import type { RateLimitStats } from './index.js';

/** Calls that waited longer than this are logged. */
const SLOW_WAIT_MS = 1_000;

/** Returned by a queued job whose call was aborted before it ran: it sends nothing. */
const SKIPPED = Symbol('skipped');

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
  private readonly queue: Bottleneck;
  private readonly gate: WindowGate;
  private readonly operations = new Set<string>();
  /** Calls scheduled but not yet started (aborted ones leave at once). */
  private pending = 0;
  /** Last time a slow wait was logged at info level, so a long queue gives one line per window, not per call. */
  private lastInfoAt = 0;

  constructor(private readonly config: BucketConfig) {
    this.queue = new Bottleneck({ maxConcurrent: config.maxConcurrent });
    this.gate = new WindowGate(config);
  }

  /** Runs `send` when the bucket has room; see `RateLimiter.schedule`. */
  run<T>(operationId: string, send: () => Promise<T>, signal: AbortSignal | undefined, logger: Logger): Promise<T> {
    this.operations.add(operationId);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const refused = this.gate.pauseRejection(operationId) ?? this.gate.dailyRejection(operationId, this.pending);
    if (refused) return Promise.reject(refused);

    const scheduledAt = Date.now();
    let state: 'queued' | 'gate' | 'started' | 'left' = 'queued';
    this.pending++;
    const leave = () => {
      if (state === 'queued' || state === 'gate') this.pending--;
    };

    // Bottleneck cannot remove a queued job, so an aborted call stays in its queue as a no-op; it has already
    // left our count and rejected below, and costs nothing when bottleneck reaches it.
    const job = async (): Promise<T | typeof SKIPPED> => {
      if (state === 'left') return SKIPPED;
      state = 'gate';
      let ticket;
      try {
        // Counted as started the moment the gate admits it, so the daily-cap check of a call arriving in
        // the same tick does not count it twice (once as sent, once as waiting).
        ticket = await this.gate.acquire(operationId, signal, () => {
          leave();
          state = 'started';
        });
      } catch (error) {
        leave();
        state = 'left';
        throw error;
      }
      this.logWait(operationId, Date.now() - scheduledAt, logger);
      try {
        return await send();
      } finally {
        this.gate.release(ticket);
      }
    };
    // Bottleneck holds the backlog when calls pile up; but each job it runs costs a few timer hops, and
    // sends its request in a timer turn of its own, which a call finding no backlog need not pay. Such a call
    // goes straight to the gate, which enforces the windows and the concurrency cap either way.
    const done = (this.hasNoBacklog() ? job() : this.queue.schedule(job)) as Promise<T>;
    if (!signal) return done;

    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        // Only a call still in bottleneck's queue is ours to reject; at the gate, the gate rejects it, and once
        // sent, `send` owns the signal (the request may have reached Klaviyo and its answer decides).
        if (state !== 'queued') return;
        leave();
        state = 'left';
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      done.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /**
   * Whether a call arriving now may skip bottleneck's queue without overtaking anyone: no job is waiting in
   * bottleneck (RECEIVED, QUEUED, or RUNNING, its start timer set), nobody waits at the gate and a concurrency
   * slot is free. Jobs bottleneck is EXECUTING do not count: bottleneck calls the job synchronously as it marks
   * it EXECUTING, so each is already at the gate, in flight or done. Counting them (as until 0.1) sent every
   * call of a busy bucket through bottleneck for as long as one request it had started was still in flight.
   */
  private hasNoBacklog(): boolean {
    const { RECEIVED, QUEUED, RUNNING } = this.queue.counts();
    return RECEIVED + QUEUED + RUNNING === 0 && this.gate.isIdle();
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
