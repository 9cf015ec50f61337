import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { AbortError, and, JobFailedError, Klaviyo, NotFoundError, ValidationError } from '../../src/index.js';
import { API, useKlaviyoApi } from './msw.js';
import type { QueryOptions } from '../../src/index.js';

const { server, sent, klaviyo } = useKlaviyoApi();

const fast = { intervalMs: 1, maxIntervalMs: 2 };

const campaign = (id: string, name = 'Spring sale') => ({
  type: 'campaign',
  id,
  attributes: {
    name,
    status: 'Draft',
    archived: false,
    audiences: { included: ['Y6nRLr'], excluded: [] },
    send_options: { use_smart_sending: true },
    tracking_options: { is_tracking_opens: true },
    send_strategy: { method: 'immediate' },
    created_at: '2025-01-01T00:00:00+00:00',
    updated_at: '2025-01-01T00:00:00+00:00',
  },
  links: { self: `${API}/api/campaigns/${id}/` },
});
const message = (id: string) => ({
  type: 'campaign-message',
  id,
  attributes: { definition: { channel: 'email', label: 'Spring sale', content: { subject: 'Spring is here' } } },
  links: { self: `${API}/api/campaign-messages/${id}/` },
});
const job = (type: string, id: string, status: string) => ({
  data: { type, id, attributes: { status }, links: { self: `${API}/api/x/${id}/` } },
});
const notFound = () =>
  HttpResponse.json(
    { errors: [{ id: 'e1', status: 404, code: 'not_found', title: 'Not found.', detail: 'No campaign with that id.' }] },
    { status: 404 },
  );

/** Answers GET /api/campaigns with one campaign and records the decoded `filter` parameter of each request. */
function recordFilters(): (string | null)[] {
  const filters: (string | null)[] = [];
  server.use(
    http.get(`${API}/api/campaigns`, ({ request }) => {
      const url = new URL(request.url);
      filters.push(url.searchParams.get('filter'));
      return HttpResponse.json({ data: [campaign('C1')], links: { self: url.href } });
    }),
  );
  return filters;
}

/** Counts requests to any path, for "nothing was sent" checks. */
function countRequests(): () => number {
  let sent = 0;
  server.use(http.all(`${API}/*`, () => void sent++ as never));
  return () => sent;
}

