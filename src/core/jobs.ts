/**
 * Klaviyo runs bulk work (profile imports, subscriptions, suppressions, campaign sends, recipient
 * estimations) as jobs: the POST answers 202 with a job id, and the job's status advances on later reads.
 * `pollUntilDone` reads it with backoff until it settles; every read goes through the limiter like any call.
 */
import { AbortError, KlaviyoError, markErrorClass, ValidationError, type ValidationIssue } from './errors.js';
import { describeValue, durationProblem, isPlainObject, keysOf, signalProblem, unknownKeyIssues } from './known-keys.js';
import { sleep } from './transport.js';

/** How `wait()` polls. */
export interface WaitOptions {
  /** Stops waiting (the job itself goes on at Klaviyo) with `AbortError`. */
  signal?: AbortSignal | undefined;
  /** First pause between reads. Default 1000 ms; doubles each read up to `maxIntervalMs`. Every duration here is at most 2^31 − 1 ms. */
  intervalMs?: number | undefined;
  /** Longest pause between reads. Default 30_000 ms. */
  maxIntervalMs?: number | undefined;
  /** Gives up with `JobTimeoutError` after this long. Default: no limit. */
  timeoutMs?: number | undefined;
}

/** Every key `WaitOptions` declares: any other is a misspelling (`interval`), refused with a suggestion. */
const WAIT_OPTION_NAMES = keysOf<WaitOptions>()(['signal', 'intervalMs', 'maxIntervalMs', 'timeoutMs']);

/**
 * Every problem of `wait()`'s options at once. A pause that is not a duration polled Klaviyo in a loop: a
 * timer given `NaN`, a negative number or more than about 24.8 days fires after 1 ms.
 */
function checkWaitOptions(options: WaitOptions): void {
  if (!isPlainObject(options)) {
    throw new ValidationError('Invalid wait options', {
      issues: [{ path: '', message: `must be an object, got ${describeValue(options)}` }],
    });
  }
  const issues: ValidationIssue[] = unknownKeyIssues(options, WAIT_OPTION_NAMES);
  for (const name of ['intervalMs', 'maxIntervalMs', 'timeoutMs'] as const) {
    const problem = options[name] === undefined ? undefined : durationProblem(options[name]);
    if (problem) issues.push({ path: name, message: problem });
  }
  const { intervalMs, maxIntervalMs } = options;
  if (issues.length === 0 && typeof intervalMs === 'number' && typeof maxIntervalMs === 'number' && maxIntervalMs < intervalMs) {
    issues.push({ path: 'maxIntervalMs', message: `must be at least intervalMs (${intervalMs}), got ${maxIntervalMs}` });
  }
  const signal = signalProblem(options.signal);
  if (signal) issues.push({ path: 'signal', message: signal });
  if (issues.length) throw new ValidationError('Invalid wait options', { issues });
}

/** Statuses after which a job changes no more. */
const SETTLED = new Set(['complete', 'completed', 'cancelled', 'canceled', 'failed', 'error']);

/** A job's status string, lower-cased, from its JSON:API document. */
export function jobStatusOf(document: unknown): string | undefined {
  const status = (document as { data?: { attributes?: { status?: unknown } } } | undefined)?.data?.attributes?.status;
  return typeof status === 'string' ? status.toLowerCase() : undefined;
}

/** Whether a job with this status is done, one way or another. */
export function isSettled(status: string | undefined): boolean {
  return status !== undefined && SETTLED.has(status);
}

/** `wait()` gave up before the job settled. The job may still finish at Klaviyo. */
export class JobTimeoutError extends KlaviyoError {
  static {
    markErrorClass(this, 'JobTimeoutError');
  }

  override readonly name: string = 'JobTimeoutError';
}

/** The job ended in a failed or cancelled state. `document` is its last state, `errors` what it reported. */
export class JobFailedError extends KlaviyoError {
  static {
    markErrorClass(this, 'JobFailedError');
  }

  override readonly name: string = 'JobFailedError';
  /** The job's last JSON:API document. */
  readonly document: unknown;
  /** Per-row errors the job reported (e.g. import errors), when there are any. */
  readonly errors: unknown[];

  constructor(message: string, document: unknown, errors: unknown[] = []) {
    super(message);
    this.document = document;
    this.errors = errors;
  }
}

/**
 * Calls `read` until the job's status settles, waiting `intervalMs`, then twice that, … up to
 * `maxIntervalMs` between reads. Resolves to the last document, whatever the final status: callers decide
 * what counts as failure for their kind of job.
 */
export async function pollUntilDone<Doc>(read: () => Promise<Doc>, options: WaitOptions = {}): Promise<Doc> {
  checkWaitOptions(options);
  const { signal, intervalMs = 1_000, maxIntervalMs = 30_000, timeoutMs } = options;
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
  let pause = intervalMs;
  for (;;) {
    if (signal?.aborted) throw new AbortError('stopped waiting for the job', { cause: signal.reason });
    const document = await read();
    if (isSettled(jobStatusOf(document))) return document;
    const left = deadline - Date.now();
    if (left <= 0) throw new JobTimeoutError(`the job had not finished after ${timeoutMs} ms (status ${jobStatusOf(document)})`);
    await sleep(Math.min(pause, left), signal);
    pause = Math.min(pause * 2, maxIntervalMs);
  }
}

/** Whether a settled job ended well. */
export function isSuccessful(status: string | undefined): boolean {
  return status === 'complete' || status === 'completed';
}

/**
 * A job Klaviyo runs in the background (a campaign send, a recipient estimation, a suppression): its id,
 * what the call that started it answered, and `wait()`.
 */
export class JobHandle<Started extends { data: { id: string } }, Read> {
  /** The job id. */
  readonly id: string;
  /** The job as the call that started it answered. */
  readonly document: Started;
  readonly #kind: string;
  readonly #read: (signal: AbortSignal | undefined) => Promise<Read>;

  /** `kind` names the job in messages; `read` fetches its current state (through the limiter, like any call). */
  constructor(document: Started, kind: string, read: (signal: AbortSignal | undefined) => Promise<Read>) {
    this.id = document.data.id;
    this.document = document;
    this.#kind = kind;
    this.#read = read;
  }

  /** The status the starting call answered with (`queued`, `processing`, `complete`, `cancelled`, …). */
  get status(): string | undefined {
    return jobStatusOf(this.document);
  }

  /**
   * Polls the job until it settles. Resolves to its last state when it completed; throws `JobFailedError`
   * (carrying that state) when it ended cancelled or failed, `JobTimeoutError` after `timeoutMs`,
   * `AbortError` when `signal` aborts (the job itself goes on at Klaviyo), `ValidationError` for options it
   * cannot use (an unknown key, a pause that is not a duration), before the first read.
   */
  async wait(options: WaitOptions = {}): Promise<Read> {
    const last = await this.poll(options);
    const status = jobStatusOf(last);
    if (!isSuccessful(status))
      throw new JobFailedError(`The ${this.#kind} ${this.id} ended ${status ?? 'without a status'}`, last);
    return last;
  }

  /** Reads the job until it settles, however it ended. */
  protected poll(options: WaitOptions): Promise<Read> {
    return pollUntilDone(() => this.#read(options.signal), options);
  }
}
