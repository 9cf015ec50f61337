/** Report figures computed from stored events. */
import { describe, expect, it } from 'vitest';
import { createKlaviyoMock } from '../../src/testing/index.js';
import { call, NOW } from './helpers.js';

function campaignFixture() {
  const mock = createKlaviyoMock({ now: NOW, rateLimit: false });
  const emails = Array.from({ length: 10 }, (_, i) => `r${i}@example.com`);
  const seeded = mock.state.seed({
    profiles: emails.map((email) => ({ email })),
    metrics: [{ name: 'Placed Order' }],
    lists: [{ name: 'All', profiles: emails }],
    campaigns: [{ name: 'Test send', channel: 'email', status: 'Sent', audiences: { included: ['All'] } }],
  });
  const campaign = seeded.campaigns[0]!;
  const at = '2024-10-10T10:00:00Z';
  mock.state.seed({
    events: [
      ...emails.map((profile) => ({ metric: 'Received Email', profile, time: at, properties: { $message: campaign } })),
      ...emails.slice(0, 4).map((profile) => ({ metric: 'Opened Email', profile, time: at, properties: { $message: campaign } })),
      { metric: 'Opened Email', profile: emails[0]!, time: at, properties: { $message: campaign } }, // a second open by the same person
      { metric: 'Clicked Email', profile: emails[0]!, time: at, properties: { $message: campaign } },
      { metric: 'Placed Order', profile: emails[0]!, time: at, value: 19.99, properties: { $attributed_message: campaign } },
      { metric: 'Placed Order', profile: emails[1]!, time: at, value: 5.01, properties: { $attributed_message: campaign } },
      { metric: 'Placed Order', profile: emails[2]!, time: at, value: 100, properties: {} }, // not attributed
    ],
  });
  return { mock, campaign, placedOrder: seeded.metrics[0]! };
}

const campaignReport = (metric: string, statistics: string[], timeframe: unknown = { key: 'last_30_days' }) => ({
  data: { type: 'campaign-values-report', attributes: { statistics, timeframe, conversion_metric_id: metric } },
});

describe('campaign values', () => {
  it('10 recipients and 4 unique openers give open_rate 0.4', () => {
    const { mock, campaign, placedOrder } = campaignFixture();
    const r = call(
      mock.handle,
      'POST',
      '/api/campaign-values-reports',
      campaignReport(placedOrder, ['recipients', 'delivered', 'opens', 'opens_unique', 'open_rate', 'clicks', 'click_rate']),
    );
    expect(r.status).toBe(200);
    expect(r.json.data.attributes.results).toEqual([
      {
        groupings: { send_channel: 'email', campaign_id: campaign, campaign_message_id: expect.any(String) },
        statistics: { recipients: 10, delivered: 10, opens: 5, opens_unique: 4, open_rate: 0.4, clicks: 1, click_rate: 0.1 },
      },
    ]);
  });

  it('conversion_value sums the attributed revenue of the conversion metric', () => {
    const { mock, placedOrder } = campaignFixture();
    const r = call(
      mock.handle,
      'POST',
      '/api/campaign-values-reports',
      campaignReport(placedOrder, ['conversions', 'conversion_value', 'conversion_rate', 'average_order_value']),
    );
    expect(r.json.data.attributes.results[0].statistics).toEqual({
      conversions: 2,
      conversion_value: 25,
      conversion_rate: 0.2,
      average_order_value: 12.5,
    });
  });

  it('leaves out events outside the timeframe', () => {
    const { mock, placedOrder } = campaignFixture();
    const r = call(
      mock.handle,
      'POST',
      '/api/campaign-values-reports',
      campaignReport(placedOrder, ['recipients'], { start: '2024-10-11T00:00:00Z', end: '2024-10-15T00:00:00Z' }),
    );
    expect(r.json.data.attributes.results).toEqual([]);
  });

  it('refuses timeframes over a year and unknown conversion metrics', () => {
    const { mock, placedOrder } = campaignFixture();
    expect(
      call(
        mock.handle,
        'POST',
        '/api/campaign-values-reports',
        campaignReport(placedOrder, ['opens'], { start: '2022-01-01T00:00:00Z', end: '2024-01-01T00:00:00Z' }),
      ).status,
    ).toBe(400);
    expect(call(mock.handle, 'POST', '/api/campaign-values-reports', campaignReport('nope12', ['opens'])).status).toBe(400);
  });

  it('filters results by grouping', () => {
    const { mock, placedOrder } = campaignFixture();
    const body = campaignReport(placedOrder, ['recipients']);
    (body.data.attributes as any).filter = 'equals(send_channel,"sms")';
    expect(call(mock.handle, 'POST', '/api/campaign-values-reports', body).json.data.attributes.results).toEqual([]);
  });
});

