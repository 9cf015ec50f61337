/**
 * The gate of one bucket: lets waiting calls start, in order, only when every window has room.
 *
 * It keeps the local sliding log (window.ts) and, when a Redis store is configured, also takes each slot in
 * the shared log. The local log is kept either way, so that if Redis fails mid-run the gate carries on with
 * an up-to-date picture of this process's own traffic. Server feedback (feedback.ts) adds two constraints
 * the log cannot know about, because they come from other apps on the same account: a pause after a 429,
 * and a cap on how many more requests fit before the steady window resets.
 */
import { RateLimitError } from '../errors.js';
import { MAX_TIMER_MS } from '../known-keys.js';
import type { Feedback } from './feedback.js';
import { dailyLimitError, pausedError, type ResolvedLimits } from './limits.js';
import { MAX_RETRY_AFTER_MS } from '../retry-policy.js';
import type { RedisWindowStore } from './redis.js';
import { DAY_MS, countInWindow, insertSorted, pruneBefore, waitForSlot } from './window.js';

/** How one gate is set up. Window lengths already include the safety margin. */
export interface GateConfig {
  limits: ResolvedLimits;
  burstWindowMs: number;
  steadyWindowMs: number;
  /** Requests in flight at once; the gate enforces it, whichever way a call reached it. */
  maxConcurrent: number;
  /** The shared log, and this bucket's key in it. */
  shared?: { store: RedisWindowStore; key: string };
}

/** A started request's hold on its slot; give it back with `release`. */
export interface Ticket {
  readonly member?: string;
}

interface Waiter {
  operationId: string;
  onAdmit?: (() => void) | undefined;
  resolve(ticket: Ticket): void;
  reject(error: unknown): void;
}

/** What `snapshot` reports. */
export interface GateSnapshot {
  waiting: number;
  inFlight: number;
  burstSent: number;
  steadySent: number;
  dailySent?: number;
  pausedUntil?: number;
  shared: boolean;
}

/**
 * Admits one bucket's calls in arrival order when the burst window, the steady window, the daily cap, a
 * 429 pause and the server's remaining count all allow; holds each admitted request's slot until `release`.
 */
export class WindowGate {
  /** Response times of finished requests, ascending. */
  private readonly done: number[] = [];
  /** Send times within the last day, ascending (daily caps only). */
  private readonly sentToday: number[] = [];
  private inFlight = 0;
  private readonly waiters: Waiter[] = [];
  private pausedUntil = 0;
  /** From `RateLimit-Remaining`: how many more may start before `untilMs`. */
  private cap: { remaining: number; untilMs: number } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pumping = false;
  private pumpAgain = false;

  constructor(private readonly config: GateConfig) {}

