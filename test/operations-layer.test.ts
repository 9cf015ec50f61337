/**
 * The standalone operation functions (`klaviyo-ts/operations`) with the light `KlaviyoCore`
 * (`klaviyo-ts/core`): what they send, what they return, what they type, and what they bundle.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { KlaviyoCore } from '../src/core.js';
import { Klaviyo, ValidationError } from '../src/index.js';
import { createList, getLists, getProfile, getProfiles, getSegments, updateList } from '../src/operations/index.js';
import { jsonApi, scriptedFetch, TEST_KEY } from './helpers.js';

const segment = {
  type: 'segment',
  id: 'S1',
  attributes: { name: 'VIP' },
  links: { self: 'https://a.klaviyo.com/api/segments/S1' },
};

describe('operation functions', () => {
  it('send the operation through a KlaviyoCore, which has no resources', async () => {
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: [segment], links: { self: 'x' } }));
    const core = new KlaviyoCore({ apiKey: TEST_KEY, fetch, rateLimit: false });
    expect('profiles' in core).toBe(false);

    const page = await getSegments(core, { fields: { segment: ['name'] } });

    expect(page.data[0]?.attributes.name).toBe('VIP');
    expect(requests[0]!.method).toBe('GET');
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe('/api/segments');
    expect(url.searchParams.get('fields[segment]')).toBe('name');
    expect(requests[0]!.headers.get('revision')).toBe('2026-07-15');
  });

  it('take path parameters, then the body, then query options, and encode the path', async () => {
    const list = { type: 'list', id: 'a/b', attributes: { name: 'Weekly' }, links: { self: 'x' } };
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: list }));
    const core = new KlaviyoCore({ apiKey: TEST_KEY, fetch, rateLimit: false });

    await updateList(
      core,
      'a/b',
      { data: { type: 'list', id: 'a/b', attributes: { name: 'Weekly' } } },
      { fields: { list: ['name'] } },
    );

    expect(new URL(requests[0]!.url).pathname).toBe('/api/lists/a%2Fb');
    expect(await requests[0]!.json()).toEqual({ data: { type: 'list', id: 'a/b', attributes: { name: 'Weekly' } } });
  });

  it('refuse a body that does not match the spec before sending anything', async () => {
    const { fetch, calls } = scriptedFetch(jsonApi(201, {}));
    const core = new KlaviyoCore({ apiKey: TEST_KEY, fetch, rateLimit: false });

    // @ts-expect-error name is required
    await expect(createList(core, { data: { type: 'list', attributes: {} } })).rejects.toThrow(ValidationError);
    expect(calls()).toBe(0);
  });

  it('accept the full client too, and return what its resource methods return', async () => {
    const { fetch } = scriptedFetch(jsonApi(200, { data: [], links: { self: 'x' } }));
    const klaviyo = new Klaviyo({ apiKey: TEST_KEY, fetch, rateLimit: false });
    expectTypeOf(getLists(klaviyo)).toEqualTypeOf(klaviyo.lists.list());
    expect((await getLists(klaviyo)).data).toEqual([]);
  });
});

describe('sparse fieldsets', () => {
  it('type the items with only the attributes asked for', () => {
    const core = new KlaviyoCore({ apiKey: TEST_KEY, rateLimit: false, fetch: scriptedFetch(jsonApi(200, {})).fetch });
    type Sparse = Awaited<ReturnType<typeof getSegments<{ segment: readonly ['name'] }>>>['data'][number];
    expectTypeOf<Sparse['attributes']>().toHaveProperty('name');
    expectTypeOf<Sparse['attributes']>().not.toHaveProperty('is_active');
    type Whole = Awaited<ReturnType<typeof getSegments>>['data'][number];
    expectTypeOf<Whole['attributes']>().toHaveProperty('is_active');
    // A single document narrows its `data` the same way.
    type OneProfile = Awaited<ReturnType<typeof getProfile<{ profile: readonly ['email'] }>>>['data'];
    expectTypeOf<OneProfile['attributes']>().toHaveProperty('email');
    expectTypeOf<OneProfile['attributes']>().not.toHaveProperty('first_name');
    void core;
  });

  it('type a dotted name as the nested attribute Klaviyo answers with (location.city → location.city)', async () => {
    const page = { data: [{ type: 'profile', id: '01P', attributes: { location: { city: 'Boston' } } }], links: { self: 'x' } };
    const { fetch, requests } = scriptedFetch(jsonApi(200, page));
    const core = new KlaviyoCore({ apiKey: TEST_KEY, rateLimit: false, fetch });
    const fields = { profile: ['email', 'location.city', 'location.zip', 'subscriptions.email.marketing.consent'] } as const;
    const first = await getProfiles(core, { fields });
    const attributes = first.data[0]!.attributes;
    type Whole = Awaited<ReturnType<typeof getProfiles>>['data'][number]['attributes'];
    type Location = NonNullable<Whole['location']>;
    expectTypeOf(attributes.location?.city).toEqualTypeOf<Location['city'] | undefined>();
    expectTypeOf(attributes.location).exclude<null | undefined>().toHaveProperty('zip');
    expectTypeOf(attributes.location).exclude<null | undefined>().not.toHaveProperty('country');
    expectTypeOf(attributes).not.toHaveProperty('first_name');
    type Consent = NonNullable<NonNullable<NonNullable<Whole['subscriptions']>['email']>['marketing']>['consent'];
    expectTypeOf(attributes.subscriptions?.email?.marketing?.consent).toEqualTypeOf<Consent | undefined>();
    expect(attributes.location?.city).toBe('Boston');
    expect(new URL(requests[0]!.url).searchParams.get('fields[profile]')).toBe(
      'email,location.city,location.zip,subscriptions.email.marketing.consent',
    );
  });

  it("keep each resource's id and type, and the document's links, beside the narrowed attributes", async () => {
    // The response types are loose ([key: string]: unknown); Omit over one had made `id` unknown (a trial's report).
    const page = { data: [{ type: 'profile', id: '01P', attributes: { email: 'a@b.com' } }], links: { self: 'x' } };
    const { fetch, requests } = scriptedFetch(jsonApi(200, page), jsonApi(200, page));
    const core = new KlaviyoCore({ apiKey: TEST_KEY, rateLimit: false, fetch });
    const first = await getProfiles(core, { fields: { profile: ['email'] } });
    expectTypeOf(first.data[0]!.id).toEqualTypeOf<string>();
    type Whole = Awaited<ReturnType<typeof getProfiles>>;
    expectTypeOf(first.data[0]!.type).toEqualTypeOf<Whole['data'][number]['type']>();
    expectTypeOf(first.data[0]!.attributes).toEqualTypeOf<{ email?: string | null | undefined }>();
    expectTypeOf(first.links).toEqualTypeOf<Whole['links']>();
    expect(first.data[0]!.id).toBe('01P');
    const klaviyo = new Klaviyo({ apiKey: TEST_KEY, rateLimit: false, fetch });
    for await (const profile of klaviyo.profiles.list({ fields: { profile: ['email'] } })) {
      expectTypeOf(profile.id).toEqualTypeOf<string>();
      expect(profile.id).toBe('01P');
    }
    expect(requests.map((request) => new URL(request.url).searchParams.get('fields[profile]'))).toEqual(['email', 'email']);
  });
});

describe('bundling KlaviyoCore with one operation', () => {
  it('leaves out the other operations, and the schemas of other categories', async () => {
    const bundle = async (contents: string) => {
      const result = await build({
        stdin: { contents, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
        bundle: true,
        minify: true,
        write: false,
        platform: 'node',
        format: 'esm',
        external: ['bottleneck', 'zod'],
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    };
    const one = await bundle(
      `import { KlaviyoCore } from './src/core.ts'; import { getProfiles } from './src/operations/index.ts'; console.log(KlaviyoCore, getProfiles);`,
    );
    const all = await bundle(`import { Klaviyo } from './src/index.ts'; console.log(Klaviyo);`);
    // An operation's schemas come with the generated module of its category (loaded on its first call, see
    // src/operations/schemas.ts), so a profiles call carries the profiles responses, and no other category's:
    // attribute names only campaigns', flows' and templates' schemas hold.
    expect(one).toContain('predictive_analytics');
    for (const name of ['send_strategy', 'conversion_metric_id', 'editor_type']) {
      expect(all, name).toContain(name);
      expect(one, name).not.toContain(name);
    }
    // Nor the other operations' entries of the operation table: its paths (345 of them in the whole client).
    for (const path of ['/api/catalog-items', '/api/campaign-send-jobs', '/client/events', '/api/profiles/{id}']) {
      expect(all, path).toContain(`"${path}"`);
      expect(one, path).not.toContain(`"${path}"`);
    }
    expect(one).toContain('"/api/profiles"');
    console.log(
      `bundle (minified, zod and bottleneck external): KlaviyoCore + getProfiles ${one.length} B, Klaviyo ${all.length} B`,
    );
    expect(one.length).toBeLessThan(all.length / 3);
  });
});
