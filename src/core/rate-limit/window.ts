/**
 * The sliding-window arithmetic, as pure functions of a sorted list of timestamps and the clock.
 *
 * Klaviyo counts requests in FIXED windows (1 s burst, 60 s steady) that start at an offset we cannot see.
 * A client that never has more than `limit` requests in ANY window of that length (a rolling window)
 * cannot exceed a fixed window wherever its edges fall. Each request occupies its slot from the moment it is
 * sent until one window after its response arrived: the server saw it at some instant between the two, and
 * the response time is the latest that instant can be. Stamping at send time instead lets a slow request
 * land in the server's next window and draws 429s (measured: shared/klaviyo/API-NOTES.md, "Rate limits").
 */

/**
 * Extra length given to every window, for clock drift between us and Klaviyo (NTP slews a clock by at most
 * 0.05%) and edges Klaviyo does not document exactly. Stamping each slot at its response already makes the
 * log safe without it: the server saw the request no later than that, and the next use of the slot is sent
 * one whole window later.
 *
 * It costs its own size in throughput, and more visibly than that: a steady cycle of bursts repeats every
 * `window × (1 + margin)` plus a round trip, so it drifts against the server's fixed edges by that much per
 * window, and each time a burst crosses an edge one window loses that whole burst. At 2% (the value until
 * 0.1) one steady window in ten fell to 80–88% and the sustained rate could not pass 97.8%; the trace is in
 * BENCHMARKS.md ("Rate-limit efficiency"). At 0.5%, 99.3% in the same simulation.
 */
export const WINDOW_MARGIN = 0.005;

/** Klaviyo's daily caps, treated as a rolling 24 hours (stricter than any calendar day, so always safe). */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A window length with the safety margin added, in whole milliseconds. */
export function withMargin(windowMs: number): number {
  return Math.ceil(windowMs * (1 + WINDOW_MARGIN));
}

/** How many stamps still occupy a window of `windowMs` that ends at `now` (stamps are sorted ascending). */
export function countInWindow(stamps: readonly number[], windowMs: number, now: number): number {
  return stamps.length - firstInside(stamps, now - windowMs);
}

/**
 * How long until one more request may start, given the stamps of completed requests (sorted ascending),
 * the number still in flight, the limit and the window length.
 *
 * Returns 0 when a request may start now, the milliseconds until enough completed requests leave the window,
 * or `Infinity` when only a response can free a slot (too many requests are still in flight).
 */
export function waitForSlot(stamps: readonly number[], inFlight: number, limit: number, windowMs: number, now: number): number {
  const first = firstInside(stamps, now - windowMs);
  const occupied = stamps.length - first + inFlight;
  if (occupied < limit) return 0;
  // The (occupied - limit + 1) oldest slots must free. In-flight slots free last (their stamp is not yet known),
  // so if the completed ones are not enough, only a response can help.
  const mustLeave = occupied - limit + 1;
  const completed = stamps.length - first;
  if (mustLeave > completed) return Infinity;
  return stamps[first + mustLeave - 1]! + windowMs - now;
}

/** Drops stamps that no window of `windowMs` ending at or after `now` can contain; mutates and returns `stamps`. */
export function pruneBefore(stamps: number[], windowMs: number, now: number): number[] {
  const first = firstInside(stamps, now - windowMs);
  if (first > 0) stamps.splice(0, first);
  return stamps;
}

/** Inserts `stamp` keeping `stamps` sorted (responses can be stamped out of order by a few ms). */
export function insertSorted(stamps: number[], stamp: number): void {
  let i = stamps.length;
  while (i > 0 && stamps[i - 1]! > stamp) i--;
  stamps.splice(i, 0, stamp);
}

/** Index of the first stamp strictly after `after` (binary search; stamps are sorted ascending). */
function firstInside(stamps: readonly number[], after: number): number {
  let lo = 0;
  let hi = stamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stamps[mid]! > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
