/**
 * The SDK against the local mock over real loopback HTTP (not msw): one walk through each resource, and
 * the failures that matter for "never loses a write, never writes twice" — with the mock counting the
 * writes it applied.
 */
import {
  Klaviyo,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  ServerError,
  TimeoutError,
  and,
  related,
} from 'klaviyo-ts';
import { type MockServer, startMockServer } from 'klaviyo-ts/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let mock: MockServer;
let klaviyo: Klaviyo;
beforeEach(async () => {
  mock = await startMockServer({ seed: 'demo' });
  klaviyo = new Klaviyo({ apiKey: 'pk_integration_0123456789abcdef', baseUrl: mock.url, timeoutMs: 2_000 });
});
afterEach(() => mock.close());

describe('each resource over loopback', () => {
  it('profiles: create, find by filter, update, duplicate → ConflictError', async () => {
    const { data } = await klaviyo.profiles.create({ email: 'new.person@example.com', first_name: 'New' });
    const [found] = await klaviyo.profiles.list({ filter: { email: { equals: 'new.person@example.com' } } }).toArray();
    expect(found?.id).toBe(data.id);
    const updated = await klaviyo.profiles.update(data.id, { last_name: 'Person' });
    expect(updated.data.attributes.last_name).toBe('Person');
    const error = await klaviyo.profiles.create({ email: 'new.person@example.com' }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).duplicateProfileId).toBe(data.id);
  });

  it('lists: create, add members past one page, read them back across pages', async () => {
    const profiles = await klaviyo.profiles.list({ pageSize: 12 }).toArray();
    const { data: list } = await klaviyo.lists.create({ name: 'Integration' });
    await klaviyo.lists.addProfiles(
      list.id,
      profiles.map((p) => p.id),
    );
    const pages = [];
    for await (const page of klaviyo.lists.profileIds(list.id, { pageSize: 5 }).pages()) pages.push(page.data.length);
    expect(pages).toEqual([5, 5, 2]);
  });

  it('events: create with a unique id, list them with the metric included', async () => {
    await klaviyo.events.create({
      metric: 'Viewed Product',
      profile: { email: 'ada@example.com' },
      properties: { sku: 'MUG-1' },
      uniqueId: 'view-1',
    });
    const page = await klaviyo.events.list({
      filter: { metric_id: { equals: await metricId('Viewed Product') } },
      include: ['metric'],
    });
    expect(page.data).toHaveLength(1);
    expect(page.included).toEqual([
      expect.objectContaining({ type: 'metric', attributes: expect.objectContaining({ name: 'Viewed Product' }) }),
    ]);
  });

  it('campaigns: list needs a channel; get; 404 for an unknown id', async () => {
    const sms = await klaviyo.campaigns.list({ channel: 'sms' }).toArray();
    expect(sms.map((c) => c.attributes.name)).toEqual(['SMS Flash Sale']);
    const drafts = await klaviyo.campaigns.list({ channel: 'email', filter: and({ status: { equals: 'Draft' } }) }).toArray();
    expect(drafts.map((c) => c.attributes.name)).toEqual(['Holiday Preview']);
    await expect(klaviyo.campaigns.get('nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('flows, metrics and segments answer with their documents', async () => {
    expect((await klaviyo.flows.list().toArray()).map((f) => f.attributes.name).sort()).toEqual([
      'Abandoned Cart',
      'Welcome Series',
    ]);
    expect((await klaviyo.metrics.list().toArray()).some((m) => m.attributes.name === 'Placed Order')).toBe(true);
    const [engaged] = await klaviyo.segments.list({ filter: { name: { equals: 'Engaged Customers' } } }).toArray();
    expect(await klaviyo.segments.profileIds(engaged!.id).toArray()).toHaveLength(5);
  });

  async function metricId(name: string): Promise<string> {
    const metric = (await klaviyo.metrics.list().toArray()).find((m) => m.attributes.name === name);
    return metric!.id;
  }
});

describe('writes under failure', () => {
  it('a 503 after Klaviyo applied "create list" is not re-sent: one list, and the error says it may exist', async () => {
    mock.state.faults.next({ status: 503, afterApply: true, operationId: 'create_list' });
    const error = await klaviyo.lists.create({ name: 'Maybe' }).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).mayHaveApplied).toBe(true);
    expect(mock.state.writes.count('create_list')).toBe(1);
  });

  it('a 503 after applying an upsert is retried, and the profile is still one profile', async () => {
    const before = (await klaviyo.profiles.list({ pageSize: 100 }).toArray()).length;
    mock.state.faults.next({ status: 503, afterApply: true, operationId: 'create_or_update_profile' });
    const result = await klaviyo.profiles.createOrUpdate({ email: 'retry.me@example.com', first_name: 'Retry' });
    expect(result.created).toBe(false); // the first, failed attempt created it
    expect((await klaviyo.profiles.list({ pageSize: 100 }).toArray()).length).toBe(before + 1);
  });

  it('an event with a unique id survives a dropped connection, stored once', async () => {
    const adasEvents = async () =>
      (await klaviyo.events.list({ filter: { profile_id: { equals: await profileId('ada@example.com') } } }).toArray()).length;
    const before = await adasEvents();
    mock.state.faults.next({ dropConnection: true, afterApply: true, operationId: 'create_event' });
    await klaviyo.events.create({
      metric: 'Placed Order',
      profile: { email: 'ada@example.com' },
      value: 10,
      uniqueId: 'order-42',
    });
    expect(mock.state.writes.count('create_event')).toBe(2); // sent twice…
    expect(await adasEvents()).toBe(before + 1); // …kept once
  });

  it('an event without a unique id is not re-sent after a dropped connection', async () => {
    mock.state.faults.next({ dropConnection: true, afterApply: true, operationId: 'create_event' });
    const error = await klaviyo.events
      .create({ metric: 'Placed Order', profile: { email: 'ada@example.com' }, value: 10 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).mayHaveApplied).toBe(true);
    expect(mock.state.writes.count('create_event')).toBe(1);
  });

  it('a hung response times out and a GET is retried to success', async () => {
    mock.state.faults.next({ hang: true, operationId: 'get_lists' });
    const lists = await klaviyo.lists.list({}, { timeoutMs: 300 });
    expect(lists.data.length).toBeGreaterThan(0);
    mock.state.faults.next({ hang: true, operationId: 'get_lists', times: 10 });
    await expect(klaviyo.lists.list({}, { timeoutMs: 100, maxRetries: 1 })).rejects.toBeInstanceOf(TimeoutError);
  });

  async function profileId(email: string): Promise<string> {
    const [p] = await klaviyo.profiles.list({ filter: { email: { equals: email } } }).toArray();
    return p!.id;
  }
});

