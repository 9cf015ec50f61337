/** How much of the quota a run used, from the server's arrival times. */

/** Accepted requests per elapsed steady window in [start, stop], as a fraction of the steady limit. */
export function shareOfSteady(
  acceptedAt: readonly number[],
  start: number,
  stop: number,
  steady: number,
  steadyMs: number,
): number {
  const accepted = acceptedAt.filter((t) => t >= start && t <= stop).length;
  return accepted / ((stop - start) / steadyMs) / steady;
}

/**
 * The long-run rate, free of the head start a cold client gets (a full window's worth at once): the time
 * the 1st to the (k·steady + 1)th accepted requests took, against k steady windows.
 */
export function sustainedShare(acceptedAt: readonly number[], steady: number, steadyMs: number): number {
  const sorted = [...acceptedAt].sort((a, b) => a - b);
  const periods = Math.floor((sorted.length - 1) / steady);
  if (periods < 1) return NaN;
  return (periods * steadyMs) / (sorted[periods * steady]! - sorted[0]!);
}

/** The compressed windows the throughput tests run at: burst 10 per 100 ms, steady 50 per 1 s. */
export const BURST = 10;
export const STEADY = 50;
export const BURST_MS = 100;
export const STEADY_MS = 1_000;
/** The limiter options that match them. */
export const compressed = {
  burstWindowMs: BURST_MS,
  steadyWindowMs: STEADY_MS,
  limits: { get_profiles: { burst: BURST, steady: STEADY } },
};
