/**
 * Splitting big inputs to fit Klaviyo's per-request limits (API-NOTES "Size limits"): at most N items,
 * and at most a number of bytes of JSON, per request.
 */
import { ValidationError } from './errors.js';

/** Limits of one request. */
export interface ChunkLimits {
  maxItems: number;
  /** Bytes of the items' JSON; the envelope around them gets the rest of the request's allowance. */
  maxBytes?: number;
}

/** Splits `items` into the fewest runs, in order, that each fit `limits`. One item too big alone is an error. */
export function chunk<T>(items: readonly T[], limits: ChunkLimits): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  items.forEach((item, index) => {
    const size = limits.maxBytes === undefined ? 0 : Buffer.byteLength(JSON.stringify(item)) + 1;
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

/**
 * Runs `send` for every chunk (the limiter paces them) and waits for all of them, so no call is left
 * running when one fails; then rethrows the first failure.
 */
export async function sendAll<T, R>(chunks: readonly T[][], send: (chunk: T[], index: number) => Promise<R>): Promise<R[]> {
  const results = await Promise.allSettled(chunks.map((c, i) => send(c, i)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<R>).value);
}
