import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { Klaviyo, NotFoundError, ValidationError } from '../../src/index.js';
import { API, useKlaviyoApi } from './msw.js';
import type { CampaignStatistic } from '../../src/index.js';

const { server, sent, klaviyo } = useKlaviyoApi();

const marketerStats = ['recipients', 'open_rate', 'click_rate', 'conversion_value'] as const;

/** Answers one report endpoint with `answer` and records the bodies and query strings it received. */
function serveReport(path: string, answer: Record<string, unknown>) {
  const bodies: unknown[] = [];
  const urls: URL[] = [];
  server.use(
    http.post(`${API}${path}`, async ({ request }) => {
      bodies.push(await request.json());
      urls.push(new URL(request.url));
      return HttpResponse.json(answer);
    }),
  );
  return { bodies, urls };
}

function countRequests(): () => number {
  let sent = 0;
  server.use(http.all(`${API}/*`, () => void sent++ as never));
  return () => sent;
}

const campaignValuesAnswer = {
  data: {
    type: 'campaign-values-report',
    attributes: {
      results: [
        {
          groupings: { send_channel: 'email', campaign_id: 'C1', campaign_message_id: 'M1' },
          statistics: { recipients: 1000, open_rate: 0.4213, click_rate: 0.052, conversion_value: 1234.5 },
        },
        {
          groupings: { send_channel: 'sms', campaign_id: 'C2', campaign_message_id: 'M2' },
          statistics: { recipients: 250, open_rate: null, click_rate: 0.1 },
        },
      ],
    },
    relationships: {
      campaigns: {
        data: [
          { type: 'campaign', id: 'C1' },
          { type: 'campaign', id: 'C2' },
        ],
      },
    },
  },
};

