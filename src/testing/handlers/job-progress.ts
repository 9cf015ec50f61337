/**
 * Asynchronous jobs advance on reads: each GET moves a job one step, queued → processing → complete, so a
 * client's polling loop is exercised without real waiting and without timers. `onComplete` runs once.
 */
import type { MockState, StoredRecord } from '../state.js';

const STEPS = ['queued', 'processing', 'complete'] as const;

/** Moves a job one step along (unless cancelled or complete). */
export function advanceJob(state: MockState, job: StoredRecord): void {
  const status = job.attributes['status'];
  const index = STEPS.indexOf(status as (typeof STEPS)[number]);
  if (index < 0 || index === STEPS.length - 1) return;
  const next = STEPS[index + 1]!;
  job.attributes['status'] = next;
  if (next === 'processing' && 'started_at' in job.attributes) job.attributes['started_at'] = state.timestamp();
  if (next === 'complete') {
    if ('completed_at' in job.attributes) job.attributes['completed_at'] = state.timestamp();
    const final = job.extra['final'] as Record<string, unknown> | undefined;
    if (final) Object.assign(job.attributes, final);
    (job.extra['onComplete'] as ((state: MockState) => void) | undefined)?.(state);
  }
}
