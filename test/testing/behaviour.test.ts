/** What a client can observe of the mock: Klaviyo's errors, pagination, query parameters and writes. */
import { describe, expect, it } from 'vitest';
import { operations } from '../../src/core/operations.generated.js';
import { genericHandler } from '../../src/testing/handlers/generic.js';
import { createKlaviyoMock } from '../../src/testing/index.js';
import { call, HEADERS, NOW } from './helpers.js';

const demo = () => createKlaviyoMock({ seed: 'demo', now: NOW, rateLimit: false });
const profileBody = (attributes: Record<string, unknown>) => ({ data: { type: 'profile', attributes } });

describe('authentication and headers', () => {
  it('answers 401 without a private key', () => {
    const mock = demo();
    const r = call(mock.handle, 'GET', '/api/lists', undefined, { ...HEADERS, authorization: undefined });
    expect(r.status).toBe(401);
    expect(r.json.errors[0]).toMatchObject({ status: 401, code: 'not_authenticated' });
  });

  it('answers 401 for a public key (site id) instead of a pk_ key', () => {
    const r = call(demo().handle, 'GET', '/api/lists', undefined, { ...HEADERS, authorization: 'Klaviyo-API-Key AbC123' });
    expect(r.status).toBe(401);
  });

  it('answers 403 naming the missing scopes when the key was given fewer', () => {
    const mock = createKlaviyoMock({ seed: 'demo', now: NOW, rateLimit: false, scopes: ['lists:read'] });
    expect(call(mock.handle, 'GET', '/api/lists').status).toBe(200);
    const r = call(mock.handle, 'GET', '/api/lists/nope/profiles');
    expect(r.status).toBe(403);
    expect(r.json.errors[0]).toMatchObject({
      status: 403,
      code: 'permission_denied',
      detail: expect.stringContaining('profiles:read'),
    });
  });

  it('answers 400 without a revision header', () => {
    const r = call(demo().handle, 'GET', '/api/lists', undefined, { ...HEADERS, revision: undefined });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ parameter: 'revision' });
  });

  it('answers 415 for a body that is not JSON:API', () => {
    const r = call(
      demo().handle,
      'POST',
      '/api/lists',
      { data: { type: 'list', attributes: { name: 'x' } } },
      { ...HEADERS, 'content-type': 'text/plain' },
    );
    expect(r.status).toBe(415);
  });
});

describe('routes and ids', () => {
  it('answers 404 for an unknown id', () => {
    const r = call(demo().handle, 'GET', '/api/profiles/01HNOTAPROFILE000000000000');
    expect(r.status).toBe(404);
    expect(r.json.errors[0]).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers 404 for an unknown route', () => {
    expect(call(demo().handle, 'GET', '/api/nothing-here').status).toBe(404);
  });

  it('answers 405 with Allow for a known route and the wrong method', () => {
    const r = call(demo().handle, 'PUT', '/api/lists');
    expect(r.status).toBe(405);
    expect(r.headers['Allow']).toBe('GET, POST');
  });

  it('gives Klaviyo-shaped ids: 26-character ULIDs for profiles, 6 characters for lists', () => {
    const mock = demo();
    const profile = call(mock.handle, 'POST', '/api/profiles', profileBody({ email: 'new@example.com' }));
    const list = call(mock.handle, 'POST', '/api/lists', { data: { type: 'list', attributes: { name: 'Fresh' } } });
    expect(profile.json.data.id).toMatch(/^01H[0-9A-HJKMNP-TV-Z]{23}$/);
    expect(list.json.data.id).toMatch(/^[A-Za-z0-9]{6}$/);
  });

  it('is deterministic: the same seed and clock give the same ids and bodies', () => {
    const a = call(demo().handle, 'GET', '/api/profiles?page[size]=3');
    const b = call(demo().handle, 'GET', '/api/profiles?page[size]=3');
    expect(a.json).toEqual(b.json);
  });
});

