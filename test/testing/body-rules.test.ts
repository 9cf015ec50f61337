/**
 * The mock refuses the bodies Klaviyo refuses for its cross-field rules (consent dates, what a suppression
 * names, import sizes), with the SDK's own `bodyRuleIssues`: raw requests (`klaviyo.request`, which skips
 * the SDK's check) get Klaviyo's 400, one error per broken rule, each pointing at its field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Klaviyo } from '../../src/index.js';
import { bodyRuleIssues } from '../../src/core/body-rules.js';
import { BadRequestError, ValidationError } from '../../src/core/errors.js';
import { startMockServer, type MockServer } from '../../src/testing/index.js';

let mock: MockServer;
let klaviyo: Klaviyo;

beforeEach(async () => {
  mock = await startMockServer({ seed: 'demo', rateLimit: false });
  klaviyo = new Klaviyo({ apiKey: 'pk_body_rules_0123456789abcdef', baseUrl: mock.url, maxRetries: 0 });
});
afterEach(() => mock.close());

const post = (path: string, body: unknown) => klaviyo.request<any>({ method: 'POST', path, body });
const refusal = async (path: string, body: unknown) => {
  const error = await post(path, body).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BadRequestError);
  return (error as BadRequestError).errors;
};

const SUBSCRIBE = '/api/profile-subscription-bulk-create-jobs';
const SUPPRESS = '/api/profile-suppression-bulk-create-jobs';
const IMPORT = '/api/profile-bulk-import-jobs';
const CONSENT_AT = '/data/attributes/profiles/data/0/attributes/subscriptions/email/marketing/consented_at';

/** The body `profiles.subscribe({ consentedAt, historicalImport })` sends for one email. */
function subscribeBody(consent: Record<string, unknown>, historicalImport?: boolean) {
  return {
    data: {
      type: 'profile-subscription-bulk-create-job',
      attributes: {
        ...(historicalImport === undefined ? {} : { historical_import: historicalImport }),
        profiles: {
          data: [
            {
              type: 'profile',
              attributes: {
                email: 'new@klaviyo-demo.com',
                subscriptions: { email: { marketing: { consent: 'SUBSCRIBED', ...consent } } },
              },
            },
          ],
        },
      },
    },
  };
}

const importBody = (profiles: Array<Record<string, unknown>>) => ({
  data: {
    type: 'profile-bulk-import-job',
    attributes: { profiles: { data: profiles.map((attributes) => ({ type: 'profile', attributes })) } },
  },
});

const suppressBody = (relationships: Record<string, unknown>, emails?: string[]) => ({
  data: {
    type: 'profile-suppression-bulk-create-job',
    attributes: emails ? { profiles: { data: emails.map((email) => ({ type: 'profile', attributes: { email } })) } } : {},
    relationships,
  },
});

const suppressed = (email: string) => {
  const profile = mock.state.all('profile').find((p) => p.attributes['email'] === email)!;
  return (profile.attributes['subscriptions'] as any).email.marketing.suppression as unknown[];
};

