import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { and } from '../../src/core/query.js';
import { BatchError, Klaviyo, ServerError, ValidationError } from '../../src/index.js';
import type { EventInput } from '../../src/resources/events.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

/** Records the raw bodies POSTed to `path`, answering 202 with no body as Klaviyo does (or with `status`). */
function capturePosts(path: string, status: (index: number) => number = () => 202) {
  const bodies: string[] = [];
  server.use(
    http.post(`${API}${path}`, async ({ request }) => {
      bodies.push(await request.text());
      return new HttpResponse(null, { status: status(bodies.length - 1) });
    }),
  );
  return bodies;
}

const order = (overrides: Partial<EventInput> = {}): EventInput => ({
  metric: 'Placed Order',
  profile: { email: 'sarah.mason@klaviyo-demo.com' },
  properties: { order_id: 'A-1001' },
  ...overrides,
});

/** Events per request, and the events of all requests, from bulk job bodies. */
const bulkEvents = (bodies: string[]) =>
  bodies.map((b) =>
    JSON.parse(b).data.attributes['events-bulk-create'].data.flatMap((entry: any) => entry.attributes.events.data),
  );

describe('events.create', () => {
  it('builds Klaviyo’s event body: metric and profile as nested data, unique_id, value, and time as ISO 8601', async () => {
    const bodies = capturePosts('/api/events');
    const result = await klaviyo.events.create({
      metric: 'Placed Order',
      profile: { email: 'sarah.mason@klaviyo-demo.com', first_name: 'Sarah' },
      properties: { items: ['shoes'] },
      value: 99.5,
      valueCurrency: 'USD',
      time: new Date(Date.UTC(2024, 9, 15, 9, 30)),
      uniqueId: 'A-1001',
    });
    expect(result).toBeUndefined(); // 202, no body
    expect(JSON.parse(bodies[0]!)).toEqual({
      data: {
        type: 'event',
        attributes: {
          properties: { items: ['shoes'] },
          time: '2024-10-15T09:30:00.000Z',
          value: 99.5,
          value_currency: 'USD',
          unique_id: 'A-1001',
          metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
          profile: { data: { type: 'profile', attributes: { email: 'sarah.mason@klaviyo-demo.com', first_name: 'Sarah' } } },
        },
      },
    });
  });

  it('a profile id goes on the profile’s data, a metric object keeps its service, properties default to {}', async () => {
    const bodies = capturePosts('/api/events');
    await klaviyo.events.create({ metric: { name: 'Synced', service: 'erp' }, profile: { id: '01P' } });
    const attributes = JSON.parse(bodies[0]!).data.attributes;
    expect(attributes.profile).toEqual({ data: { type: 'profile', id: '01P', attributes: {} } });
    expect(attributes.metric).toEqual({ data: { type: 'metric', attributes: { name: 'Synced', service: 'erp' } } });
    expect(attributes.properties).toEqual({});
  });

  it('an event with a uniqueId is re-sent after a 5xx (Klaviyo keeps one event per unique id)', async () => {
    const retrying = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false, maxRetries: 1 });
    const bodies = capturePosts('/api/events', (i) => (i === 0 ? 503 : 202));
    await retrying.events.create(order({ uniqueId: 'A-1001' }));
    expect(bodies).toHaveLength(2);
  });

  it('an event without a uniqueId is not re-sent after a 5xx, and says it may have been applied', async () => {
    const retrying = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false, maxRetries: 1 });
    const bodies = capturePosts('/api/events', () => 503);
    const error = await retrying.events.create(order()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).mayHaveApplied).toBe(true);
    expect(bodies).toHaveLength(1);
  });
});

