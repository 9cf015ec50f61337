import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { and } from '../../src/core/query.js';
import { Klaviyo, NotFoundError, ValidationError } from '../../src/index.js';
import type { SegmentDefinition } from '../../src/resources/segments.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

const definition: SegmentDefinition = {
  condition_groups: [{ conditions: [{ type: 'profile-group-membership', is_member: true, group_ids: ['L1'] }] }],
};

function segmentDoc(id: string, attributes: Record<string, unknown> = {}) {
  return {
    data: {
      type: 'segment',
      id,
      attributes: { name: 'VIP members', definition, is_active: true, is_processing: false, is_starred: false, ...attributes },
      links: { self: `${API}/api/segments/${id}/` },
    },
  };
}

function member(id: string) {
  return {
    type: 'profile',
    id,
    attributes: { email: `${id}@klaviyo-demo.com`, joined_group_at: '2025-01-02T00:00:00Z' },
    links: { self: `${API}/api/profiles/${id}/` },
  };
}

describe('segments writes', () => {
  it('create builds the JSON:API envelope from { name, definition } and resolves to the segment', async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/api/segments`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(segmentDoc('S1'), { status: 201 });
      }),
    );
    const doc = await klaviyo.segments.create({ name: 'VIP members', definition });
    expect(body).toEqual({ data: { type: 'segment', attributes: { name: 'VIP members', definition } } });
    expect(doc.data.id).toBe('S1');
    expect(doc.data.attributes.is_active).toBe(true);
  });

  it('a definition the spec does not allow is a ValidationError and nothing is sent', async () => {
    const bad = {
      condition_groups: [{ conditions: [{ type: 'profile-group-membership', is_member: 'yes', group_ids: ['L1'] }] }],
    };
    // @ts-expect-error: is_member must be a boolean
    await expect(klaviyo.segments.create({ name: 'VIP', definition: bad })).rejects.toThrow(ValidationError);
    expect(sent).toHaveLength(0);
  });

  it('update sends PATCH with the id in the path and the body', async () => {
    let body: unknown;
    server.use(
      http.patch(`${API}/api/segments/S1`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(segmentDoc('S1', { name: 'VIP (2025)', is_starred: true }));
      }),
    );
    const doc = await klaviyo.segments.update('S1', { name: 'VIP (2025)', is_starred: true });
    expect(body).toEqual({ data: { type: 'segment', id: 'S1', attributes: { name: 'VIP (2025)', is_starred: true } } });
    expect(doc.data.attributes.is_starred).toBe(true);
  });

  it('delete resolves to undefined on 204; an unknown id is a NotFoundError', async () => {
    server.use(
      http.delete(`${API}/api/segments/S1`, () => new HttpResponse(null, { status: 204 })),
      http.delete(`${API}/api/segments/NOPE`, () =>
        HttpResponse.json(
          { errors: [{ id: 'e', status: 404, code: 'not_found', title: 'Not found', detail: 'No segment NOPE' }] },
          { status: 404 },
        ),
      ),
    );
    await expect(klaviyo.segments.delete('S1')).resolves.toBeUndefined();
    await expect(klaviyo.segments.delete('NOPE')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an id is encoded into the path, and an empty one is refused before sending', async () => {
    server.use(http.get(`${API}/api/segments/a%2Fb`, () => HttpResponse.json(segmentDoc('a/b'))));
    expect((await klaviyo.segments.get('a/b')).data.id).toBe('a/b');
    await expect(klaviyo.segments.get('')).rejects.toThrow(/Invalid path parameter "id": id: must be a non-empty string/);
    expect(sent).toHaveLength(1);
  });
});

/** A segment without the attributes the spec calls required (`created`, `updated`, …). */
const brokenSegment = { data: { type: 'segment', id: 'S1', attributes: { name: 'VIP' }, links: { self: 'x' } } };

describe('segments reads', () => {
  it('list sends filter, sort and include; for await walks every segment across pages', async () => {
    server.use(
      http.get(`${API}/api/segments`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('page[cursor]');
        const next = cursor ? undefined : `${API}/api/segments?page%5Bcursor%5D=p2`;
        return HttpResponse.json({ data: [segmentDoc(cursor ? 'S2' : 'S1').data], links: { self: request.url, next } });
      }),
    );
    const ids: string[] = [];
    for await (const segment of klaviyo.segments.list({
      filter: { name: { any: ['VIP', 'Lapsed, "old"'] }, is_active: { equals: true } },
      sort: '-created',
      include: ['tags'],
    })) {
      ids.push(segment.id);
    }
    expect(ids).toEqual(['S1', 'S2']);
    const query = sent[0]!.url.searchParams;
    expect(query.get('filter')).toBe('and(any(name,["VIP","Lapsed, \\"old\\""]),equals(is_active,true))');
    expect(query.get('sort')).toBe('-created');
    expect(query.get('include')).toBe('tags');
    expect(sent[1]!.url.searchParams.get('filter')).toBe(query.get('filter')); // the next page keeps the query
  });

  it('profiles filters members with Dates unquoted and pages them', async () => {
    server.use(
      http.get(`${API}/api/segments/S1/profiles`, ({ request }) =>
        HttpResponse.json({ data: [member('P1'), member('P2')], links: { self: request.url } }),
      ),
    );
    const since = new Date(Date.UTC(2025, 0, 1));
    const page = await klaviyo.segments.profiles('S1', {
      filter: and<'get_profiles_for_segment'>(
        { joined_group_at: { greaterThan: since } },
        { email: { any: ['P1@klaviyo-demo.com'] } },
      ),
      sort: '-joined_group_at',
      pageSize: 100,
    });
    expect(page.data.map((p) => p.id)).toEqual(['P1', 'P2']);
    const query = sent[0]!.url.searchParams;
    expect(query.get('filter')).toBe(
      'and(greater-than(joined_group_at,2025-01-01T00:00:00Z),any(email,["P1@klaviyo-demo.com"]))',
    );
    expect(query.get('page[size]')).toBe('100');
  });

  it('a filter field the operation does not allow is a ValidationError and nothing is sent', async () => {
    // @ts-expect-error: members are not filterable by first_name
    await expect(klaviyo.segments.profileIds('S1', { filter: { first_name: { equals: 'Ann' } } })).rejects.toThrow(
      /not filterable/,
    );
    // @ts-expect-error: segments are filtered by created with greater-than only
    await expect(klaviyo.segments.list({ filter: { created: { lessThan: new Date() } } })).rejects.toThrow(
      /operator not allowed/,
    );
    expect(sent).toHaveLength(0);
  });

  it('flowTriggers, flowTriggerIds, tags and tagIds read the segment’s relationships', async () => {
    server.use(
      http.get(`${API}/api/segments/S1/flow-triggers`, () =>
        HttpResponse.json({ data: [{ type: 'flow', id: 'F1', attributes: { name: 'Welcome' }, links: { self: 'x' } }] }),
      ),
      http.get(`${API}/api/segments/S1/relationships/flow-triggers`, () =>
        HttpResponse.json({ data: [{ type: 'flow', id: 'F1' }] }),
      ),
      http.get(`${API}/api/segments/S1/tags`, () =>
        HttpResponse.json({ data: [{ type: 'tag', id: 'T1', attributes: { name: 'vip' }, links: { self: 'x' } }] }),
      ),
      http.get(`${API}/api/segments/S1/relationships/tags`, () => HttpResponse.json({ data: [{ type: 'tag', id: 'T1' }] })),
    );
    expect((await klaviyo.segments.flowTriggers('S1', { fields: { flow: ['name'] } })).data[0]!.id).toBe('F1');
    expect((await klaviyo.segments.flowTriggerIds('S1')).data).toEqual([{ type: 'flow', id: 'F1' }]);
    expect((await klaviyo.segments.tags('S1')).data[0]!.id).toBe('T1');
    expect((await klaviyo.segments.tagIds('S1')).data).toEqual([{ type: 'tag', id: 'T1' }]);
    expect(sent[0]!.url.searchParams.get('fields[flow]')).toBe('name');
  });

  it('a response that breaks the documented schema comes back as sent, each mismatch warned about once', async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (message: string) => void warnings.push(message) };
    const lenient = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false, maxRetries: 0, logger });
    server.use(http.get(`${API}/api/segments/S1`, () => HttpResponse.json(brokenSegment)));
    expect((await lenient.segments.get('S1')).data).toEqual(brokenSegment.data);
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) expect(warning).toMatch(/get_segment/);
    const warned = warnings.length;
    await lenient.segments.get('S1');
    expect(warnings).toHaveLength(warned);
  });

  it('with responseValidation: strict, a response that breaks the documented schema is a ValidationError carrying the raw body', async () => {
    server.use(http.get(`${API}/api/segments/S1`, () => HttpResponse.json(brokenSegment)));
    const error = (await klaviyo.segments
      .get('S1', undefined, { responseValidation: 'strict' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error.body as any).data.id).toBe('S1');
  });
});