describe('the mock answers 400 where Klaviyo refuses a consent date', () => {
  it('consented_at without historical_import: 400 pointing at the consented_at', async () => {
    const errors = await refusal(SUBSCRIBE, subscribeBody({ consented_at: '2024-06-01T00:00:00.000Z' }));
    expect(errors).toEqual([
      expect.objectContaining({
        status: 400,
        code: 'invalid',
        source: { pointer: CONSENT_AT },
        detail: expect.stringMatching(/historical_import: true/),
      }),
    ]);
    expect(mock.state.all('profile').some((p) => p.attributes['email'] === 'new@klaviyo-demo.com')).toBe(false);
  });

  it('historical_import: true without consented_at: 400 pointing at the missing consented_at', async () => {
    const errors = await refusal(SUBSCRIBE, subscribeBody({}, true));
    expect(errors).toEqual([
      expect.objectContaining({ status: 400, source: { pointer: CONSENT_AT }, detail: expect.stringMatching(/required/) }),
    ]);
  });

  it('historical_import: true with a consented_at later than now: 400, as the consent must be in the past', async () => {
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const errors = await refusal(SUBSCRIBE, subscribeBody({ consented_at: tomorrow }, true));
    expect(errors).toEqual([
      expect.objectContaining({ source: { pointer: CONSENT_AT }, detail: expect.stringMatching(/in the past/) }),
    ]);
  });

  it('historical_import: true with a past consented_at: 202, and the profile is subscribed as of that date', async () => {
    await expect(post(SUBSCRIBE, subscribeBody({ consented_at: '2024-06-01T00:00:00.000Z' }, true))).resolves.toBeUndefined();
    const profile = mock.state.all('profile').find((p) => p.attributes['email'] === 'new@klaviyo-demo.com')!;
    expect((profile.attributes['subscriptions'] as any).email.marketing).toMatchObject({
      consent: 'SUBSCRIBED',
      consent_timestamp: '2024-06-01T00:00:00.000Z',
    });
  });

  it('the mock points at exactly the fields the SDK names before sending, one error each', async () => {
    const body = subscribeBody({ consented_at: '2024-06-01T00:00:00.000Z' });
    body.data.attributes.profiles.data.push(structuredClone(body.data.attributes.profiles.data[0]!));
    const errors = await refusal(SUBSCRIBE, body);
    const sdk = bodyRuleIssues('bulk_subscribe_profiles', body);
    expect(sdk).toHaveLength(2);
    expect(errors.map((e) => e.source)).toEqual(sdk.map((issue) => ({ pointer: `/${issue.path.replaceAll('.', '/')}` })));
  });
});

describe('suppression jobs name profiles, a list or a segment', () => {
  const idOf = (type: string, name: string) => mock.state.all(type).find((r) => r.attributes['name'] === name)!.id;

  it('a job naming a list: 202, and every member of the list is suppressed, nobody else', async () => {
    const vip = idOf('list', 'VIP'); // ada, ben, cleo of the demo data
    const job = await post(SUPPRESS, suppressBody({ list: { data: { type: 'list', id: vip } } }));
    expect(job.data).toMatchObject({ type: 'profile-suppression-bulk-create-job', attributes: { total_count: 3 } });
    const members = [...mock.state.listMembers.get(vip)!.keys()].map((id) => mock.state.get('profile', id)!);
    expect(members).toHaveLength(3);
    for (const member of members) {
      expect(suppressed(String(member.attributes['email']))).toEqual([
        { reason: 'USER_SUPPRESSED', timestamp: expect.any(String) },
      ]);
    }
    const others = mock.state.all('profile').filter((p) => !members.includes(p));
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(suppressed(String(other.attributes['email']))).toEqual([]);
    const jobs = await klaviyo.request<any>({
      method: 'GET',
      path: '/api/profile-suppression-bulk-create-jobs',
      query: { filter: `equals(list_id,"${vip}")` },
      operationId: 'get_bulk_suppress_profiles_jobs',
    });
    expect(jobs.data.map((j: { id: string }) => j.id)).toEqual([job.data.id]);
  });

  it('a job naming a segment: 202, and the segment’s members are suppressed', async () => {
    const engaged = idOf('segment', 'Engaged Customers'); // the first five demo profiles
    const job = await post(SUPPRESS, suppressBody({ segment: { data: { type: 'segment', id: engaged } } }));
    expect(job.data.attributes.total_count).toBe(5);
    expect(mock.state.all('profile').filter((p) => suppressed(String(p.attributes['email'])).length > 0)).toHaveLength(5);
  });

  it('a job naming a list that does not exist: 400 pointing at its id', async () => {
    const errors = await refusal(SUPPRESS, suppressBody({ list: { data: { type: 'list', id: 'NoSuchList' } } }));
    expect(errors).toEqual([expect.objectContaining({ source: { pointer: '/data/relationships/list/data/id' } })]);
  });

  it('a job naming nothing: 400 pointing at data', async () => {
    const errors = await refusal(SUPPRESS, suppressBody({}));
    expect(errors).toEqual([
      expect.objectContaining({ source: { pointer: '/data' }, detail: expect.stringMatching(/names nothing to suppress/) }),
    ]);
  });

  it('a job of 101 emails: 400, Klaviyo takes 100 a request', async () => {
    const emails = Array.from({ length: 101 }, (_, i) => `p${i}@klaviyo-demo.com`);
    const errors = await refusal(SUPPRESS, suppressBody({}, emails));
    expect(errors).toEqual([
      expect.objectContaining({
        source: { pointer: '/data/attributes/profiles/data' },
        detail: expect.stringMatching(/at most 100/),
      }),
    ]);
  });
});

