import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { Klaviyo, NotFoundError, ValidationError } from '../../src/index.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

const list = (id: string, name: string) => ({
  type: 'list',
  id,
  attributes: {
    name,
    created: '2025-01-01T00:00:00+00:00',
    updated: '2025-01-01T00:00:00+00:00',
    opt_in_process: 'single_opt_in',
  },
  relationships: {},
  links: { self: `${API}/api/lists/${id}/` },
});

describe('klaviyo.lists', () => {
  it('create({ name }) sends the JSON:API envelope and resolves to the new list', async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/api/lists`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ data: list('Y6nRLr', 'Newsletter'), links: { self: `${API}/api/lists/` } }, { status: 201 });
      }),
    );
    const created = await klaviyo.lists.create({ name: 'Newsletter' });
    expect(body).toEqual({ data: { type: 'list', attributes: { name: 'Newsletter' } } });
    expect(created.data.id).toBe('Y6nRLr');
    expect(created.data.attributes.name).toBe('Newsletter');
  });

  it('create() without a name is refused before anything is sent', async () => {
    let sent = 0;
    server.use(http.post(`${API}/api/lists`, () => void sent++));
    // @ts-expect-error: name is required
    const error = await klaviyo.lists.create({}).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'name' });
    expect(sent).toBe(0);
  });

  it('addProfiles and removeProfiles name every id that is not one by its index in the caller’s array', async () => {
    const ids: string[] = Array.from({ length: 2500 }, (_, i) => `01P${i}`);
    // @ts-expect-error: an id is a string
    ids[1] = 42;
    ids[2100] = ' ';
    for (const call of [klaviyo.lists.addProfiles('Y6nRLr', ids), klaviyo.lists.removeProfiles('Y6nRLr', ids)]) {
      const error = (await call.catch((e: unknown) => e)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues).toEqual([
        { path: 'profileIds.1', message: 'must be a profile id (a non-empty string), got 42' },
        { path: 'profileIds.2100', message: 'must be a profile id (a non-empty string), got " "' },
      ]);
    }
    expect(sent).toHaveLength(0);
  });

  it('update() names its input issues as the attributes were written, a response mismatch by the response', async () => {
    const strict = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false, responseValidation: 'strict' });
    // @ts-expect-error: a list's name is a string
    const refused = (await strict.lists.update('Y6nRLr', { name: 7 }).catch((e) => e)) as ValidationError;
    expect(refused.message).toBe('Invalid attributes for update_list: name: expected string, received number');
    expect(refused.issues).toEqual([{ path: 'name', message: 'expected string, received number' }]);
    const answer = { ...list('Y6nRLr', 'Newsletter'), attributes: { ...list('Y6nRLr', 'Newsletter').attributes, name: 7 } };
    server.use(
      http.patch(`${API}/api/lists/Y6nRLr`, () => HttpResponse.json({ data: answer, links: { self: `${API}/api/lists/` } })),
    );
    const mismatch = (await strict.lists.update('Y6nRLr', { name: 'VIP' }).catch((e) => e)) as ValidationError;
    expect(mismatch).toBeInstanceOf(ValidationError);
    expect(mismatch.mayHaveApplied).toBe(true);
    expect(mismatch.issues.map((i) => i.path)).toEqual(['data.attributes.name']);
  });

  it('list() filters by name and walks every page', async () => {
    const filters: (string | null)[] = [];
    server.use(
      http.get(`${API}/api/lists`, ({ request }) => {
        const url = new URL(request.url);
        filters.push(url.searchParams.get('filter'));
        const second = url.searchParams.get('page[cursor]') === 'p2';
        return HttpResponse.json({
          data: second ? [list('B', 'Newsletter')] : [list('A', 'Newsletter')],
          links: { self: url.href, next: second ? null : `${API}/api/lists?page%5Bcursor%5D=p2` },
        });
      }),
    );
    const ids: string[] = [];
    for await (const l of klaviyo.lists.list({ filter: { name: { equals: 'Newsletter' } } })) ids.push(l.id);
    expect(ids).toEqual(['A', 'B']);
    expect(filters).toEqual(['equals(name,"Newsletter")', 'equals(name,"Newsletter")']);
  });

  it.each([
    [999, [999]],
    [1000, [1000]],
    [1001, [1000, 1]],
    [2500, [1000, 1000, 500]],
  ])('addProfiles() with %i ids sends calls of %j profiles', async (count, sizes) => {
    const seen: number[] = [];
    const ids = new Set<string>();
    server.use(
      http.post(`${API}/api/lists/:id/relationships/profiles`, async ({ request, params }) => {
        expect(params['id']).toBe('Y6nRLr');
        const body = (await request.json()) as { data: { type: string; id: string }[] };
        seen.push(body.data.length);
        for (const p of body.data) ids.add(p.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await klaviyo.lists.addProfiles(
      'Y6nRLr',
      Array.from({ length: count }, (_, i) => `01P${i}`),
    );
    expect(seen.sort((a, b) => b - a)).toEqual(sizes);
    expect(ids.size).toBe(count);
  });

  it('removeProfiles() sends DELETE with the profiles in the body', async () => {
    let body: unknown;
    server.use(
      http.delete(`${API}/api/lists/Y6nRLr/relationships/profiles`, async ({ request }) => {
        body = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await klaviyo.lists.removeProfiles('Y6nRLr', ['01A']);
    expect(body).toEqual({ data: [{ type: 'profile', id: '01A' }] });
  });

  it('get() of an unknown id is a NotFoundError', async () => {
    server.use(
      http.get(`${API}/api/lists/:id`, () =>
        HttpResponse.json(
          {
            errors: [
              { id: 'x', status: 404, code: 'not_found', title: 'Not found.', detail: 'A list with id nope does not exist.' },
            ],
          },
          { status: 404 },
        ),
      ),
    );
    await expect(klaviyo.lists.get('nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('encodes ids in paths', async () => {
    let path = '';
    server.use(
      http.get(`${API}/api/lists/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ data: list('x', 'y'), links: { self: 'x' } });
      }),
    );
    await klaviyo.lists.get('a/b?c');
    expect(path).toBe('/api/lists/a%2Fb%3Fc');
  });
});
