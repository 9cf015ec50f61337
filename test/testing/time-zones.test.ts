/**
 * The mock's calendars follow a time zone, as Klaviyo's do: metric aggregates bucket events by the local
 * days, hours, weeks and months of their `timezone` and write dates with its offset; reports, which take no
 * `timezone`, follow the account's.
 */
import { describe, expect, it } from 'vitest';
import { createKlaviyoMock } from '../../src/testing/index.js';
import { call } from './helpers.js';

const NEW_YORK = 'America/New_York';

/** A mock holding one `Placed Order` event per time given. */
function ordersAt(...times: string[]) {
  const mock = createKlaviyoMock({ now: '2026-12-31T00:00:00Z', rateLimit: false });
  const { metrics } = mock.state.seed({
    profiles: times.map((_, i) => ({ email: `buyer${i}@example.com` })),
    metrics: [{ name: 'Placed Order' }],
    events: times.map((time, i) => ({ metric: 'Placed Order', profile: `buyer${i}@example.com`, time, value: 10 })),
  });
  return { mock, metric: metrics[0]! };
}

/** Queries metric aggregates (counts) over [from, to) and answers the status and, on 200, dates and counts. */
function aggregate(
  setup: ReturnType<typeof ordersAt>,
  query: { from: string; to: string; interval?: string; timezone?: unknown },
): { status: number; dates: string[]; counts: number[]; json: any } {
  const { from, to, ...rest } = query;
  const r = call(setup.mock.handle, 'POST', '/api/metric-aggregates', {
    data: {
      type: 'metric-aggregate',
      attributes: {
        metric_id: setup.metric,
        measurements: ['count'],
        filter: [`greater-or-equal(datetime,${from})`, `less-than(datetime,${to})`],
        ...rest,
      },
    },
  });
  const attributes = r.json?.data?.attributes;
  return {
    status: r.status,
    dates: attributes?.dates ?? [],
    counts: attributes?.data?.[0]?.measurements.count ?? [],
    json: r.json,
  };
}

/** The count in the bucket whose date is `date`. */
function countOn(result: { dates: string[]; counts: number[] }, date: string): number | undefined {
  const i = result.dates.indexOf(date);
  return i === -1 ? undefined : result.counts[i];
}

