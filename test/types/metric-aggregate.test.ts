/**
 * `metrics.aggregate()`'s answer is typed by the measurements asked for: each row has one number per date
 * for each, so revenue by day sums without a cast (a fresh-user trial had to write `as number[]`), and a
 * measurement not asked for is a type error. Written as user code: compiled by `tsc --noEmit` and by
 * scripts/check-readme.mjs under the strictest settings.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Klaviyo, MetricAggregateResponse } from 'klaviyo-ts';

describe('metrics.aggregate() types each row by the measurements asked for', () => {
  it('sums a measurement asked for, and refuses one that was not', async () => {
    const revenue = async (klaviyo: Klaviyo, metricId: string) => {
      const answer = await klaviyo.metrics.aggregate({
        metricId,
        measurements: ['sum_value'],
        start: new Date('2025-06-01'),
        end: new Date('2025-07-01'),
      });
      expectTypeOf(answer).toEqualTypeOf<MetricAggregateResponse<'sum_value'>>();
      expectTypeOf(answer.data.attributes.dates).toEqualTypeOf<string[]>();
      const [row] = answer.data.attributes.data;
      // @ts-expect-error: `count` was not asked for
      void row?.measurements.count;
      return row?.measurements.sum_value.reduce((sum, day) => sum + day, 0);
    };
    expectTypeOf(revenue).returns.resolves.toEqualTypeOf<number | undefined>();
  });
});
