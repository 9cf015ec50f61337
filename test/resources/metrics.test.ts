import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { Klaviyo, NotFoundError, ValidationError } from '../../src/index.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

const metric = (id: string, name = 'Placed Order') => ({
  type: 'metric',
  id,
  attributes: {
    name,
    created: '2025-01-01T00:00:00+00:00',
    updated: '2025-01-01T00:00:00+00:00',
    integration: { name: 'Shopify' },
  },
  links: { self: `${API}/api/metrics/${id}/` },
});
const aggregateAnswer = {
  data: {
    type: 'metric-aggregate',
    id: 'agg1',
    attributes: {
      dates: ['2025-01-01T00:00:00+00:00'],
      data: [{ dimensions: ['M1'], measurements: { count: [3], sum_value: [120.5] } }],
    },
    links: { self: `${API}/api/metric-aggregates/` },
  },
};

/** Records the body of every aggregate query. */
function recordAggregates(): unknown[] {
  const bodies: unknown[] = [];
  server.use(
    http.post(`${API}/api/metric-aggregates`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(aggregateAnswer);
    }),
  );
  return bodies;
}

function countRequests(): () => number {
  let sent = 0;
  server.use(http.all(`${API}/*`, () => void sent++ as never));
  return () => sent;
}

describe('metrics.aggregate', () => {
  it('builds the metric-aggregate query, with start and end as the datetime conditions', async () => {
    const bodies = recordAggregates();
    const result = await klaviyo.metrics.aggregate({
      metricId: 'RESQ6t',
      measurements: ['count', 'sum_value'],
      start: new Date('2025-01-01T00:00:00Z'),
      end: new Date('2025-02-01T00:00:00Z'),
      interval: 'week',
      by: ['$message'],
      filter: ['equals($message,"M1")'],
      timezone: 'America/New_York',
      pageSize: 100,
    });
    expect(bodies).toEqual([
      {
        data: {
          type: 'metric-aggregate',
          attributes: {
            metric_id: 'RESQ6t',
            measurements: ['count', 'sum_value'],
            filter: [
              'greater-or-equal(datetime,2025-01-01T00:00:00Z)',
              'less-than(datetime,2025-02-01T00:00:00Z)',
              'equals($message,"M1")',
            ],
            interval: 'week',
            by: ['$message'],
            timezone: 'America/New_York',
            page_size: 100,
          },
        },
      },
    ]);
    expect(result.data.attributes.data[0]!.measurements['sum_value']).toEqual([120.5]);
  });

  it('sends datetime strings as written, e.g. local times for `timezone`', async () => {
    const bodies = recordAggregates();
    await klaviyo.metrics.aggregate({
      metricId: 'RESQ6t',
      measurements: ['unique'],
      start: '2025-01-01T00:00:00',
      end: '2025-01-08T00:00:00',
    });
    expect(bodies[0]).toMatchObject({
      data: {
        attributes: { filter: ['greater-or-equal(datetime,2025-01-01T00:00:00)', 'less-than(datetime,2025-01-08T00:00:00)'] },
      },
    });
  });

  it('accepts a time range given as raw datetime filters instead of start/end', async () => {
    const bodies = recordAggregates();
    await klaviyo.metrics.aggregate({
      metricId: 'RESQ6t',
      measurements: ['count'],
      filter: ['greater-or-equal(datetime,2025-01-01T00:00:00)', 'less-than(datetime,2025-02-01T00:00:00)'],
    });
    expect(bodies).toHaveLength(1);
  });

  it('refuses a query without a time range, sending nothing', async () => {
    const sent = countRequests();
    const error = await klaviyo.metrics.aggregate({ metricId: 'RESQ6t', measurements: ['count'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('time range');
    expect(sent()).toBe(0);
  });

  it('refuses an end before the start, sending nothing', async () => {
    const sent = countRequests();
    const query = {
      metricId: 'RESQ6t',
      measurements: ['count'] as const,
      start: new Date('2025-02-01'),
      end: new Date('2025-01-01'),
    };
    await expect(klaviyo.metrics.aggregate(query)).rejects.toBeInstanceOf(ValidationError);
    expect(sent()).toBe(0);
  });

  it('refuses a measurement Klaviyo does not offer, sending nothing', async () => {
    const sent = countRequests();
    const query = { metricId: 'RESQ6t', measurements: ['average'], start: new Date('2025-01-01'), end: new Date('2025-02-01') };
    // @ts-expect-error: average is not a measurement
    const error = await klaviyo.metrics.aggregate(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('measurements.0');
    expect(sent()).toBe(0);
  });

  it('refuses a time zone Klaviyo would refuse, naming the one meant, and sends an IANA alias as written', async () => {
    const sent = countRequests();
    const query = {
      metricId: 'RESQ6t',
      measurements: ['count'] as const,
      start: '2025-01-01T00:00:00',
      end: '2025-02-01T00:00:00',
    };
    const refused = async (timezone: string) =>
      ((await klaviyo.metrics.aggregate({ ...query, timezone }).catch((e: unknown) => e)) as ValidationError).issues;
    expect(await refused('Mars/Olympus')).toEqual([
      { path: 'timezone', message: 'must be an IANA time zone name such as "America/New_York", got "Mars/Olympus"' },
    ]);
    expect(await refused('+05:00')).toEqual([
      { path: 'timezone', message: expect.stringMatching(/^must be an IANA time zone name/) },
    ]);
    expect(await refused('america/new_york')).toEqual([
      {
        path: 'timezone',
        message:
          'must be written as IANA writes it (Klaviyo\'s names are case-sensitive), got "america/new_york"; did you mean "America/New_York"?',
      },
    ]);
    expect(await refused('Europe/Kyiv')).toEqual([
      { path: 'timezone', message: expect.stringMatching(/did you mean "Europe\/Kiev"\?$/) },
    ]);
    expect(sent()).toBe(0);
    await klaviyo.metrics.aggregate({ ...query, timezone: 'US/Eastern' }).catch(() => undefined);
    expect(sent()).toBe(1);
  });

  it('names a wire attribute by the parameter the caller wrote (metricId, not metric_id)', async () => {
    const sent = countRequests();
    const query = { metricId: 5, measurements: ['count'], start: new Date('2025-01-01'), end: new Date('2025-02-01') };
    // @ts-expect-error: a metric id is a string
    const error = (await klaviyo.metrics.aggregate(query).catch((e: unknown) => e)) as ValidationError;
    expect(error.issues).toEqual([{ path: 'metricId', message: 'expected string, received number' }]);
    expect(sent()).toBe(0);
  });
});

describe('klaviyo.metrics reads', () => {
  it('list({ filter }) sends the integration filter', async () => {
    let filter: string | null = null;
    server.use(
      http.get(`${API}/api/metrics`, ({ request }) => {
        filter = new URL(request.url).searchParams.get('filter');
        return HttpResponse.json({ data: [metric('RESQ6t')], links: { self: request.url } });
      }),
    );
    const page = await klaviyo.metrics.list({ filter: { 'integration.name': { equals: 'Shopify' } } });
    expect(filter).toBe('equals(integration.name,"Shopify")');
    expect(page.data[0]!.attributes.name).toBe('Placed Order');
  });

  it('list() refuses a field that is not filterable, sending nothing', async () => {
    const sent = countRequests();
    // @ts-expect-error: name is not filterable on get_metrics
    await expect(klaviyo.metrics.list({ filter: { name: { equals: 'Placed Order' } } })).rejects.toBeInstanceOf(ValidationError);
    expect(sent()).toBe(0);
  });

  it('get(id) of an unknown metric rejects with NotFoundError', async () => {
    server.use(
      http.get(`${API}/api/metrics/:id`, () =>
        HttpResponse.json(
          { errors: [{ id: 'e1', status: 404, code: 'not_found', title: 'Not found.', detail: 'No metric.' }] },
          { status: 404 },
        ),
      ),
    );
    await expect(klaviyo.metrics.get('nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('properties.get(id) reads one metric property', async () => {
    server.use(
      http.get(`${API}/api/metric-properties/P1`, () =>
        HttpResponse.json({
          data: {
            type: 'metric-property',
            id: 'P1',
            attributes: { label: 'Value', property: '$value', inferred_type: 'number' },
            links: { self: `${API}/x` },
          },
        }),
      ),
    );
    expect((await klaviyo.metrics.properties.get('P1')).data.attributes.property).toBe('$value');
  });
});
