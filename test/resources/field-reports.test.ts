/**
 * Issue 12's field reports, items 1–5, each with the input the report gave: bad input never passes
 * silently. Every refusal is a `ValidationError` naming what is wrong, and nothing is sent.
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Klaviyo, ValidationError } from '../../src/index.js';
import { bulkImportProfiles, bulkSubscribeProfiles, bulkSuppressProfiles, getProfiles } from '../../src/operations/index.js';
import type { ProfileCreateAttributes } from '../../src/resources/profiles.js';
import { createKlaviyoMock } from '../../src/testing/index.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

/** The rejection of `call`, which must be a ValidationError. */
async function refusal(call: Promise<unknown>): Promise<ValidationError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** Answers every request with `status` and records the raw bodies. */
function answering(status = 202) {
  const bodies: string[] = [];
  server.use(
    http.all(`${API}/*`, async ({ request }) => {
      bodies.push(await request.text());
      return status === 202 ? new HttpResponse(null, { status }) : HttpResponse.json({ data: [] }, { status });
    }),
  );
  return bodies;
}

/** A list answer: one page without a next link. */
function listAnswer() {
  server.use(http.get(`${API}/api/*`, () => HttpResponse.json({ data: [], links: { self: `${API}/api/x`, next: null } })));
}

describe('1. unknown keys in SDK-level arguments are refused, naming the key Klaviyo or the SDK takes', () => {
  it('events.create with unique_id and value_currency: refused with uniqueId and valueCurrency suggested, nothing sent', async () => {
    answering();
    const error = await refusal(
      klaviyo.events.create({
        metric: 'Placed Order',
        profile: { email: 'sam.lee@example.com' },
        properties: {},
        // @ts-expect-error the SDK's names are camelCase: uniqueId
        unique_id: 'order-1001',
        value_currency: 'USD',
      }),
    );
    expect(error.issues).toEqual([
      { path: 'unique_id', message: 'unknown key; did you mean "uniqueId"?' },
      { path: 'value_currency', message: 'unknown key; did you mean "valueCurrency"?' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('profiles.create with firstName: does not compile, and is refused with first_name suggested, nothing sent', async () => {
    answering(201);
    // @ts-expect-error Klaviyo's attribute is first_name
    const error = await refusal(klaviyo.profiles.create({ email: 'ana@example.com', firstName: 'Ana' }));
    // The method takes the attributes alone, so the path names the key as the caller wrote it.
    expect(error.issues).toEqual([{ path: 'firstName', message: 'unknown key; did you mean "first_name"?' }]);
    expect(error.message).toBe('Invalid attributes for create_profile: firstName: unknown key; did you mean "first_name"?');
    expect(sent).toHaveLength(0);
  });

  it('profiles.create with a malformed email and a number for first_name: refused in zod’s English words, nothing sent', async () => {
    answering(201);
    // @ts-expect-error first_name is a string
    const error = await refusal(klaviyo.profiles.create({ email: 'sarah.mason', first_name: 3 }));
    expect(error.issues).toEqual([
      { path: 'email', message: 'Invalid email address' },
      { path: 'first_name', message: 'expected string, received number' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('Klaviyo’s attribute types have no index signature; custom data keeps its place in properties', async () => {
    expectTypeOf<string extends keyof ProfileCreateAttributes ? true : false>().toEqualTypeOf<false>();
    const bodies: string[] = [];
    server.use(
      http.post(`${API}/api/profiles`, async ({ request }) => {
        bodies.push(await request.text());
        return HttpResponse.json(
          {
            data: {
              type: 'profile',
              id: '01P',
              attributes: { email: 'ana@example.com' },
              links: { self: `${API}/api/profiles/01P/` },
            },
          },
          { status: 201 },
        );
      }),
    );
    await klaviyo.profiles.create({ email: 'ana@example.com', properties: { firstName: 'Ana', loyalty: { tier: 2 } } });
    expect(JSON.parse(bodies[0]!).data.attributes.properties).toEqual({ firstName: 'Ana', loyalty: { tier: 2 } });
  });

  it('new Klaviyo({ timeout: 5 }) and { baseURL } are refused, suggesting timeoutMs and baseUrl', () => {
    // @ts-expect-error the option is timeoutMs
    expect(() => new Klaviyo({ timeout: 5 })).toThrow('timeout: unknown key; did you mean "timeoutMs"?');
    // @ts-expect-error the option is baseUrl
    expect(() => new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', baseURL: 'http://localhost:1' })).toThrow(
      'baseURL: unknown key; did you mean "baseUrl"?',
    );
  });

  it('query options, subscribe params and other argument objects name the key they take', async () => {
    listAnswer();
    // @ts-expect-error the option is pageSize
    expect((await refusal(klaviyo.profiles.list({ page_size: 10 }))).issues).toEqual([
      { path: 'page_size', message: 'unknown key; did you mean "pageSize"?' },
    ]);
    const subscribe = klaviyo.profiles.subscribe({
      profiles: [{ email: 'ana@example.com' }],
      // @ts-expect-error the param is historicalImport
      historical_import: true,
    });
    expect((await refusal(subscribe)).issues).toEqual([
      { path: 'historical_import', message: 'unknown key; did you mean "historicalImport"?' },
    ]);
    // @ts-expect-error the option is name
    expect((await refusal(klaviyo.campaigns.clone('01C', { new_name: 'Copy' }))).issues[0]!.path).toBe('new_name');
    expect(sent).toHaveLength(0);
  });
});

describe('2. errors that are not KlaviyoError: JavaScript callers get a ValidationError, and nothing is sent', () => {
  it('campaigns.list() without arguments names the missing channel', async () => {
    listAnswer();
    const list = klaviyo.campaigns.list as (query?: unknown) => Promise<unknown>;
    const error = await refusal(list.call(klaviyo.campaigns));
    expect(error.issues).toEqual([{ path: '', message: 'must be an object, got undefined' }]);
    const noChannel = await refusal(list.call(klaviyo.campaigns, {}));
    expect(noChannel.issues).toEqual([
      { path: 'channel', message: 'is required: Klaviyo lists the campaigns of one channel, email or sms' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('a circular properties object names where it refers back to', async () => {
    answering();
    const properties: Record<string, unknown> = { order_id: 'A-1001' };
    properties['self'] = properties;
    const error = await refusal(
      klaviyo.events.create({ metric: 'Placed Order', profile: { email: 'sam.lee@example.com' }, properties }),
    );
    expect(error.issues).toEqual([
      { path: 'properties.self', message: 'refers back to properties: a circular structure cannot be sent as JSON' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('a BigInt value names its place, in the SDK’s own checks and in any body', async () => {
    answering();
    const event = await refusal(
      klaviyo.events.create({ metric: 'Placed Order', profile: { email: 'sam.lee@example.com' }, properties: { total: 10n } }),
    );
    expect(event.issues).toEqual([
      { path: 'properties.total', message: 'is a BigInt, which JSON cannot carry: pass a number or a string' },
    ]);
    const profile = await refusal(klaviyo.profiles.create({ email: 'ana@example.com', properties: { visits: 3n } }));
    expect(profile.message).toBe(
      'Invalid attributes for create_profile: properties.visits: is a BigInt, which JSON cannot carry: pass a number or a string',
    );
    expect(sent).toHaveLength(0);
  });
});

describe('3. datetime filter values are checked, and sent unquoted in UTC', () => {
  it('greaterThan: "01/02/2025" on created is refused before sending', async () => {
    listAnswer();
    const error = await refusal(klaviyo.profiles.list({ filter: { created: { greaterThan: '01/02/2025' } } }));
    expect(error.issues).toEqual([
      {
        path: 'filter.created.greaterThan',
        message: 'must be a Date or an ISO 8601 datetime such as 2024-08-01T00:00:00Z; got "01/02/2025"',
      },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('Date.now() on created does not compile, and is refused before sending', async () => {
    listAnswer();
    // @ts-expect-error a datetime field takes a Date or an ISO 8601 string
    const error = await refusal(klaviyo.profiles.list({ filter: { created: { greaterThan: 1795948211874 } } }));
    expect(error.issues[0]!.message).toMatch(/got the number 1795948211874 \(pass a Date: new Date\(1795948211874\)\)/);
    expect(sent).toHaveLength(0);
  });

  it('campaigns.list created_at greaterOrEqual 2024-08-01T00:00:00-07:00 goes out unquoted in UTC, and the mock accepts it', async () => {
    server.use(...createKlaviyoMock({ seed: 'demo', rateLimit: false }).handlers);
    const page = await klaviyo.campaigns.list({
      channel: 'email',
      filter: { created_at: { greaterOrEqual: '2024-08-01T00:00:00-07:00' } },
    });
    expect(sent[0]!.url.searchParams.get('filter')).toBe(
      'and(equals(messages.channel,"email"),greater-or-equal(created_at,2024-08-01T07:00:00Z))',
    );
    expect(page.data.length).toBeGreaterThan(0);
    for (const campaign of page.data) {
      expect(Date.parse(campaign.attributes.created_at!)).toBeGreaterThanOrEqual(Date.parse('2024-08-01T07:00:00Z'));
    }
  });

  it('a Date is sent in UTC; a datetime in an any(...) list too', async () => {
    listAnswer();
    await klaviyo.profiles.list({ filter: { created: { lessThan: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) } } });
    expect(sent[0]!.url.searchParams.get('filter')).toBe('less-than(created,2025-01-02T03:04:05Z)');
  });
});

describe('4. the consent, suppression and import rules the spec states are checked before sending', () => {
  const profiles = [{ email: 'ana@example.com' }];

  it('profiles.subscribe with consentedAt but no historicalImport is refused', async () => {
    answering();
    const error = await refusal(klaviyo.profiles.subscribe({ profiles, consentedAt: '2024-01-01T00:00:00Z' }));
    expect(error.issues).toEqual([
      { path: 'consentedAt', message: 'is for consent collected earlier: Klaviyo accepts it only with historicalImport: true' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('profiles.subscribe with historicalImport: true but no consentedAt is refused, naming the consent without a time', async () => {
    answering();
    const error = await refusal(klaviyo.profiles.subscribe({ profiles, historicalImport: true }));
    expect(error.issues).toEqual([
      {
        path: 'profiles.0.subscriptions.email.marketing.consented_at',
        message: 'is required with historicalImport (pass consentedAt, or set it on the consent)',
      },
    ]);
    expect(sent).toHaveLength(0);
  });

  const subscribeBody = (historical: boolean | undefined, consent: Record<string, unknown>) => ({
    data: {
      type: 'profile-subscription-bulk-create-job' as const,
      attributes: {
        ...(historical === undefined ? {} : { historical_import: historical }),
        profiles: {
          data: [
            {
              type: 'profile' as const,
              attributes: {
                email: 'ana@example.com',
                subscriptions: { email: { marketing: { consent: 'SUBSCRIBED', ...consent } } },
              },
            },
          ],
        },
      },
    },
  });
  const at = 'data.attributes.profiles.data.0.attributes.subscriptions.email.marketing.consented_at';

  it('the same rules hold for the standalone operation function, whoever builds the body', async () => {
    answering();
    const without = await refusal(
      bulkSubscribeProfiles(klaviyo, subscribeBody(undefined, { consented_at: '2024-01-01T00:00:00Z' }) as never),
    );
    expect(without.issues).toEqual([
      { path: at, message: 'is for consent collected earlier: Klaviyo accepts it only with historical_import: true' },
    ]);
    const missing = await refusal(bulkSubscribeProfiles(klaviyo, subscribeBody(true, {}) as never));
    expect(missing.issues).toEqual([{ path: at, message: 'is required when historical_import is true' }]);
    const future = await refusal(
      bulkSubscribeProfiles(klaviyo, subscribeBody(true, { consented_at: '2999-01-01T00:00:00Z' }) as never),
    );
    expect(future.issues).toEqual([{ path: at, message: 'must be a datetime in the past' }]);
    expect(sent).toHaveLength(0);
    await bulkSubscribeProfiles(klaviyo, subscribeBody(true, { consented_at: '2024-01-01T00:00:00Z' }) as never);
    expect(sent).toHaveLength(1);
  });

  it('a suppression job must name profiles, a list or a segment', async () => {
    answering();
    const error = await refusal(
      bulkSuppressProfiles(klaviyo, { data: { type: 'profile-suppression-bulk-create-job', attributes: {} } }),
    );
    expect(error.issues).toEqual([
      { path: 'data', message: 'names nothing to suppress: give profiles (by email), a list or a segment' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('an import refuses a profile over 100 KB, before any job is sent', async () => {
    answering();
    const big = { email: 'ana@example.com', properties: { notes: 'x'.repeat(110 * 1024) } };
    const error = await refusal(klaviyo.profiles.bulkImport([{ email: 'sam.lee@example.com' }, big]));
    expect(error.issues[0]).toMatchObject({ path: 'profiles.1' });
    expect(error.issues[0]!.message).toMatch(/at most 100 KB per profile/);
    const direct = await refusal(
      bulkImportProfiles(klaviyo, {
        data: { type: 'profile-bulk-import-job', attributes: { profiles: { data: [{ type: 'profile', attributes: big }] } } },
      }),
    );
    expect(direct.issues[0]).toMatchObject({ path: 'data.attributes.profiles.data.0' });
    expect(sent).toHaveLength(0);
  });
});

describe('5. a saved cursor resumes a listing', () => {
  it('list({ pageCursor }) starts at page.nextCursor and goes on from there', async () => {
    server.use(...createKlaviyoMock({ seed: 'demo', rateLimit: false }).handlers);
    const all = await klaviyo.profiles.list({ pageSize: 2 }).toArray();
    const first = await klaviyo.profiles.list({ pageSize: 2 });
    expect(first.nextCursor).toBeDefined();
    const resumed = await klaviyo.profiles.list({ pageSize: 2, pageCursor: first.nextCursor! }).toArray();
    expect(resumed.map((p) => p.id)).toEqual(all.slice(2).map((p) => p.id));
    // The standalone functions take it too.
    const page = await getProfiles(klaviyo, { pageSize: 2, pageCursor: first.nextCursor! });
    expect(page.data.map((p) => p.id)).toEqual(all.slice(2, 4).map((p) => p.id));
  });

  it('page[cursor] is refused with pageCursor suggested, and the message names the options list() takes', async () => {
    listAnswer();
    // @ts-expect-error the option is pageCursor
    const error = await refusal(klaviyo.profiles.list({ 'page[cursor]': 'abc' }));
    expect(error.issues).toEqual([{ path: 'page[cursor]', message: 'unknown key; did you mean "pageCursor"?' }]);
    // @ts-expect-error not an option at all
    const other = await refusal(klaviyo.profiles.list({ cursor_position: 'abc' }));
    expect(other.issues[0]!.message).toBe(
      'unknown key; accepted: filter, sort, include, fields, additionalFields, pageSize, pageCursor (get_profiles)',
    );
    expect(sent).toHaveLength(0);
  });
});