describe('profiles', () => {
  it('answers 409 with meta.duplicate_profile_id when the email exists', () => {
    const mock = demo();
    const ada = mock.state.all('profile').find((p) => p.attributes['email'] === 'ada@example.com')!;
    const r = call(mock.handle, 'POST', '/api/profiles', profileBody({ email: 'ada@example.com' }));
    expect(r.status).toBe(409);
    expect(r.json.errors[0].meta).toEqual({ duplicate_profile_id: ada.id });
  });

  it('answers 409 for a taken phone number or external id too', () => {
    const mock = demo();
    expect(call(mock.handle, 'POST', '/api/profiles', profileBody({ phone_number: '+15550100000' })).status).toBe(409);
    call(mock.handle, 'POST', '/api/profiles', profileBody({ external_id: 'ext-1' }));
    expect(call(mock.handle, 'POST', '/api/profiles', profileBody({ external_id: 'ext-1' })).status).toBe(409);
  });

  it('answers 400 pointing at the email for an invalid email', () => {
    const r = call(demo().handle, 'POST', '/api/profiles', profileBody({ email: 'not-an-email' }));
    expect(r.status).toBe(400);
    expect(r.json.errors[0]).toMatchObject({
      code: 'invalid',
      title: 'Invalid input.',
      detail: 'Invalid email address',
      source: { pointer: '/data/attributes/email' },
    });
  });

  it('profile import answers 201 when it creates and 200 when it updates', () => {
    const mock = demo();
    const body = profileBody({ email: 'upsert@example.com', first_name: 'One' });
    expect(call(mock.handle, 'POST', '/api/profile-import', body).status).toBe(201);
    const again = call(
      mock.handle,
      'POST',
      '/api/profile-import',
      profileBody({ email: 'upsert@example.com', first_name: 'Two' }),
    );
    expect(again.status).toBe(200);
    expect(again.json.data.attributes.first_name).toBe('Two');
  });

  it('returns subscriptions only when asked with additional-fields[profile]', () => {
    const mock = demo();
    const id = mock.state.all('profile')[0]!.id;
    expect(call(mock.handle, 'GET', `/api/profiles/${id}`).json.data.attributes.subscriptions).toBeUndefined();
    const r = call(mock.handle, 'GET', `/api/profiles/${id}?additional-fields[profile]=subscriptions`);
    expect(r.json.data.attributes.subscriptions.email.marketing.consent).toBe('NEVER_SUBSCRIBED');
  });
});

describe('pagination', () => {
  it('pages lists 10 at a time by default with an absolute links.next carrying page[cursor]', () => {
    const mock = demo();
    for (let i = 0; i < 12; i++)
      call(mock.handle, 'POST', '/api/lists', { data: { type: 'list', attributes: { name: `L${i}` } } });
    const first = call(mock.handle, 'GET', '/api/lists');
    expect(first.json.data).toHaveLength(10);
    const next = new URL(first.json.links.next);
    expect(next.origin).toBe('https://a.klaviyo.com');
    expect(next.searchParams.get('page[cursor]')).toBeTruthy();
    const second = call(mock.handle, 'GET', next.pathname + next.search);
    expect(second.json.data).toHaveLength(5);
    expect(second.json.links.next).toBeUndefined();
  });

  it('honours page[size] and refuses sizes outside the operation bounds', () => {
    const mock = demo();
    expect(call(mock.handle, 'GET', '/api/profiles?page[size]=5').json.data).toHaveLength(5);
    for (const size of ['0', '101', 'abc']) {
      const r = call(mock.handle, 'GET', `/api/profiles?page[size]=${size}`);
      expect(r.status).toBe(400);
      expect(r.json.errors[0].source).toEqual({ parameter: 'page[size]' });
    }
  });

  it('refuses page[size] on an operation that does not take it', () => {
    const r = call(demo().handle, 'GET', '/api/metrics?page[size]=5');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ parameter: 'page[size]' });
  });

  it('takes page[size] up to 10 on lists, as 2026-07-15 allows', () => {
    const mock = demo();
    expect(call(mock.handle, 'GET', '/api/lists?page[size]=2').json.data).toHaveLength(2);
    expect(call(mock.handle, 'GET', '/api/lists?page[size]=11').status).toBe(400);
  });
});