describe('included resources', () => {
  it('page.related() and related() follow relationship pointers into `included`', async () => {
    const page = await klaviyo.lists.list({ filter: { name: { equals: 'Newsletter' } }, include: ['tags'] });
    const newsletter = page.data[0]!;
    const tags = page.related(newsletter, 'tags');
    expect(tags.map((t) => [t.type, t.attributes?.name])).toEqual([['tag', 'Promo']]);

    const doc = await klaviyo.lists.get(newsletter.id, { include: ['tags'] });
    expect(related(doc, doc.data, 'tags')).toEqual(tags);
  });

  it('gives nothing for a relationship that was not included', async () => {
    const page = await klaviyo.lists.list({ filter: { name: { equals: 'Newsletter' } } });
    expect(page.related(page.data[0]!, 'tags')).toEqual([]);
  });
});

describe('permissions', () => {
  it('a key without a scope gets PermissionDeniedError naming it', async () => {
    const limited = await startMockServer({ seed: 'demo', scopes: ['lists:read'] });
    try {
      const client = new Klaviyo({ apiKey: 'pk_scopes_0123456789abcdef', baseUrl: limited.url });
      await expect(client.lists.list()).resolves.toBeDefined();
      const error = await client.profiles.list().catch((e) => e);
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect((error as Error).message).toBe(
        `403 permission_denied: ${(error as PermissionDeniedError).errors[0]!.detail} — GET ${limited.url}/api/profiles`,
      );
      expect((error as Error).message).toMatch(/profiles:read\. — /);
    } finally {
      await limited.close();
    }
  });
});