describe('campaigns.list: the channel filter Klaviyo requires', () => {
  it('sends equals(messages.channel,"email") for { channel: "email" }', async () => {
    const filters = recordFilters();
    const page = await klaviyo.campaigns.list({ channel: 'email' });
    expect(filters).toEqual(['equals(messages.channel,"email")']);
    expect(page.data[0]!.id).toBe('C1');
  });

  it('joins an object filter with and(...)', async () => {
    const filters = recordFilters();
    await klaviyo.campaigns.list({ channel: 'sms', filter: { status: { equals: 'Draft' }, archived: { equals: false } } });
    expect(filters).toEqual(['and(equals(messages.channel,"sms"),equals(status,"Draft"),equals(archived,false))']);
  });

  it('joins and(...) conditions into one and(...), not a nested one', async () => {
    const filters = recordFilters();
    await klaviyo.campaigns.list({
      channel: 'email',
      filter: and<'get_campaigns'>(
        { name: { contains: 'Sale' } },
        { created_at: { greaterThan: new Date('2025-01-01T00:00:00Z') } },
      ),
    });
    expect(filters).toEqual([
      'and(equals(messages.channel,"email"),contains(name,"Sale"),greater-than(created_at,2025-01-01T00:00:00Z))',
    ]);
  });

  it('joins a raw filter string as written', async () => {
    const filters = recordFilters();
    await klaviyo.campaigns.list({ channel: 'email', filter: 'any(status,["Draft","Scheduled"])' });
    await klaviyo.campaigns.list({ channel: 'email', filter: 'and(contains(name,"a,b)"),equals(archived,true))' });
    expect(filters).toEqual([
      'and(equals(messages.channel,"email"),any(status,["Draft","Scheduled"]))',
      'and(equals(messages.channel,"email"),contains(name,"a,b)"),equals(archived,true))',
    ]);
  });

  it('keeps the channel filter on every page', async () => {
    const filters: (string | null)[] = [];
    server.use(
      http.get(`${API}/api/campaigns`, ({ request }) => {
        const url = new URL(request.url);
        filters.push(url.searchParams.get('filter'));
        const second = url.searchParams.get('page[cursor]') === 'p2';
        const links = second ? { self: url.href } : { self: url.href, next: `${API}/api/campaigns?page%5Bcursor%5D=p2` };
        return HttpResponse.json({ data: [campaign(second ? 'C2' : 'C1')], links });
      }),
    );
    const ids = (await klaviyo.campaigns.list({ channel: 'email' }).toArray()).map((c) => c.id);
    expect(ids).toEqual(['C1', 'C2']);
    expect(filters).toEqual(['equals(messages.channel,"email")', 'equals(messages.channel,"email")']);
  });

  it('refuses an operator the field does not allow, sending nothing', async () => {
    const sent = countRequests();
    // @ts-expect-error: name only takes `contains`
    const filter: QueryOptions<'get_campaigns'>['filter'] = { name: { equals: 'Sale' } };
    const error = await klaviyo.campaigns.list({ channel: 'email', filter }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('filter.name.equals');
    expect(sent()).toBe(0);
  });

  it('refuses a missing or unknown channel, sending nothing', async () => {
    const sent = countRequests();
    // @ts-expect-error: channel is required
    await expect(klaviyo.campaigns.list({})).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error: push is not a campaign channel here
    await expect(klaviyo.campaigns.list({ channel: 'push' })).rejects.toBeInstanceOf(ValidationError);
    expect(sent()).toBe(0);
  });

  it('names a bad channel together with every other problem of the query', async () => {
    const sent = countRequests();
    const query = { channel: 'emial', filter: { nme: { equals: 'Sale' } }, sort: '-naem' } as never;
    const error = await klaviyo.campaigns.list(query).catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['channel', 'filter.nme', 'sort']);
    expect((error as ValidationError).issues[2]!.message).toMatch(/did you mean "-name"\?$/);
    expect(sent()).toBe(0);
  });

  it('refuses a filter on messages.channel (use `channel`), sending nothing', async () => {
    const sent = countRequests();
    const error = await klaviyo.campaigns
      .list({ channel: 'email', filter: "equals(messages.channel,'sms')" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(sent()).toBe(0);
  });
});

describe('klaviyo.campaigns writes', () => {
  it('create() checks email content as email content, so a bad from_email is refused before sending', async () => {
    const sent = countRequests();
    const error = await klaviyo.campaigns
      .create({
        name: 'Spring sale',
        audiences: { included: ['Y6nRLr'] },
        messages: [{ channel: 'email', label: 'Spring', content: { subject: 'Hi', from_email: 'not an address' } }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(
      /^Invalid message definition \(email\): messages\.0\.content\.from_email: /,
    );
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['messages.0.content.from_email']);
    expect(sent()).toBe(0);
  });

  it('create() checks a push as a standard push unless it says silent, so a push without its body is refused before sending', async () => {
    const sent = countRequests();
    const error = await klaviyo.campaigns
      .create({
        name: 'App launch',
        audiences: { included: ['Y6nRLr'] },
        // The types refuse it; from JavaScript it is checked as a standard push (its own channel), not as any member.
        // @ts-expect-error a standard push needs its body
        messages: [{ channel: 'mobile_push', content: { title: 'New in the app' } }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/message definition \(mobile_push\)/);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['messages.0.content.body']);
    expect(sent()).toBe(0);
  });

  it('campaigns.create puts each message’s channel, label and content in its definition', async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/api/campaigns`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ data: campaign('C1') }, { status: 201 });
      }),
    );
    const created = await klaviyo.campaigns.create({
      name: 'Spring sale',
      audiences: { included: ['Y6nRLr'] },
      send_strategy: { method: 'static', datetime: '2025-04-01T09:00:00Z' },
      messages: [
        { channel: 'email', label: 'A', content: { subject: 'Spring is here', from_email: 'shop@example.com' } },
        { channel: 'sms', content: { body: 'Spring is here' }, render_options: { shorten_links: true } },
        { channel: 'mobile_push', notification_type: 'silent', kv_pairs: { refresh: 'catalog' } },
      ],
    });
    expect(body).toEqual({
      data: {
        type: 'campaign',
        attributes: {
          name: 'Spring sale',
          audiences: { included: ['Y6nRLr'] },
          send_strategy: { method: 'static', datetime: '2025-04-01T09:00:00Z' },
          'campaign-messages': {
            data: [
              {
                type: 'campaign-message',
                attributes: {
                  definition: {
                    channel: 'email',
                    label: 'A',
                    content: { subject: 'Spring is here', from_email: 'shop@example.com' },
                  },
                },
              },
              {
                type: 'campaign-message',
                attributes: {
                  definition: { channel: 'sms', content: { body: 'Spring is here' }, render_options: { shorten_links: true } },
                },
              },
              {
                type: 'campaign-message',
                attributes: {
                  definition: { channel: 'mobile_push', notification_type: 'silent', kv_pairs: { refresh: 'catalog' } },
                },
              },
            ],
          },
        },
      },
    });
    expect(created.data.id).toBe('C1');
  });

  it('create() refuses a static send strategy without its datetime (the 2024 options_static shape) before sending', async () => {
    const sent = countRequests();
    const error = await klaviyo.campaigns
      .create({
        name: 'Spring sale',
        audiences: { included: ['Y6nRLr'] },
        // @ts-expect-error: datetime sits beside method since revision 2026-07-15
        send_strategy: { method: 'static', options_static: { datetime: '2025-04-01T09:00:00Z' } },
        messages: [{ channel: 'email', label: 'A' }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toContainEqual(expect.objectContaining({ path: 'send_strategy.datetime' }));
    expect(sent()).toBe(0);
  });

  it('create() names a message’s channel by the caller’s messages.N, not the wire path', async () => {
    const error = (await klaviyo.campaigns
      // @ts-expect-error: not a channel
      .create({ name: 'Spring', audiences: { included: ['Y6nRLr'] }, messages: [{ channel: 'fax', content: {} }] })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => i.path)).toEqual(['messages.0.channel']);
  });

  it('create() without audiences is refused before sending', async () => {
    const sent = countRequests();
    // @ts-expect-error: audiences is required
    const error = await klaviyo.campaigns.create({ name: 'x', messages: [{ channel: 'email' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('audiences');
    expect(sent()).toBe(0);
  });

  it('clone(id, { name }) sends new_name', async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/api/campaign-clone`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ data: campaign('C2', 'Copy') }, { status: 201 });
      }),
    );
    await klaviyo.campaigns.clone('C1', { name: 'Copy' });
    expect(body).toEqual({ data: { type: 'campaign', id: 'C1', attributes: { new_name: 'Copy' } } });
  });

  it('assignTemplate(messageId, templateId) names the template as a relationship', async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/api/campaign-message-assign-template`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ data: message('M1') }, { status: 201 });
      }),
    );
    await klaviyo.campaigns.assignTemplate('M1', 'T1');
    expect(body).toEqual({
      data: { type: 'campaign-message', id: 'M1', relationships: { template: { data: { type: 'template', id: 'T1' } } } },
    });
  });

  it('campaigns.messages.update sends the new channel, label and content as the message’s definition', async () => {
    let body: unknown;
    server.use(
      http.patch(`${API}/api/campaign-messages/M1`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ data: message('M1') });
      }),
    );
    const updated = await klaviyo.campaigns.messages.update('M1', {
      channel: 'email',
      label: 'B',
      content: { subject: 'Last chance' },
    });
    expect(body).toEqual({
      data: {
        type: 'campaign-message',
        id: 'M1',
        attributes: { definition: { channel: 'email', label: 'B', content: { subject: 'Last chance' } } },
      },
    });
    expect(updated.data.attributes.definition).toMatchObject({ channel: 'email' });
  });

  it('messages.update without a channel (the 2024 shape) is refused before sending', async () => {
    const sent = countRequests();
    const error = await klaviyo.campaigns.messages
      // @ts-expect-error: a definition names its channel
      .update('M1', { label: 'B', content: { subject: 'Last chance' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain('definition.channel');
    expect(sent()).toBe(0);
  });

  it('messages.update checks SMS content as SMS content before sending', async () => {
    const sent = countRequests();
    const error = await klaviyo.campaigns.messages
      // @ts-expect-error: SMS content's body is a string
      .update('M1', { channel: 'sms', content: { body: 42 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/definition \(sms\)/);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['definition.content.body']);
    expect(sent()).toBe(0);
  });

  it('cancelSend(jobId) and revertSend(jobId) send the matching action', async () => {
    const actions: unknown[] = [];
    server.use(
      http.patch(`${API}/api/campaign-send-jobs/C1`, async ({ request }) => {
        actions.push(((await request.json()) as { data: { attributes: { action: string } } }).data.attributes.action);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await expect(klaviyo.campaigns.cancelSend('C1')).resolves.toBeUndefined();
    await klaviyo.campaigns.revertSend('C1');
    expect(actions).toEqual(['cancel', 'revert']);
  });
});

describe('campaigns.send: a job to wait for', () => {
  function serveSendJob(statuses: string[]) {
    const reads: string[] = [];
    let posted: unknown;
    server.use(
      http.post(`${API}/api/campaign-send-jobs`, async ({ request }) => {
        posted = await request.json();
        return HttpResponse.json(job('campaign-send-job', 'C1', 'queued'), { status: 202 });
      }),
      http.get(`${API}/api/campaign-send-jobs/:id`, ({ params }) => {
        reads.push(String(params['id']));
        return HttpResponse.json(job('campaign-send-job', 'C1', statuses.length > 1 ? statuses.shift()! : statuses[0]!));
      }),
    );
    return { reads, posted: () => posted };
  }

  it('send(id) posts the send job and wait() polls until complete', async () => {
    const served = serveSendJob(['queued', 'processing', 'complete']);
    const sendJob = await klaviyo.campaigns.send('C1');
    expect(served.posted()).toEqual({ data: { type: 'campaign-send-job', id: 'C1' } });
    expect(sendJob.id).toBe('C1');
    expect(sendJob.status).toBe('queued');
    const done = await sendJob.wait(fast);
    expect(done.data.attributes.status).toBe('complete');
    expect(served.reads).toEqual(['C1', 'C1', 'C1']);
  });

  it('wait() throws JobFailedError carrying the last document when the send ends cancelled', async () => {
    serveSendJob(['processing', 'cancelled']);
    const sendJob = await klaviyo.campaigns.send('C1');
    const error = await sendJob.wait(fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).message).toContain('cancelled');
    expect((error as JobFailedError).document).toMatchObject({ data: { attributes: { status: 'cancelled' } } });
  });

  it('wait() throws JobFailedError when the job reports failed', async () => {
    serveSendJob(['failed']);
    const sendJob = await klaviyo.campaigns.send('C1');
    await expect(sendJob.wait(fast)).rejects.toBeInstanceOf(JobFailedError);
  });

  it('wait({ signal }) stops with AbortError, and stops reading', async () => {
    const served = serveSendJob(['processing']);
    const sendJob = await klaviyo.campaigns.send('C1');
    const controller = new AbortController();
    const waiting = sendJob.wait({ signal: controller.signal, intervalMs: 5 });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    const readsAtAbort = served.reads.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(served.reads.length).toBe(readsAtAbort);
  });

  it('send(id) keeps withResponse() for the POST', async () => {
    serveSendJob(['complete']);
    const { data, response } = await klaviyo.campaigns.send('C1').withResponse();
    expect(response.status).toBe(202);
    expect(data.document.data.type).toBe('campaign-send-job');
  });

  it('estimateRecipients(id) waits for the estimation, then recipientEstimation(id) reads the count', async () => {
    let status = 'processing';
    server.use(
      http.post(`${API}/api/campaign-recipient-estimation-jobs`, () =>
        HttpResponse.json(job('campaign-recipient-estimation-job', 'C1', 'queued'), { status: 202 }),
      ),
      http.get(`${API}/api/campaign-recipient-estimation-jobs/C1`, () => {
        const answer = HttpResponse.json(job('campaign-recipient-estimation-job', 'C1', status));
        status = 'complete';
        return answer;
      }),
      http.get(`${API}/api/campaign-recipient-estimations/C1`, () =>
        HttpResponse.json({
          data: {
            type: 'campaign-recipient-estimation',
            id: 'C1',
            attributes: { estimated_recipient_count: 1234 },
            links: { self: `${API}/x` },
          },
        }),
      ),
    );
    await (await klaviyo.campaigns.estimateRecipients('C1')).wait(fast);
    const estimate = await klaviyo.campaigns.recipientEstimation('C1');
    expect(estimate.data.attributes.estimated_recipient_count).toBe(1234);
  });
});

describe('klaviyo.campaigns reads', () => {
  it('get(id) of an unknown campaign rejects with NotFoundError', async () => {
    server.use(http.get(`${API}/api/campaigns/:id`, notFound));
    const error = await klaviyo.campaigns.get('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
  });

  it('messages.get(id, { include }) asks for the template and reads the message', async () => {
    let include: string | null = null;
    server.use(
      http.get(`${API}/api/campaign-messages/M1`, ({ request }) => {
        include = new URL(request.url).searchParams.get('include');
        return HttpResponse.json({ data: message('M1') });
      }),
    );
    const doc = await klaviyo.campaigns.messages.get('M1', { include: ['template'] });
    expect(include).toBe('template');
    expect(doc.data.attributes.definition).toMatchObject({ channel: 'email', label: 'Spring sale' });
  });

  it('messageIds(id) and tagIds(id) read the relationship endpoints', async () => {
    server.use(
      http.get(`${API}/api/campaigns/C1/relationships/campaign-messages`, () =>
        HttpResponse.json({ data: [{ type: 'campaign-message', id: 'M1' }] }),
      ),
      http.get(`${API}/api/campaigns/C1/relationships/tags`, () => HttpResponse.json({ data: [{ type: 'tag', id: 'T1' }] })),
    );
    expect((await klaviyo.campaigns.messageIds('C1')).data.map((m) => m.id)).toEqual(['M1']);
    expect((await klaviyo.campaigns.tagIds('C1')).data.map((t) => t.id)).toEqual(['T1']);
  });
});