describe('event limits are checked before anything is sent', () => {
  const deep = (levels: number): Record<string, unknown> => (levels === 0 ? { leaf: 1 } : { nested: deep(levels - 1) });
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));
  const yearMs = 365 * 24 * 60 * 60 * 1000;

  it.each<[string, Partial<EventInput>, RegExp]>([
    ['more than 300 properties', { properties: many(301) }, /301 properties; at most 300/],
    ['a field over 100 kB', { properties: { notes: 'x'.repeat(100 * 1024 + 1) } }, /properties\.notes: is \d+ bytes/],
    [
      'an array over 4000 items',
      { properties: { items: Array.from({ length: 4001 }, (_, i) => i) } },
      /properties\.items: has 4001 items/,
    ],
    [
      'nesting over 10 levels (properties counts as the first)',
      { properties: deep(10) },
      /properties(\.nested){10}: is nested 11 levels deep/,
    ],
    ['a time before 2000', { time: new Date(Date.UTC(1999, 11, 31)) }, /time: is before the year 2000/],
    ['a time over a year ahead', { time: new Date(Date.now() + yearMs + 86_400_000) }, /time: is more than one year from now/],
    ['a time that is no date', { time: 'next tuesday' }, /time: must be a Date or an ISO 8601 datetime/],
    ['a profile without an identifier', { profile: { first_name: 'Ann' } }, /profile: needs an identifier/],
    ['no metric name', { metric: ' ' }, /metric: needs a metric name/],
    ['a value that is not finite', { value: Number.NaN }, /value: must be a finite number/],
  ])('%s is a ValidationError', async (_, overrides, message) => {
    capturePosts('/api/events');
    const error = await klaviyo.events.create(order(overrides)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(message);
    expect(sent).toHaveLength(0);
  });

  it('events exactly at the limits are sent', async () => {
    const bodies = capturePosts('/api/events');
    await klaviyo.events.create(order({ properties: many(300) }));
    await klaviyo.events.create(
      order({
        properties: { items: Array.from({ length: 4000 }, (_, i) => i), deep: deep(8), notes: 'x'.repeat(100 * 1024 - 2) },
      }),
    );
    await klaviyo.events.create(order({ time: new Date(Date.UTC(2000, 0, 1)) }));
    expect(bodies).toHaveLength(3);
  });

  it('bulkCreate checks every event first, naming every bad one by its index, and sends nothing', async () => {
    capturePosts('/api/event-bulk-create-jobs');
    const events: EventInput[] = Array.from({ length: 1500 }, () => order());
    events[3] = order({ metric: '' });
    // @ts-expect-error the SDK's name is uniqueId
    events[17] = { ...order(), unique_id: 'A-17' };
    events[1234] = order({ properties: many(301) });
    const error = await klaviyo.events.bulkCreate(events).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'events.3.metric', message: 'needs a metric name, e.g. "Placed Order"' },
      { path: 'events.17.unique_id', message: 'unknown key; did you mean "uniqueId"?' },
      { path: 'events.1234.properties', message: 'has 301 properties; at most 300 are allowed' },
    ]);
    expect((error as ValidationError).message).toMatch(/^Invalid events: events\.3\.metric: /);
    expect(sent).toHaveLength(0);
  });

  it('bulkCreate says what the job schema refuses at the caller’s event and key, beside the SDK’s own checks, in order', async () => {
    capturePosts('/api/event-bulk-create-jobs');
    const events: EventInput[] = Array.from({ length: 1500 }, (_, i) =>
      order({ profile: { email: `user${i % 2}@example.com` } }),
    );
    events[3] = order({ metric: '' });
    // @ts-expect-error: a currency code is a string
    events[7] = order({ valueCurrency: 5, profile: { email: 'user1@example.com' } });
    // @ts-expect-error: not a profile attribute
    events[9] = order({ profile: { email: 'ana@example.com', firstName: 'Ana' } });
    // @ts-expect-error: a metric's service is a string
    events[1200] = order({ metric: { name: 'Synced', service: 7 } });
    const error = (await klaviyo.events.bulkCreate(events).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: 'events.3.metric', message: 'needs a metric name, e.g. "Placed Order"' },
      { path: 'events.7.valueCurrency', message: 'expected string, received number' },
      { path: 'events.9.profile.firstName', message: 'unknown key; did you mean "first_name"?' },
      { path: 'events.1200.metric.service', message: 'expected string, received number' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('a profile’s identifier that is not a string is named as itself, and a misspelt one is pointed out', async () => {
    // @ts-expect-error: an email is a string
    const wrongType = (await klaviyo.events.create(order({ profile: { email: 5 } })).catch((e: unknown) => e)) as ValidationError;
    expect(wrongType.issues).toEqual([{ path: 'profile.email', message: 'must be a non-empty string, got 5' }]);
    const misspelt = (await klaviyo.events
      // @ts-expect-error: not a profile attribute
      .create(order({ profile: { emial: 'a@b.co' } }))
      .catch((e: unknown) => e)) as ValidationError;
    expect(misspelt.issues).toEqual([
      {
        path: 'profile',
        message:
          'needs an identifier: one of id, email, phone_number, external_id, anonymous_id, _kx; "emial" looks like "email"',
      },
    ]);
    // @ts-expect-error: a currency code is a string
    const schema = (await klaviyo.events.create(order({ valueCurrency: 5 })).catch((e: unknown) => e)) as ValidationError;
    expect(schema.message).toBe('Invalid event: valueCurrency: expected string, received number');
    expect(sent).toHaveLength(0);
  });

  it('names an event’s own problems and the schema’s together, so a batch is mended in one pass', async () => {
    const events = [order(), order({ value: Number.POSITIVE_INFINITY, profile: { email: 'x' } })];
    const bulk = (await klaviyo.events.bulkCreate(events).catch((e: unknown) => e)) as ValidationError;
    expect(bulk.issues).toEqual([
      { path: 'events.1.value', message: 'must be a finite number' },
      { path: 'events.1.profile.email', message: expect.stringMatching(/email/i) },
    ]);
    // @ts-expect-error: a currency code is a string
    const wrong: EventInput = order({ value: Number.NaN, valueCurrency: 5 });
    const one = (await klaviyo.events.create(wrong).catch((e: unknown) => e)) as ValidationError;
    expect(one.issues).toEqual([
      { path: 'value', message: 'must be a finite number' },
      { path: 'valueCurrency', message: 'expected string, received number' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('bulkCreate with a thousand bad events keeps every issue, and its message names the first ten', async () => {
    const events = Array.from({ length: 1000 }, () => order({ value: Number.NaN }));
    const error = (await klaviyo.events.bulkCreate(events).catch((e: unknown) => e)) as ValidationError;
    expect(error.issues).toHaveLength(1000);
    expect(error.issues[999]).toEqual({ path: 'events.999.value', message: 'must be a finite number' });
    expect(error.message.match(/events\.\d+\.value/g)).toEqual(Array.from({ length: 10 }, (_, i) => `events.${i}.value`));
    expect(error.message).toMatch(/; and 990 more \(see \.issues\)$/);
    expect(sent).toHaveLength(0);
  });
});

describe('events.bulkCreate', () => {
  it.each([
    [999, [999]],
    [1000, [1000]],
    [1001, [1000, 1]],
  ])('%i events are sent as jobs of %j', async (n, expected) => {
    const bodies = capturePosts('/api/event-bulk-create-jobs');
    const events = Array.from({ length: n }, (_, i) =>
      order({ profile: { email: `user${i % 7}@klaviyo-demo.com` }, uniqueId: `o${i}` }),
    );
    const result = await klaviyo.events.bulkCreate(events);
    expect(result).toBeUndefined(); // 202 without a body or job id
    const perRequest = bulkEvents(bodies);
    expect(perRequest.map((e) => e.length).sort((a, b) => b - a)).toEqual(expected);
    expect(
      perRequest
        .flat()
        .map((e: any) => e.attributes.unique_id)
        .sort(),
    ).toEqual(events.map((e) => e.uniqueId).sort());
  });

  it('refuses a uniqueId repeated for one profile and metric, which fails Klaviyo’s whole job, even jobs apart', async () => {
    const events = Array.from({ length: 1500 }, (_, i) => order({ uniqueId: `o${i}` }));
    events[1400] = order({ uniqueId: 'o3' });
    events[1401] = order({ uniqueId: 'o3', metric: 'Refunded Order' }); // another metric: its own id space
    events[1402] = order({ uniqueId: 'o3', profile: { email: 'someone.else@example.com' } });
    events[1403] = order({ time: '2026-06-10T03:00:00.250Z' });
    events[1404] = order({ time: new Date('2026-06-10T03:00:00.900Z') }); // no uniqueId: the time to the second is its id
    const error = (await klaviyo.events.bulkCreate(events).catch((e: unknown) => e)) as ValidationError;
    expect(error.issues).toEqual([
      {
        path: 'events.1400.uniqueId',
        message:
          'repeats events.3\'s uniqueId "o3" for the same profile and metric: Klaviyo fails a job that repeats one, recording none of its events; give each event its own',
      },
      {
        path: 'events.1404.time',
        message: expect.stringMatching(/^is events\.1403's time to the second, for the same profile and metric/),
      },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('re-sends a job after a 5xx when every event has a uniqueId, and names the events of a failed job otherwise', async () => {
    const retrying = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false, maxRetries: 1 });
    const withIds = capturePosts('/api/event-bulk-create-jobs', (i) => (i === 0 ? 503 : 202));
    await retrying.events.bulkCreate([order({ uniqueId: 'a' }), order({ uniqueId: 'b' })]);
    expect(withIds).toHaveLength(2);
    expect(withIds[1]).toBe(withIds[0]);

    server.resetHandlers();
    // 1500 events: two jobs, the second (events 1000–1499) answered 503; one event there has no uniqueId.
    const events = Array.from({ length: 1500 }, (_, i) => order({ uniqueId: `o${i}` }));
    events[1200] = order();
    const bodies = capturePosts('/api/event-bulk-create-jobs', () => 202);
    server.use(
      http.post(`${API}/api/event-bulk-create-jobs`, async ({ request }) => {
        const text = await request.text();
        bodies.push(text);
        return new HttpResponse(null, { status: text.includes('"o1300"') ? 503 : 202 });
      }),
    );
    const error = (await retrying.events.bulkCreate(events).catch((e: unknown) => e)) as BatchError;
    expect(error).toBeInstanceOf(BatchError);
    expect(bodies).toHaveLength(2); // the failed job was not re-sent: event 1200 has no uniqueId
    expect(error.mayHaveApplied).toBe(true);
    expect(error.failures).toHaveLength(1);
    expect(error.failures[0]!.items).toEqual(Array.from({ length: 500 }, (_, i) => 1000 + i));
    expect(error.failures[0]!.items.map((i) => events[i])).toContain(events[1200]);
  });

  it('groups the events of one profile under one entry, as Klaviyo’s bulk body has it', async () => {
    const bodies = capturePosts('/api/event-bulk-create-jobs');
    await klaviyo.events.bulkCreate([
      order({ properties: { sku: 'S-1' } }),
      order({ profile: { phone_number: '+15005550006' } }),
      order({ properties: { sku: 'S-2' }, time: '2024-10-15T09:30:00Z' }),
    ]);
    const entries = JSON.parse(bodies[0]!).data.attributes['events-bulk-create'].data;
    expect(JSON.parse(bodies[0]!).data.type).toBe('event-bulk-create-job');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({
      type: 'event-bulk-create',
      attributes: {
        profile: { data: { type: 'profile', attributes: { email: 'sarah.mason@klaviyo-demo.com' } } },
        events: {
          data: [
            {
              type: 'event',
              attributes: {
                properties: { sku: 'S-1' },
                metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
              },
            },
            {
              type: 'event',
              attributes: {
                properties: { sku: 'S-2' },
                time: '2024-10-15T09:30:00Z',
                metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
              },
            },
          ],
        },
      },
    });
  });

  it('splits by bytes so that no job is over 5 MB', async () => {
    const bodies = capturePosts('/api/event-bulk-create-jobs');
    const blob = 'x'.repeat(90_000);
    const events = Array.from({ length: 120 }, (_, i) =>
      order({ profile: { email: `user${i}@klaviyo-demo.com` }, properties: { blob } }),
    );
    await klaviyo.events.bulkCreate(events); // ~10.8 MB
    expect(bodies).toHaveLength(3);
    for (const body of bodies) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(5_000_000);
    expect(bulkEvents(bodies).flat()).toHaveLength(120);
  });
});

describe('events reads', () => {
  const eventDoc = (id: string) => ({
    type: 'event',
    id,
    attributes: { datetime: '2025-01-02T00:00:00Z', event_properties: {} },
    links: { self: `${API}/api/events/${id}/` },
  });

  it('list sends filter (Dates unquoted, and(...)), sort and include, and resolves to the first page', async () => {
    server.use(
      http.get(`${API}/api/events`, ({ request }) => HttpResponse.json({ data: [eventDoc('E1')], links: { self: request.url } })),
    );
    const page = await klaviyo.events.list({
      filter: and<'get_events'>(
        { metric_id: { equals: 'UMTLbD' } },
        { datetime: { greaterOrEqual: new Date(Date.UTC(2025, 0, 1)) } },
      ),
      sort: '-datetime',
      include: ['metric'],
    });
    const query = sent[0]!.url.searchParams;
    expect(query.get('filter')).toBe('and(equals(metric_id,"UMTLbD"),greater-or-equal(datetime,2025-01-01T00:00:00Z))');
    expect(query.get('sort')).toBe('-datetime');
    expect(query.get('include')).toBe('metric');
    expect(page.data.map((e) => e.id)).toEqual(['E1']);
  });

  it('a sort the operation does not offer is a ValidationError and nothing is sent', async () => {
    // @ts-expect-error: events sort by datetime or timestamp only
    await expect(klaviyo.events.list({ sort: 'value' })).rejects.toThrow(ValidationError);
    expect(sent).toHaveLength(0);
  });

  it('metric, metricId, profile and profileId read the event’s relationships', async () => {
    server.use(
      http.get(`${API}/api/events/E1/metric`, () =>
        HttpResponse.json({ data: { type: 'metric', id: 'M1', attributes: { name: 'Placed Order' }, links: { self: 'x' } } }),
      ),
      http.get(`${API}/api/events/E1/relationships/metric`, () => HttpResponse.json({ data: { type: 'metric', id: 'M1' } })),
      http.get(`${API}/api/events/E1/profile`, () =>
        HttpResponse.json({ data: { type: 'profile', id: 'P1', attributes: {}, links: { self: 'x' } } }),
      ),
      http.get(`${API}/api/events/E1/relationships/profile`, () => HttpResponse.json({ data: { type: 'profile', id: 'P1' } })),
    );
    expect((await klaviyo.events.metric('E1')).data?.id).toBe('M1');
    expect((await klaviyo.events.metricId('E1')).data?.id).toBe('M1');
    expect((await klaviyo.events.profile('E1')).data?.id).toBe('P1');
    expect((await klaviyo.events.profileId('E1')).data?.id).toBe('P1');
  });
});