describe('metric aggregates in a time zone', () => {
  it('an order at 03:00 UTC on June 10 counts on June 9 in New York, where it is 23:00 the evening before', () => {
    const setup = ordersAt('2026-06-10T03:00:00Z');
    const r = aggregate(setup, { from: '2026-06-08T00:00:00', to: '2026-06-12T00:00:00', interval: 'day', timezone: NEW_YORK });
    expect(r.status).toBe(200);
    expect(r.dates).toEqual([
      '2026-06-08T00:00:00-04:00',
      '2026-06-09T00:00:00-04:00',
      '2026-06-10T00:00:00-04:00',
      '2026-06-11T00:00:00-04:00',
    ]);
    expect(r.counts).toEqual([0, 1, 0, 0]);
  });

  it('without a timezone the same order counts on June 10 UTC, and dates read +00:00', () => {
    const setup = ordersAt('2026-06-10T03:00:00Z');
    const r = aggregate(setup, { from: '2026-06-08T00:00:00', to: '2026-06-12T00:00:00', interval: 'day' });
    expect(r.dates).toEqual([
      '2026-06-08T00:00:00+00:00',
      '2026-06-09T00:00:00+00:00',
      '2026-06-10T00:00:00+00:00',
      '2026-06-11T00:00:00+00:00',
    ]);
    expect(r.counts).toEqual([0, 0, 1, 0]);
    expect(aggregate(setup, { from: '2026-06-08T00:00:00', to: '2026-06-12T00:00:00', timezone: null }).counts).toEqual([
      0, 0, 1, 0,
    ]);
  });

  it('a datetime bound without an offset is local time in the zone; one with an offset is that instant', () => {
    // 02:00 UTC on June 12 is 22:00 on June 11 in New York: before local midnight, after UTC midnight.
    const setup = ordersAt('2026-06-12T02:00:00Z');
    const local = aggregate(setup, { from: '2026-06-11T00:00:00', to: '2026-06-12T00:00:00', timezone: NEW_YORK });
    expect(local.dates).toEqual(['2026-06-11T00:00:00-04:00']);
    expect(local.counts).toEqual([1]);
    const utc = aggregate(setup, { from: '2026-06-11T04:00:00Z', to: '2026-06-12T00:00:00Z', timezone: NEW_YORK });
    expect(utc.counts).toEqual([0]);
  });

  it('a day bucket is a local calendar day: 23 hours when the clocks spring forward, 25 when they fall back', () => {
    // March 8, 2026: 02:00 EST becomes 03:00 EDT. 03:30 UTC on March 9 is still 23:30 on March 8.
    const spring = ordersAt('2026-03-09T03:30:00Z', '2026-03-09T04:00:00Z');
    const march = aggregate(spring, { from: '2026-03-08T00:00:00', to: '2026-03-10T00:00:00', timezone: NEW_YORK });
    expect(march.dates).toEqual(['2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00']);
    expect(march.counts).toEqual([1, 1]);

    // November 1, 2026: 02:00 EDT becomes 01:00 EST. 04:30 UTC on November 2 is still 23:30 on November 1.
    const fall = ordersAt('2026-11-02T04:30:00Z', '2026-11-02T05:00:00Z');
    const november = aggregate(fall, { from: '2026-11-01T00:00:00', to: '2026-11-03T00:00:00', timezone: NEW_YORK });
    expect(november.dates).toEqual(['2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00']);
    expect(november.counts).toEqual([1, 1]);
  });

  it('hour buckets count the repeated hour twice when the clocks fall back, each with its own offset', () => {
    const setup = ordersAt('2026-11-01T06:30:00Z'); // 01:30 EST, the second 01:30 of the night (05:30 UTC was the first)
    const r = aggregate(setup, { from: '2026-11-01T00:00:00', to: '2026-11-01T03:00:00', interval: 'hour', timezone: NEW_YORK });
    expect(r.dates).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00',
    ]);
    expect(r.counts).toEqual([0, 0, 1, 0]);
  });

  it('week buckets start on local Mondays and month buckets on the local first, each date with its own offset', () => {
    // 02:00 UTC on April 1 is 22:00 on March 31 in New York; 03:00 UTC on Monday June 8 is Sunday June 7 there.
    const setup = ordersAt('2026-04-01T02:00:00Z', '2026-06-08T03:00:00Z');
    const months = aggregate(setup, {
      from: '2026-02-15T00:00:00',
      to: '2026-04-15T00:00:00',
      interval: 'month',
      timezone: NEW_YORK,
    });
    expect(months.dates).toEqual(['2026-02-01T00:00:00-05:00', '2026-03-01T00:00:00-05:00', '2026-04-01T00:00:00-04:00']);
    expect(months.counts).toEqual([0, 1, 0]);
    const weeks = aggregate(setup, {
      from: '2026-06-03T00:00:00',
      to: '2026-06-12T00:00:00',
      interval: 'week',
      timezone: NEW_YORK,
    });
    expect(weeks.dates).toEqual(['2026-06-01T00:00:00-04:00', '2026-06-08T00:00:00-04:00']);
    expect(weeks.counts).toEqual([1, 0]);
  });

  it('dates carry half-hour offsets too (Asia/Kolkata, +05:30)', () => {
    const setup = ordersAt('2026-06-09T19:00:00Z'); // 00:30 on June 10 in Kolkata
    const r = aggregate(setup, { from: '2026-06-09T00:00:00', to: '2026-06-11T00:00:00', timezone: 'Asia/Kolkata' });
    expect(r.dates).toEqual(['2026-06-09T00:00:00+05:30', '2026-06-10T00:00:00+05:30']);
    expect(countOn(r, '2026-06-10T00:00:00+05:30')).toBe(1);
  });

  it.each([
    ['Mars/Olympus', 'not a time zone'],
    ['america/new_york', 'names are case-sensitive'],
    ['Europe/Kyiv', 'a zone Klaviyo names as unsupported'],
    ['+05:00', 'an offset, not a zone name'],
  ])('answers 400 pointing at /data/attributes/timezone for %s (%s)', (timezone) => {
    const setup = ordersAt('2026-06-10T03:00:00Z');
    const r = aggregate(setup, { from: '2026-06-08T00:00:00', to: '2026-06-12T00:00:00', timezone });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([
      expect.objectContaining({
        status: 400,
        code: 'invalid',
        source: { pointer: '/data/attributes/timezone' },
        detail: expect.stringContaining(`got ${JSON.stringify(timezone)}`),
      }),
    ]);
  });

  it('accepts IANA links such as US/Eastern and Etc/GMT+5', () => {
    const setup = ordersAt('2026-06-10T03:00:00Z');
    const eastern = aggregate(setup, { from: '2026-06-09T00:00:00', to: '2026-06-10T00:00:00', timezone: 'US/Eastern' });
    expect(eastern).toMatchObject({ status: 200, dates: ['2026-06-09T00:00:00-04:00'], counts: [1] });
    // Etc/GMT+5 is five hours behind UTC (POSIX signs are inverted in these names).
    const etc = aggregate(setup, { from: '2026-06-09T00:00:00', to: '2026-06-10T00:00:00', timezone: 'Etc/GMT+5' });
    expect(etc).toMatchObject({ status: 200, dates: ['2026-06-09T00:00:00-05:00'], counts: [1] });
  });
});

