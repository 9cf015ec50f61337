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
