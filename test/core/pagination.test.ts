import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Klaviyo, KlaviyoError, Page, PagePromise, type CollectionDocument } from '../../src/index.js';
import { TEST_KEY } from '../helpers.js';

interface Item {
  type: 'profile';
  id: string;
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Serves `pages` of profiles, linking each to the next through an absolute `links.next` URL. */
function serve(pages: string[][], cursorFor = (index: number) => `c${index}`) {
  const seen: URL[] = [];
  server.use(
    http.get('https://a.klaviyo.com/api/profiles', ({ request }) => {
      const url = new URL(request.url);
      seen.push(url);
      const cursor = url.searchParams.get('page[cursor]');
      const index = cursor === null ? 0 : pages.findIndex((_, i) => cursorFor(i) === cursor);
      const next =
        index + 1 < pages.length
          ? `https://a.klaviyo.com/api/profiles?page%5Bsize%5D=2&page%5Bcursor%5D=${cursorFor(index + 1)}`
          : null;
      return HttpResponse.json({
        data: pages[index]!.map((id) => ({ type: 'profile', id })),
        links: { self: url.href, next },
      });
    }),
  );
  return seen;
}

const klaviyo = new Klaviyo({ apiKey: TEST_KEY, rateLimit: false });
const listProfiles = (query: Record<string, string> = {}) =>
  new PagePromise<Item>((cursor) =>
    klaviyo.request<CollectionDocument<Item>>({
      method: 'GET',
      path: '/api/profiles',
      operationId: 'get_profiles',
      query: { ...query, 'page[cursor]': cursor },
    }),
  );

describe('cursor pagination', () => {
  it('await gives the first page with its cursor', async () => {
    serve([['a', 'b'], ['c', 'd'], ['e']]);
    const page = await listProfiles();
    expect(page).toBeInstanceOf(Page);
    expect(page.data.map((p) => p.id)).toEqual(['a', 'b']);
    expect(page.nextCursor).toBe('c1');
    expect(page.hasNextPage()).toBe(true);
    const second = await page.getNextPage();
    expect(second.data.map((p) => p.id)).toEqual(['c', 'd']);
  });

  it('for await walks every item across 3 pages, keeping the first call’s query', async () => {
    const seen = serve([['a', 'b'], ['c', 'd'], ['e']]);
    const ids: string[] = [];
    for await (const profile of listProfiles({ 'fields[profile]': 'email' })) ids.push(profile.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(seen.map((u) => u.searchParams.get('page[cursor]'))).toEqual([null, 'c1', 'c2']);
    expect(seen.every((u) => u.searchParams.get('fields[profile]') === 'email')).toBe(true);
  });

  it('.pages() yields each page', async () => {
    serve([['a', 'b'], ['c', 'd'], ['e']]);
    const sizes: number[] = [];
    for await (const page of listProfiles().pages()) sizes.push(page.data.length);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('.toArray({ limit }) stops fetching once it has enough', async () => {
    const seen = serve([['a', 'b'], ['c', 'd'], ['e']]);
    expect((await listProfiles().toArray({ limit: 3 })).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(seen).toHaveLength(2);
    expect((await listProfiles().toArray()).map((p) => p.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('stops with an error when Klaviyo repeats a cursor, instead of looping forever', async () => {
    serve([['a'], ['b'], ['c']], (i) => (i === 0 ? 'start' : 'same'));
    const error = await listProfiles()
      .toArray()
      .catch((e) => e);
    expect(error).toBeInstanceOf(KlaviyoError);
    expect((error as Error).message).toMatch(/cursor "same" twice/);
  });

  it('an empty collection yields nothing and has no next page', async () => {
    serve([[]]);
    const page = await listProfiles();
    expect(page.hasNextPage()).toBe(false);
    await expect(page.getNextPage()).rejects.toThrow(/no next page/);
    expect(await listProfiles().toArray()).toEqual([]);
  });
});
