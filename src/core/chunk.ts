/**
 * Splitting big inputs to fit Klaviyo's per-request limits (API-NOTES "Size limits"): at most N items,
 * and at most a number of bytes of JSON, per request.
 */
import { utf8ByteLength } from './runtime.js';
import { KlaviyoError, markErrorClass, ValidationError } from './errors.js';

/** Limits of one request. */
export interface ChunkLimits {
  maxItems: number;
  /** Bytes of the items' JSON; the envelope around them gets the rest of the request's allowance. */
  maxBytes?: number | undefined;
}

/** Splits `items` into the fewest runs, in order, that each fit `limits`. One item too big alone is an error. */
export function chunk<T>(items: readonly T[], limits: ChunkLimits): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  items.forEach((item, index) => {
    const size = limits.maxBytes === undefined ? 0 : utf8ByteLength(JSON.stringify(item)) + 1;
    if (limits.maxBytes !== undefined && size > limits.maxBytes) {
      throw new ValidationError('Item too large for one request', {
        issues: [{ path: String(index), message: `is ${size} bytes of JSON; at most ${limits.maxBytes} fit in one request` }],
      });
    }
    const full = current.length >= limits.maxItems || (limits.maxBytes !== undefined && bytes + size > limits.maxBytes);
    if (full) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  });
  if (current.length) chunks.push(current);
  return chunks;
}

/** One request of a split call that failed. */
export interface BatchFailure {
  /** The request's place among the call's requests (0 for the first). */
  index: number;
  /**
   * The items that request carried, by their index in the array the call was given (`events[items[0]]`):
   * what to send again once the failure is dealt with.
   */
  items: number[];
  /** Why it failed: a `KlaviyoError` (`mayHaveApplied` says whether it may have been applied anyway). */
  error: unknown;
}

/**
 * Some requests of a call that was split into several went through and some failed. Nothing is hidden:
 * `results` has each request's answer (`undefined` where it failed, and for a request Klaviyo answers with
 * no body, such as a bulk event job), `failures` each failure with the items it carried, so the caller can
 * re-send exactly what did not go through (for writes that are not safe to repeat, that matters).
 */
export class BatchError<R = unknown> extends KlaviyoError {
  static {
    markErrorClass(this, 'BatchError');
  }

  override readonly name: string = 'BatchError';
  /** Each request's result in order, `undefined` for the ones that failed. */
  readonly results: (R | undefined)[];
  /** The failed requests: their position among the requests, the caller's items they carried, and their error. */
  readonly failures: BatchFailure[];

  constructor(results: (R | undefined)[], failures: BatchFailure[]) {
    const first = failures[0]!.error;
    const items = failures.reduce((sum, failure) => sum + failure.items.length, 0);
    super(
      `${failures.length} of ${results.length} requests failed and ${results.length - failures.length} went through; ` +
        `the failed ones carried ${items} item${items === 1 ? '' : 's'} (see .failures[].items); first failure: ${first instanceof Error ? first.message : String(first)}`,
      { cause: first },
    );
    this.results = results;
    this.failures = failures;
    this.mayHaveApplied = failures.some((f) => f.error instanceof KlaviyoError && f.error.mayHaveApplied);
  }
}

/**
 * Runs `send` for every chunk (the limiter paces them) and waits for all of them, so no call is left
 * running when one fails. When every chunk failed, or there was only one, the first error is rethrown as
 * it is; when some went through, a `BatchError` says which. `chunks` are the caller's items in order (as
 * `chunk` splits them), so each failure's items are numbered as the caller's array has them.
 */
export async function sendAll<T, R>(chunks: readonly T[][], send: (chunk: T[], index: number) => Promise<R>): Promise<R[]> {
  const settled = await Promise.allSettled(chunks.map((c, i) => send(c, i)));
  let offset = 0;
  const failures = settled.flatMap((r, index): BatchFailure[] => {
    const start = offset;
    offset += chunks[index]!.length;
    if (r.status === 'fulfilled') return [];
    return [{ index, items: Array.from({ length: offset - start }, (_, i) => start + i), error: r.reason as unknown }];
  });
  if (failures.length === 0) return settled.map((r) => (r as PromiseFulfilledResult<R>).value);
  if (failures.length === settled.length) throw failures[0]!.error;
  throw new BatchError(
    settled.map((r) => (r.status === 'fulfilled' ? r.value : undefined)),
    failures,
  );
}