describe("reports follow the account's time zone", () => {
  /** A mock whose account is in `zone`, with one form view per time given. */
  function formViewsAt(zone: string | undefined, now: string, ...times: string[]) {
    const mock = createKlaviyoMock({ now, rateLimit: false });
    if (zone) mock.state.all('account')[0]!.attributes['timezone'] = zone;
    mock.state.seed({
      profiles: times.map((_, i) => ({ email: `viewer${i}@example.com` })),
      events: times.map((time, i) => ({
        metric: 'Viewed Form',
        profile: `viewer${i}@example.com`,
        time,
        properties: { $form_id: 'F0rm1d' },
      })),
    });
    return mock;
  }

  const formSeries = (timeframe: unknown) => ({
    data: { type: 'form-series-report', attributes: { statistics: ['viewed_form'], timeframe, interval: 'daily' } },
  });

  it('form series bucket by local day and date_times carry the offset; a custom timeframe reads its times locally', () => {
    // The custom timeframe's +00:00 is ignored: the spec's CustomTimeframe uses the company time zone.
    const timeframe = { start: '2026-06-08T00:00:00+00:00', end: '2026-06-11T00:00:00+00:00' };
    const newYork = formViewsAt(NEW_YORK, '2026-06-30T00:00:00Z', '2026-06-10T03:00:00Z');
    const r = call(newYork.handle, 'POST', '/api/form-series-reports', formSeries(timeframe));
    expect(r.status).toBe(200);
    expect(r.json.data.attributes.date_times).toEqual([
      '2026-06-08T00:00:00-04:00',
      '2026-06-09T00:00:00-04:00',
      '2026-06-10T00:00:00-04:00',
    ]);
    expect(r.json.data.attributes.results[0].statistics.viewed_form).toEqual([0, 1, 0]);

    const utc = formViewsAt(undefined, '2026-06-30T00:00:00Z', '2026-06-10T03:00:00Z');
    const u = call(utc.handle, 'POST', '/api/form-series-reports', formSeries(timeframe));
    expect(u.json.data.attributes.date_times).toEqual([
      '2026-06-08T00:00:00+00:00',
      '2026-06-09T00:00:00+00:00',
      '2026-06-10T00:00:00+00:00',
    ]);
    expect(u.json.data.attributes.results[0].statistics.viewed_form).toEqual([0, 0, 1]);
  });

  it("the 'yesterday' key is the account's local yesterday", () => {
    // At 03:00 UTC on June 10 it is still June 9 in New York: yesterday there is June 8, which holds a view at
    // 12:00 UTC; yesterday in UTC is June 9, which holds none.
    const yesterday = (mock: ReturnType<typeof formViewsAt>) =>
      call(mock.handle, 'POST', '/api/form-values-reports', {
        data: { type: 'form-values-report', attributes: { statistics: ['viewed_form'], timeframe: { key: 'yesterday' } } },
      }).json.data.attributes.results;
    expect(yesterday(formViewsAt(NEW_YORK, '2026-06-10T03:00:00Z', '2026-06-08T12:00:00Z'))).toEqual([
      { groupings: { form_id: 'F0rm1d' }, statistics: { viewed_form: 1 } },
    ]);
    expect(yesterday(formViewsAt(undefined, '2026-06-10T03:00:00Z', '2026-06-08T12:00:00Z'))).toEqual([]);
  });
});