describe('reports.campaignValues', () => {
  it('sends the campaign-values-report query and resolves to rows per campaign message', async () => {
    const { bodies } = serveReport('/api/campaign-values-reports', campaignValuesAnswer);
    const report = await klaviyo.reports.campaignValues({
      statistics: marketerStats,
      timeframe: { key: 'last_30_days' },
      conversionMetricId: 'RESQ6t',
    });
    expect(bodies).toEqual([
      {
        data: {
          type: 'campaign-values-report',
          attributes: { statistics: [...marketerStats], timeframe: { key: 'last_30_days' }, conversion_metric_id: 'RESQ6t' },
        },
      },
    ]);
    expect(report.rows).toEqual([
      {
        campaignId: 'C1',
        campaignMessageId: 'M1',
        sendChannel: 'email',
        statistics: { recipients: 1000, open_rate: 0.4213, click_rate: 0.052, conversion_value: 1234.5 },
        groupings: { send_channel: 'email', campaign_id: 'C1', campaign_message_id: 'M1' },
      },
      {
        campaignId: 'C2',
        campaignMessageId: 'M2',
        sendChannel: 'sms',
        statistics: { recipients: 250, open_rate: null, click_rate: 0.1, conversion_value: null },
        groupings: { send_channel: 'sms', campaign_id: 'C2', campaign_message_id: 'M2' },
      },
    ]);
  });

  it('also resolves to the validated document itself', async () => {
    serveReport('/api/campaign-values-reports', campaignValuesAnswer);
    const report = await klaviyo.reports.campaignValues({
      statistics: ['opens'],
      timeframe: { key: 'last_7_days' },
      conversionMetricId: 'RESQ6t',
    });
    expect(report.data.type).toBe('campaign-values-report');
    expect(report.data.attributes.results).toHaveLength(2);
    expect(report.data.relationships?.campaigns?.data?.map((c) => c.id)).toEqual(['C1', 'C2']);
  });

  it('turns a filter object into Klaviyo’s filter string', async () => {
    const { bodies } = serveReport('/api/campaign-values-reports', campaignValuesAnswer);
    await klaviyo.reports.campaignValues({
      statistics: ['recipients'],
      timeframe: { key: 'last_30_days' },
      conversionMetricId: 'RESQ6t',
      filter: { campaign_id: { equals: 'C1' }, send_channel: { containsAny: ['email', 'sms'] } },
    });
    expect(bodies[0]).toMatchObject({
      data: { attributes: { filter: 'and(equals(campaign_id,"C1"),contains-any(send_channel,["email","sms"]))' } },
    });
  });

  it('sends a raw filter string as written, and a page cursor as page_cursor', async () => {
    const { bodies, urls } = serveReport('/api/campaign-values-reports', campaignValuesAnswer);
    await klaviyo.reports.campaignValues({
      statistics: ['recipients'],
      timeframe: { key: 'last_30_days' },
      conversionMetricId: 'RESQ6t',
      filter: 'equals(campaign_id,"C1")',
      pageCursor: 'abc',
    });
    expect(bodies[0]).toMatchObject({ data: { attributes: { filter: 'equals(campaign_id,"C1")' } } });
    expect(urls[0]!.searchParams.get('page_cursor')).toBe('abc');
  });

  it.each([
    ['a field reports cannot filter on', { flow_id: { equals: 'F1' } }, 'filter.flow_id'],
    ['an operator the field does not take', { campaign_id: { any: ['C1'] } }, 'filter.campaign_id.any'],
    ['two conditions on one field', { campaign_id: { equals: 'C1', containsAny: ['C2'] } }, 'filter.campaign_id'],
    [
      'more than 100 values in a list',
      { campaign_id: { containsAny: Array.from({ length: 101 }, (_, i) => `C${i}`) } },
      'filter.campaign_id.containsAny',
    ],
  ])('refuses %s, sending nothing', async (_, filter, path) => {
    const sent = countRequests();
    const error = await klaviyo.reports
      .campaignValues({
        statistics: ['recipients'],
        timeframe: { key: 'last_30_days' },
        conversionMetricId: 'RESQ6t',
        filter: filter as never,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe(path);
    expect(sent()).toBe(0);
  });

  it('refuses a statistic Klaviyo does not report, sending nothing', async () => {
    const sent = countRequests();
    // @ts-expect-error: revenue is called conversion_value
    const statistics: CampaignStatistic[] = ['revenue'];
    const error = await klaviyo.reports
      .campaignValues({ statistics, timeframe: { key: 'last_30_days' }, conversionMetricId: 'RESQ6t' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(sent()).toBe(0);
  });

  it('names the statistic meant when one is a near miss of an enum value', async () => {
    // @ts-expect-error: the statistic is open_rate
    const statistics: CampaignStatistic[] = ['recipients', 'opens_rate'];
    const error = await klaviyo.reports
      .campaignValues({ statistics, timeframe: { key: 'last_30_days' }, conversionMetricId: 'RESQ6t' })
      .catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([
      {
        path: 'statistics.1',
        message: expect.stringMatching(/^must be one of .*, got "opens_rate"; did you mean "open_rate"\?$/),
      },
    ]);
  });

  it('a 404 becomes NotFoundError', async () => {
    server.use(
      http.post(`${API}/api/campaign-values-reports`, () =>
        HttpResponse.json(
          { errors: [{ id: 'e1', status: 404, code: 'not_found', title: 'Not found.', detail: 'No such metric.' }] },
          { status: 404 },
        ),
      ),
    );
    const call = klaviyo.reports.campaignValues({
      statistics: ['recipients'],
      timeframe: { key: 'last_30_days' },
      conversionMetricId: 'nope',
    });
    await expect(call).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('report timeframes', () => {
  const answer = { data: { type: 'flow-values-report', attributes: { results: [] } } };
  const flowValues = (timeframe: Parameters<typeof klaviyo.reports.flowValues>[0]['timeframe']) =>
    klaviyo.reports.flowValues({ statistics: ['recipients'], timeframe, conversionMetricId: 'RESQ6t' });

  it('sends Dates as ISO 8601 UTC and strings as written', async () => {
    const { bodies } = serveReport('/api/flow-values-reports', answer);
    await flowValues({ start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-03-31T12:30:00Z') });
    await flowValues({ start: '2025-01-01T00:00:00+01:00', end: '2025-02-01T00:00:00+01:00' });
    expect(bodies.map((b) => (b as { data: { attributes: { timeframe: unknown } } }).data.attributes.timeframe)).toEqual([
      { start: '2025-01-01T00:00:00Z', end: '2025-03-31T12:30:00Z' },
      { start: '2025-01-01T00:00:00+01:00', end: '2025-02-01T00:00:00+01:00' },
    ]);
  });

  it('accepts exactly one year, including a leap year', async () => {
    const { bodies } = serveReport('/api/flow-values-reports', answer);
    await flowValues({ start: new Date('2024-01-01T00:00:00Z'), end: new Date('2025-01-01T00:00:00Z') });
    expect(bodies).toHaveLength(1);
  });

  it.each([
    ['longer than one year', { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2025-01-01T00:00:01Z') }, 'timeframe'],
    ['ending before it starts', { start: '2025-02-01T00:00:00Z', end: '2025-01-01T00:00:00Z' }, 'timeframe.end'],
    ['with an unreadable date', { start: 'last tuesday', end: '2025-01-01T00:00:00Z' }, 'timeframe.start'],
    ['with an invalid Date', { start: new Date('x'), end: new Date('2025-01-01T00:00:00Z') }, 'timeframe.start'],
  ])('refuses a timeframe %s, sending nothing', async (_, timeframe, path) => {
    const sent = countRequests();
    const error = await flowValues(timeframe).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe(path);
    expect(sent()).toBe(0);
  });

  it('refuses an unknown timeframe key, sending nothing', async () => {
    const sent = countRequests();
    // @ts-expect-error: not a timeframe key
    await expect(flowValues({ key: 'last_2_days' })).rejects.toBeInstanceOf(ValidationError);
    expect(sent()).toBe(0);
  });
});

describe('reports for flows and segments', () => {
  it('flowValues resolves to rows per flow message', async () => {
    serveReport('/api/flow-values-reports', {
      data: {
        type: 'flow-values-report',
        attributes: {
          results: [
            {
              groupings: { flow_id: 'F1', send_channel: 'email', flow_message_id: 'FM1' },
              statistics: { recipients: 80, click_rate: 0.125 },
            },
          ],
        },
      },
    });
    const report = await klaviyo.reports.flowValues({
      statistics: ['recipients', 'click_rate'],
      timeframe: { key: 'last_30_days' },
      conversionMetricId: 'RESQ6t',
      filter: { flow_id: { equals: 'F1' } },
    });
    expect(report.rows).toEqual([
      {
        flowId: 'F1',
        flowMessageId: 'FM1',
        sendChannel: 'email',
        statistics: { recipients: 80, click_rate: 0.125 },
        groupings: { flow_id: 'F1', send_channel: 'email', flow_message_id: 'FM1' },
      },
    ]);
  });

  it('flowSeries sends the interval and gives each row its series beside dateTimes', async () => {
    const { bodies } = serveReport('/api/flow-series-reports', {
      data: {
        type: 'flow-series-report',
        attributes: {
          results: [
            { groupings: { flow_id: 'F1', send_channel: 'email', flow_message_id: 'FM1' }, statistics: { opens: [3, 5] } },
          ],
          date_times: ['2025-01-01T00:00:00+00:00', '2025-01-02T00:00:00+00:00'],
        },
      },
    });
    const report = await klaviyo.reports.flowSeries({
      statistics: ['opens'],
      timeframe: { key: 'last_7_days' },
      interval: 'daily',
      conversionMetricId: 'RESQ6t',
    });
    expect(bodies[0]).toMatchObject({
      data: { type: 'flow-series-report', attributes: { interval: 'daily', conversion_metric_id: 'RESQ6t' } },
    });
    expect(report.dateTimes).toEqual(['2025-01-01T00:00:00+00:00', '2025-01-02T00:00:00+00:00']);
    expect(report.rows[0]).toMatchObject({ flowId: 'F1', flowMessageId: 'FM1', statistics: { opens: [3, 5] } });
  });

  it('segmentValues sends no conversion metric and resolves to rows per segment', async () => {
    const { bodies } = serveReport('/api/segment-values-reports', {
      data: {
        type: 'segment-values-report',
        attributes: { results: [{ groupings: { segment_id: 'S1' }, statistics: { total_members: 4200 } }] },
      },
    });
    const report = await klaviyo.reports.segmentValues({
      statistics: ['total_members'],
      timeframe: { key: 'last_30_days' },
      filter: { segment_id: { any: ['S1', 'S2'] } },
    });
    expect(bodies).toEqual([
      {
        data: {
          type: 'segment-values-report',
          attributes: {
            statistics: ['total_members'],
            timeframe: { key: 'last_30_days' },
            filter: 'any(segment_id,["S1","S2"])',
          },
        },
      },
    ]);
    expect(report.rows).toEqual([{ segmentId: 'S1', statistics: { total_members: 4200 }, groupings: { segment_id: 'S1' } }]);
  });

  it('segmentSeries resolves to a series per segment', async () => {
    serveReport('/api/segment-series-reports', {
      data: {
        type: 'segment-series-report',
        attributes: {
          results: [{ groupings: { segment_id: 'S1' }, statistics: { members_added: [1, 2] } }],
          date_times: ['2025-01-01T00:00:00+00:00', '2025-01-08T00:00:00+00:00'],
        },
      },
    });
    const report = await klaviyo.reports.segmentSeries({
      statistics: ['members_added'],
      timeframe: { key: 'last_30_days' },
      interval: 'weekly',
    });
    expect(report.rows).toEqual([{ segmentId: 'S1', statistics: { members_added: [1, 2] }, groupings: { segment_id: 'S1' } }]);
    expect(report.dateTimes).toHaveLength(2);
  });
});