describe('demo account reports', () => {
  const mock = createKlaviyoMock({ seed: 'demo', now: NOW, rateLimit: false });
  const placedOrder = mock.state.all('metric').find((m) => m.attributes['name'] === 'Placed Order')!.id;
  const welcome = mock.state.all('flow').find((f) => f.attributes['name'] === 'Welcome Series')!.id;

  it('flow values group by flow message', () => {
    const r = call(mock.handle, 'POST', '/api/flow-values-reports', {
      data: {
        type: 'flow-values-report',
        attributes: {
          statistics: ['recipients', 'open_rate', 'conversion_value'],
          timeframe: { key: 'last_30_days' },
          conversion_metric_id: placedOrder,
        },
      },
    });
    expect(r.json.data.attributes.results.map((x: any) => [x.groupings.flow_id, x.statistics])).toEqual([
      [welcome, { recipients: 6, open_rate: 0.5, conversion_value: 25 }],
      [welcome, { recipients: 5, open_rate: 0.2, conversion_value: 0 }],
    ]);
  });

  it('flow series spreads figures over interval buckets', () => {
    const r = call(mock.handle, 'POST', '/api/flow-series-reports', {
      data: {
        type: 'flow-series-report',
        attributes: {
          statistics: ['recipients'],
          timeframe: { key: 'last_30_days' },
          interval: 'weekly',
          conversion_metric_id: placedOrder,
        },
      },
    });
    const { date_times, results } = r.json.data.attributes;
    expect(results[0].statistics.recipients).toHaveLength(date_times.length);
    expect(results[0].statistics.recipients.reduce((a: number, b: number) => a + b, 0)).toBe(6);
  });

  it('segment values count members', () => {
    const r = call(mock.handle, 'POST', '/api/segment-values-reports', {
      data: {
        type: 'segment-values-report',
        attributes: { statistics: ['total_members', 'members_added'], timeframe: { key: 'last_30_days' } },
      },
    });
    expect(r.json.data.attributes.results.map((x: any) => x.statistics)).toEqual([
      { total_members: 5, members_added: 5 },
      { total_members: 10, members_added: 0 },
    ]);
  });

  it('metric aggregates count and sum per day', () => {
    const r = call(mock.handle, 'POST', '/api/metric-aggregates', {
      data: {
        type: 'metric-aggregate',
        attributes: {
          metric_id: placedOrder,
          measurements: ['count', 'sum_value', 'unique'],
          interval: 'day',
          filter: ['greater-or-equal(datetime,2024-10-01T00:00:00)', 'less-than(datetime,2024-10-15T00:00:00)'],
        },
      },
    });
    expect(r.status).toBe(200);
    const row = r.json.data.attributes.data[0];
    expect(row.measurements.count.reduce((a: number, b: number) => a + b, 0)).toBe(4);
    expect(row.measurements.sum_value.reduce((a: number, b: number) => a + b, 0)).toBe(194.5);
    expect(r.json.data.attributes.dates).toHaveLength(14);
  });

  it('metric aggregates need both datetime bounds', () => {
    const r = call(mock.handle, 'POST', '/api/metric-aggregates', {
      data: {
        type: 'metric-aggregate',
        attributes: {
          metric_id: placedOrder,
          measurements: ['count'],
          filter: ['greater-or-equal(datetime,2024-10-01T00:00:00)'],
        },
      },
    });
    expect(r.status).toBe(400);
  });
});