describe('filter, sort, include, fields', () => {
  it('filters with the operation allowed fields', () => {
    const mock = demo();
    const r = call(
      mock.handle,
      'GET',
      `/api/profiles?filter=${encodeURIComponent('any(email,["ada@example.com","ben@example.com"])')}`,
    );
    expect(r.json.data.map((p: any) => p.attributes.email)).toEqual(['ada@example.com', 'ben@example.com']);
  });

  it('answers 400 on bad filter syntax, pointing at the filter parameter', () => {
    const r = call(demo().handle, 'GET', `/api/profiles?filter=${encodeURIComponent('equals(email,"a"')}`);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ parameter: 'filter' });
  });

  it('answers 400 for a field or operator the operation does not allow', () => {
    const mock = demo();
    expect(call(mock.handle, 'GET', `/api/profiles?filter=${encodeURIComponent('equals(first_name,"Ada")')}`).status).toBe(400);
    expect(call(mock.handle, 'GET', `/api/profiles?filter=${encodeURIComponent('contains(email,"ada")')}`).status).toBe(400);
  });

  it('refuses to list campaigns without the channel filter', () => {
    const mock = demo();
    const r = call(mock.handle, 'GET', '/api/campaigns');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ parameter: 'filter' });
    const sms = call(mock.handle, 'GET', `/api/campaigns?filter=${encodeURIComponent("equals(messages.channel,'sms')")}`);
    expect(sms.json.data.map((c: any) => c.attributes.name)).toEqual(['SMS Flash Sale']);
  });

  it('sorts ascending and descending', () => {
    const mock = demo();
    const asc = call(mock.handle, 'GET', '/api/lists?sort=name').json.data.map((l: any) => l.attributes.name);
    const desc = call(mock.handle, 'GET', '/api/lists?sort=-name').json.data.map((l: any) => l.attributes.name);
    expect(asc).toEqual(['Newsletter', 'SMS Subscribers', 'VIP']);
    expect(desc).toEqual([...asc].reverse());
    expect(call(mock.handle, 'GET', '/api/lists?sort=opt_in_process').status).toBe(400);
  });

  it('include fills included and the relationship data pointers', () => {
    const mock = demo();
    const r = call(
      mock.handle,
      'GET',
      `/api/campaigns?filter=${encodeURIComponent("equals(messages.channel,'email')")}&include=campaign-messages,tags`,
    );
    const first = r.json.data[0];
    expect(first.relationships['campaign-messages'].data).toHaveLength(1);
    const types = new Set(r.json.included.map((x: any) => x.type));
    expect(types).toEqual(new Set(['campaign-message', 'tag']));
    const keys = r.json.included.map((x: any) => `${x.type}:${x.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(call(mock.handle, 'GET', '/api/lists?include=profiles').status).toBe(400);
  });

  it('fields[type] returns only the requested attributes', () => {
    const r = call(demo().handle, 'GET', '/api/profiles?fields[profile]=email,location.city&page[size]=1');
    expect(r.json.data[0].attributes).toEqual({ email: 'ada@example.com', location: { city: null } });
  });

  it('a field the spec does not list for the type is a 400 naming it, as Klaviyo answers', () => {
    for (const [query, parameter, field] of [
      ['fields[profile]=email,emial', 'fields[profile]', "'emial' is not a valid field for the resource 'profile'."],
      [
        'additional-fields[profile]=subscription',
        'additional-fields[profile]',
        "'subscription' is not a valid field for the resource 'profile'.",
      ],
    ]) {
      const r = call(demo().handle, 'GET', `/api/profiles?${query}`);
      expect(r.status).toBe(400);
      expect(r.json.errors[0]).toMatchObject({ detail: field, source: { parameter } });
    }
  });

  it('list members carry joined_group_at and filter on it', () => {
    const mock = demo();
    const list = mock.state.all('list').find((l) => l.attributes['name'] === 'VIP')!;
    const r = call(
      mock.handle,
      'GET',
      `/api/lists/${list.id}/profiles?filter=${encodeURIComponent('greater-than(joined_group_at,2024-01-01T00:00:00Z)')}`,
    );
    expect(r.json.data).toHaveLength(3);
    expect(r.json.data[0].attributes.joined_group_at).toBe('2024-08-26T12:00:00+00:00');
  });
});

describe('writes, jobs and the request log', () => {
  it('counts applied writes per operation and in total', () => {
    const mock = demo();
    const list = mock.state.all('list')[0]!.id;
    const profile = mock.state.all('profile')[11]!.id;
    call(mock.handle, 'POST', `/api/lists/${list}/relationships/profiles`, { data: [{ type: 'profile', id: profile }] });
    call(mock.handle, 'POST', '/api/profiles', profileBody({ email: 'w@example.com' }));
    call(mock.handle, 'POST', '/api/profiles', profileBody({ email: 'w@example.com' })); // 409: not a write
    call(mock.handle, 'GET', '/api/lists');
    expect(mock.state.writes.count('add_profiles_to_list')).toBe(1);
    expect(mock.state.writes.count('create_profile')).toBe(1);
    expect(mock.state.writes.total).toBe(2);
  });

  it('logs every request with its operation and status', () => {
    const mock = demo();
    call(mock.handle, 'GET', '/api/lists?sort=name');
    call(mock.handle, 'GET', '/api/nowhere');
    expect(mock.state.requests).toEqual([
      { method: 'GET', path: '/api/lists?sort=name', operationId: 'get_lists', status: 200 },
      { method: 'GET', path: '/api/nowhere', status: 404 },
    ]);
  });

  it('advances a campaign send job queued → processing → complete on later reads, then marks the campaign Sent', () => {
    const mock = demo();
    const draft = mock.state.all('campaign').find((c) => c.attributes['name'] === 'Holiday Preview')!;
    const sent = call(mock.handle, 'POST', '/api/campaign-send-jobs', { data: { type: 'campaign-send-job', id: draft.id } });
    expect(sent.status).toBe(202);
    expect(sent.json.data.attributes.status).toBe('queued');
    const statuses = [1, 2, 3].map(
      () => call(mock.handle, 'GET', `/api/campaign-send-jobs/${draft.id}`).json.data.attributes.status,
    );
    expect(statuses).toEqual(['processing', 'complete', 'complete']);
    expect(draft.attributes['status']).toBe('Sent');
  });

  it('records import errors for bad rows and imports the rest', () => {
    const mock = demo();
    const job = call(mock.handle, 'POST', '/api/profile-bulk-import-jobs', {
      data: {
        type: 'profile-bulk-import-job',
        attributes: {
          profiles: {
            data: [
              { type: 'profile', attributes: { email: 'good@example.com' } },
              { type: 'profile', attributes: { email: 'bad-email' } },
              { type: 'profile', attributes: { first_name: 'No identifier' } },
            ],
          },
        },
      },
    });
    expect(job.status).toBe(202);
    const id = job.json.data.id;
    call(mock.handle, 'GET', `/api/profile-bulk-import-jobs/${id}`);
    const done = call(mock.handle, 'GET', `/api/profile-bulk-import-jobs/${id}`);
    expect(done.json.data.attributes).toMatchObject({ status: 'complete', total_count: 3, completed_count: 1, failed_count: 2 });
    const errors = call(mock.handle, 'GET', `/api/profile-bulk-import-jobs/${id}/import-errors`);
    expect(errors.json.data.map((e: any) => e.attributes.source.pointer)).toEqual([
      '/data/attributes/profiles/data/1/attributes/email',
      '/data/attributes/profiles/data/2/attributes',
    ]);
  });

  it('creating an event creates its metric and profile on the fly', () => {
    const mock = demo();
    const r = call(mock.handle, 'POST', '/api/events', {
      data: {
        type: 'event',
        attributes: {
          properties: { sku: 'A1' },
          value: 12.5,
          time: '2024-10-14T00:00:00Z',
          metric: { data: { type: 'metric', attributes: { name: 'Viewed Product' } } },
          profile: { data: { type: 'profile', attributes: { email: 'viewer@example.com' } } },
        },
      },
    });
    expect(r.status).toBe(202);
    expect(r.raw.body).toBeUndefined();
    const metric = mock.state.all('metric').find((m) => m.attributes['name'] === 'Viewed Product')!;
    const events = call(
      mock.handle,
      'GET',
      `/api/events?filter=${encodeURIComponent(`equals(metric_id,"${metric.id}")`)}&include=profile`,
    );
    expect(events.json.data).toHaveLength(1);
    expect(events.json.data[0].attributes.event_properties).toEqual({ sku: 'A1', $value: 12.5 });
    expect(events.json.included[0].attributes.email).toBe('viewer@example.com');
  });
});

describe('behaviour derived from the operation table', () => {
  it('list membership edits follow the relationship route: add, remove, and 400 for an unknown profile', () => {
    const mock = demo();
    const vip = mock.state.all('list').find((l) => l.attributes['name'] === 'VIP')!.id;
    const lena = mock.state.all('profile').find((p) => p.attributes['email'] === 'lena@example.com')!.id;
    const edit = (method: string, id: string) =>
      call(mock.handle, method, `/api/lists/${vip}/relationships/profiles`, { data: [{ type: 'profile', id }] });
    const members = () => call(mock.handle, 'GET', `/api/lists/${vip}/relationships/profiles`).json.data.map((p: any) => p.id);
    expect(edit('POST', lena).status).toBe(204);
    expect(members()).toContain(lena);
    expect(edit('DELETE', lena).status).toBe(204);
    expect(members()).not.toContain(lena);
    const unknown = edit('POST', '01HNOTAPROFILE000000000000');
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].source).toEqual({ pointer: '/data/0/id' });
  });

  it('an operation whose path implies no behaviour is refused when the mock loads, naming it', () => {
    expect(() => genericHandler('do_something', { ...operations.get_lists, method: 'POST', path: '/api/list-wizard' })).toThrow(
      /do_something \(POST \/api\/list-wizard\)/,
    );
  });
});