  /**
   * Resolves when a request of `operationId` may start. Rejects on abort or when the daily cap is reached.
   * `onAdmit` runs synchronously at the moment the call is admitted.
   */
  acquire(operationId: string, signal?: AbortSignal, onAdmit?: () => void): Promise<Ticket> {
    return new Promise<Ticket>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index < 0) return;
        this.waiters.splice(index, 1);
        reject(abortReason(signal!));
        if (index === 0) this.pump();
      };
      const waiter: Waiter = {
        operationId,
        onAdmit,
        resolve: (ticket) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(ticket);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      if (signal?.aborted) return reject(abortReason(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Whether a call arriving now would find nobody ahead of it and a free concurrency slot. */
  isIdle(): boolean {
    return this.waiters.length === 0 && this.inFlight < this.config.maxConcurrent;
  }

  /** The request's response arrived (or it failed): its slot now frees one window after this moment. */
  release(ticket: Ticket): void {
    this.inFlight--;
    insertSorted(this.done, Date.now());
    if (ticket.member && this.config.shared) this.config.shared.store.release(this.config.shared.key, ticket.member);
    this.pump();
  }

  /** Applies what a response said about the account's quota. */
  observe(feedback: Feedback): void {
    if (!feedback) return;
    const now = Date.now();
    if (feedback.kind === 'pause') {
      if (feedback.untilMs > this.pausedUntil) this.pausedUntil = feedback.untilMs;
      this.config.shared?.store.pause(this.config.shared.key, feedback.untilMs - now);
    } else {
      // Requests still in flight may not be in the server's count yet: assume they are not.
      this.cap = { remaining: feedback.remaining - this.inFlight, untilMs: feedback.untilMs };
    }
    this.pump();
  }

  /**
   * The error for a call made while a 429 paused the bucket for longer than the SDK waits for (see
   * `pausedError`), or undefined: such a call fails at once, as the call that drew the 429 did.
   */
  pauseRejection(operationId: string): RateLimitError | undefined {
    const now = Date.now();
    return this.pausedUntil - now > MAX_RETRY_AFTER_MS ? pausedError(operationId, this.pausedUntil, now) : undefined;
  }

  /**
   * The error for a call that cannot fit in today's cap even after the `ahead` calls queued before it, or
   * undefined. Lets a call fail when it is scheduled instead of after waiting its turn.
   */
  dailyRejection(operationId: string, ahead: number): RateLimitError | undefined {
    const { daily } = this.config.limits;
    if (daily === undefined) return undefined;
    const now = Date.now();
    pruneBefore(this.sentToday, DAY_MS, now);
    const excess = this.sentToday.length + ahead - daily;
    if (excess < 0) return undefined;
    const resetAt = (this.sentToday[excess] ?? now) + DAY_MS;
    return dailyLimitError(operationId, daily, resetAt, now);
  }

  /** Counts for `stats()`, as this process sees them. */
  snapshot(): GateSnapshot {
    const now = Date.now();
    const { burstWindowMs, steadyWindowMs, limits } = this.config;
    const snap: GateSnapshot = {
      waiting: this.waiters.length,
      inFlight: this.inFlight,
      burstSent: this.inFlight + countInWindow(this.done, burstWindowMs, now),
      steadySent: this.inFlight + countInWindow(this.done, steadyWindowMs, now),
      shared: this.config.shared?.store.usable ?? false,
    };
    if (limits.daily !== undefined) snap.dailySent = countInWindow(this.sentToday, DAY_MS, now);
    if (this.pausedUntil > now) snap.pausedUntil = this.pausedUntil;
    return snap;
  }

  /** How long the head of the queue must wait by what this process knows; Infinity = until a response. */
  private localWait(now: number): number {
    const { limits, burstWindowMs, steadyWindowMs } = this.config;
    pruneBefore(this.done, Math.max(burstWindowMs, steadyWindowMs), now);
    let wait = Math.max(
      this.pausedUntil - now,
      waitForSlot(this.done, this.inFlight, limits.burst, burstWindowMs, now),
      waitForSlot(this.done, this.inFlight, limits.steady, steadyWindowMs, now),
    );
    if (this.cap && this.cap.untilMs <= now) this.cap = undefined;
    if (this.cap && this.cap.remaining <= 0) wait = Math.max(wait, this.cap.untilMs - now);
    if (this.inFlight >= this.config.maxConcurrent) wait = Number.POSITIVE_INFINITY; // `release` pumps
    return Math.max(0, wait);
  }

  /** Starts as many waiting calls as the windows allow, then sleeps until the next one could start. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.drain();
  }

  /** One drain at a time (`pumping`); a pump that arrives meanwhile makes it look again (`pumpAgain`). */
  private async drain(): Promise<void> {
    try {
      do {
        this.pumpAgain = false;
        clearTimeout(this.timer);
        this.timer = undefined;
        while (this.waiters.length > 0 && (await this.startHead())) {
          // started one (or failed it fast): look at the next
        }
      } while (this.pumpAgain);
    } catch (error) {
      // Not expected (the store never throws), but a bug here must fail a call, not hang them all.
      this.waiters.shift()?.reject(error);
      this.sleep(1);
    } finally {
      this.pumping = false; // synchronously, so a pump right after a synchronous drain is not lost
    }
  }

  /** Starts or fails the head of the queue; false when it must wait (a timer or a response wakes us). */
  private async startHead(): Promise<boolean> {
    const head = this.waiters[0]!;
    // Calls already waiting when a long pause arrives fail with it too (`pump` runs on every 429).
    const paused = this.pauseRejection(head.operationId);
    if (paused) {
      this.waiters.shift();
      head.reject(paused);
      return true;
    }
    const wait = this.localWait(Date.now());
    if (wait > 0) {
      if (Number.isFinite(wait)) this.sleep(wait); // Infinity: `release` pumps when a response frees a slot
      return false;
    }
    const error = this.dailyRejection(head.operationId, 0);
    if (error) {
      this.waiters.shift();
      head.reject(error);
      return true;
    }
    const shared = this.config.shared;
    if (!shared) return this.admit(head, undefined);
    const reply = await shared.store.acquire(shared.key, this.sharedLimits());
    if (this.waiters[0] !== head) {
      // Aborted while Redis answered: give the slot back and look at the new head.
      if (reply?.kind === 'ok') shared.store.release(shared.key, reply.member);
      return true;
    }
    if (reply?.kind === 'wait') {
      this.sleep(reply.waitMs);
      return false;
    }
    if (reply?.kind === 'daily') {
      this.waiters.shift();
      head.reject(dailyLimitError(head.operationId, this.config.limits.daily ?? 0, Date.now() + reply.retryAfterMs));
      return true;
    }
    return this.admit(head, reply?.member); // no reply: Redis is down and the local log alone decides
  }

  private admit(head: Waiter, member: string | undefined): true {
    const now = Date.now();
    this.waiters.shift();
    this.inFlight++;
    if (this.config.limits.daily !== undefined) this.sentToday.push(now);
    if (this.cap) this.cap.remaining--;
    head.onAdmit?.();
    head.resolve(member === undefined ? {} : { member });
    return true;
  }

  private sleep(ms: number): void {
    clearTimeout(this.timer);
    // Capped: a longer timer fires at once. `pump` looks again when it fires, and sleeps on if it must.
    this.timer = setTimeout(() => this.pump(), Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(ms))));
  }

  private sharedLimits() {
    const { limits, burstWindowMs, steadyWindowMs } = this.config;
    return {
      ...limits,
      burstWindowMs,
      steadyWindowMs,
      dayMs: DAY_MS,
      // Another process's response frees the slot; we cannot hear it, so ask again soon.
      pollMs: Math.min(50, Math.max(2, burstWindowMs / 20)),
    };
  }
}

/** The signal's own reason, or a DOMException AbortError like `fetch` throws. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