describe('import jobs', () => {
  const big = { email: 'big@klaviyo-demo.com', properties: { notes: 'x'.repeat(101 * 1024) } };

  it('a profile of more than 100 KB: 400 pointing at that profile, and nothing is imported', async () => {
    const errors = await refusal(IMPORT, importBody([{ email: 'small@klaviyo-demo.com' }, big]));
    expect(errors).toEqual([
      expect.objectContaining({
        status: 400,
        source: { pointer: '/data/attributes/profiles/data/1' },
        detail: expect.stringMatching(/at most 100 KB per profile/),
      }),
    ]);
    expect(mock.state.all('profile').some((p) => p.attributes['email'] === 'small@klaviyo-demo.com')).toBe(false);
  });

  it('two profiles over 100 KB: one error for each', async () => {
    const errors = await refusal(IMPORT, importBody([big, { ...big, email: 'big2@klaviyo-demo.com' }]));
    expect(errors.map((e) => e.source)).toEqual([
      { pointer: '/data/attributes/profiles/data/0' },
      { pointer: '/data/attributes/profiles/data/1' },
    ]);
  });

  it('profiles of 100 KB at most are imported: 202', async () => {
    const job = await post(
      IMPORT,
      importBody([{ email: 'fits@klaviyo-demo.com', properties: { notes: 'x'.repeat(99 * 1024) } }]),
    );
    expect(job.data).toMatchObject({ type: 'profile-bulk-import-job', attributes: { total_count: 1 } });
  });
});

describe("webhook endpoints: 'Must be https' (create_webhook, update_webhook)", () => {
  const webhook = (endpoint_url: string) => ({
    data: {
      type: 'webhook' as const,
      attributes: { name: 'Orders', endpoint_url, secret_key: 's3cret' },
      relationships: { 'webhook-topics': { data: [{ type: 'webhook-topic' as const, id: 'event:klaviyo.sent_sms' }] } },
    },
  });

  it('the SDK refuses an http endpoint before sending, naming the field', async () => {
    const error = await klaviyo.webhooks.create(webhook('http://hooks.example.com/klaviyo')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'data.attributes.endpoint_url', message: expect.stringMatching(/must be an https URL/) },
    ]);
    expect(mock.state.all('webhook').some((w) => w.attributes['name'] === 'Orders')).toBe(false);
  });

  it('the mock answers a raw request with an http endpoint 400, pointing at it', async () => {
    const errors = await refusal('/api/webhooks', webhook('http://hooks.example.com/klaviyo'));
    expect(errors).toEqual([expect.objectContaining({ status: 400, source: { pointer: '/data/attributes/endpoint_url' } })]);
  });

  it('an update to an http endpoint is refused the same way', async () => {
    const { data } = await klaviyo.webhooks.create(webhook('https://hooks.example.com/klaviyo'));
    const error = await klaviyo.webhooks.update(data.id, { endpoint_url: 'http://hooks.example.com/k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    // update takes the attributes alone (create, the whole body): each path is the caller's.
    expect((error as ValidationError).issues[0]?.path).toBe('endpoint_url');
  });

  it('an https endpoint is created', async () => {
    const created = await klaviyo.webhooks.create(webhook('https://hooks.example.com/klaviyo'));
    expect(created.data.attributes.endpoint_url).toBe('https://hooks.example.com/klaviyo');
  });
});
