/** What changed for a client in revision 2026-07-15, as the mock plays it. */
import { describe, expect, it } from 'vitest';
import { createKlaviyoMock, type KlaviyoMock } from '../../src/testing/index.js';
import { call, NOW } from './helpers.js';

const demo = () => createKlaviyoMock({ seed: 'demo', now: NOW, rateLimit: false });
const named = (mock: KlaviyoMock, type: string, name: string) =>
  mock.state.all(type).find((r) => r.attributes['name'] === name)!.id;
const byEmail = (mock: KlaviyoMock, email: string) => mock.state.all('profile').find((p) => p.attributes['email'] === email)!.id;

function createCampaign(mock: KlaviyoMock, definition: Record<string, unknown>) {
  return call(mock.handle, 'POST', '/api/campaigns', {
    data: {
      type: 'campaign',
      attributes: {
        name: 'Spring',
        audiences: { included: [named(mock, 'list', 'Newsletter')] },
        'campaign-messages': { data: [{ type: 'campaign-message', attributes: { definition } }] },
      },
    },
  });
}

describe('campaign messages keep channel, label and content in definition', () => {
  const email = { channel: 'email', label: 'Spring email', content: { subject: 'Spring is here', from_email: 'a@example.com' } };

  it('create_campaign stores the definition; the message answers with it and nothing at the top level', () => {
    const mock = demo();
    const created = createCampaign(mock, email);
    expect(created.status).toBe(201);
    const messageId = created.json.data.relationships['campaign-messages'].data[0].id;
    const message = call(mock.handle, 'GET', `/api/campaign-messages/${messageId}`).json.data;
    expect(message.attributes.definition).toMatchObject({
      channel: 'email',
      label: 'Spring email',
      content: { subject: 'Spring is here', from_email: 'a@example.com', preview_text: '' },
    });
    expect(Object.keys(message.attributes).sort()).toEqual(['created_at', 'definition', 'send_times', 'updated_at']);
  });

  it('create_campaign refuses the 2024-10-15 shape (channel beside definition)', () => {
    const mock = demo();
    const r = call(mock.handle, 'POST', '/api/campaigns', {
      data: {
        type: 'campaign',
        attributes: {
          name: 'Old',
          audiences: { included: [named(mock, 'list', 'Newsletter')] },
          'campaign-messages': {
            data: [{ type: 'campaign-message', attributes: { channel: 'email', label: 'x', content: { subject: 'y' } } }],
          },
        },
      },
    });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source.pointer).toMatch(/^\/data\/attributes\/campaign-messages\/data\/0\/attributes/);
  });

  it('lists campaigns by the channel inside the definition', () => {
    const mock = demo();
    createCampaign(mock, { channel: 'sms', content: { body: 'Hi' } });
    const sms = call(mock.handle, 'GET', `/api/campaigns?filter=${encodeURIComponent("equals(messages.channel,'sms')")}`);
    expect(sms.json.data.map((c: any) => c.attributes.name)).toEqual(['SMS Flash Sale', 'Spring']);
  });

  it('update_campaign_message merges the definition and keeps its channel', () => {
    const mock = demo();
    const id = createCampaign(mock, email).json.data.relationships['campaign-messages'].data[0].id;
    const patch = (definition: Record<string, unknown>) =>
      call(mock.handle, 'PATCH', `/api/campaign-messages/${id}`, {
        data: { type: 'campaign-message', id, attributes: { definition } },
      });
    const updated = patch({ channel: 'email', content: { subject: 'Summer' } });
    expect(updated.status).toBe(200);
    expect(updated.json.data.attributes.definition).toMatchObject({
      label: 'Spring email',
      content: { subject: 'Summer', from_email: 'a@example.com' },
    });
    const changed = patch({ channel: 'sms', content: { body: 'x' } });
    expect(changed.status).toBe(400);
    expect(changed.json.errors[0].source).toEqual({ pointer: '/data/attributes/definition/channel' });
  });

  it('assign_template_to_campaign_message takes a template relationship and answers 200 in the flat shape the spec gives it', () => {
    const mock = demo();
    const message = mock.state.all('campaign-message')[0]!.id;
    const template = named(mock, 'template', 'Welcome Email');
    const r = call(mock.handle, 'POST', '/api/campaign-message-assign-template', {
      data: { type: 'campaign-message', id: message, relationships: { template: { data: { type: 'template', id: template } } } },
    });
    expect(r.status).toBe(200);
    expect(r.json.data.attributes).toMatchObject({ label: 'October Newsletter', channel: 'email' });
    expect(r.json.data.relationships.template.data).toEqual({ type: 'template', id: template });
    expect(call(mock.handle, 'GET', `/api/campaign-messages/${message}/relationships/template`).json.data.id).toBe(template);
    const unknown = call(mock.handle, 'POST', '/api/campaign-message-assign-template', {
      data: { type: 'campaign-message', id: message, relationships: { template: { data: { type: 'template', id: 'nope00' } } } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].source).toEqual({ pointer: '/data/relationships/template/data/id' });
  });

  it('a message points at an image, which PATCH …/relationships/image replaces', () => {
    const mock = demo();
    const sms = mock.state.all('campaign-message').find((m) => m.rel['image']?.length)!.id;
    const image = call(mock.handle, 'GET', `/api/campaign-messages/${sms}/image`);
    expect(image.json.data.attributes).toMatchObject({ name: 'Flash Sale Banner', format: 'jpeg', hidden: false });
    const email = mock.state.all('campaign-message')[0]!.id;
    const set = call(mock.handle, 'PATCH', `/api/campaign-messages/${email}/relationships/image`, {
      data: { type: 'image', id: image.json.data.id },
    });
    expect(set.status).toBe(204);
    expect(call(mock.handle, 'GET', `/api/campaign-messages/${email}/relationships/image`).json.data).toEqual({
      type: 'image',
      id: image.json.data.id,
    });
  });
});

describe('profiles', () => {
  it('create_profile refuses anonymous_id, which left profile attributes', () => {
    const r = call(demo().handle, 'POST', '/api/profiles', {
      data: { type: 'profile', attributes: { email: 'anon@example.com', anonymous_id: 'abc' } },
    });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source.pointer).toMatch(/^\/data\/attributes/);
  });

  it('merge_profiles merges the profiles named in relationships.profiles into data.id', () => {
    const mock = demo();
    const ada = byEmail(mock, 'ada@example.com');
    const lena = byEmail(mock, 'lena@example.com');
    const r = call(mock.handle, 'POST', '/api/profile-merge', {
      data: { type: 'profile-merge', id: ada, relationships: { profiles: { data: [{ type: 'profile', id: lena }] } } },
    });
    expect(r.status).toBe(201);
    expect(r.json.data.id).toBe(ada);
    expect(call(mock.handle, 'GET', `/api/profiles/${lena}`).status).toBe(404);
  });

  const subscribe = (mock: KlaviyoMock, profile: Record<string, unknown>) =>
    call(mock.handle, 'POST', '/api/profile-subscription-bulk-create-jobs', {
      data: {
        type: 'profile-subscription-bulk-create-job',
        attributes: { profiles: { data: [{ type: 'profile', attributes: profile }] } },
      },
    });

  it('bulk subscribe needs each profile’s subscriptions', () => {
    const r = subscribe(demo(), { email: 'new@example.com' });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source.pointer).toMatch(/^\/data\/attributes\/profiles\/data\/0\/attributes/);
  });

  it('bulk subscribe sets exactly the consents each profile names', () => {
    const mock = demo();
    const r = subscribe(mock, {
      email: 'ada@example.com',
      phone_number: '+15550100000',
      subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } }, sms: { transactional: { consent: 'SUBSCRIBED' } } },
    });
    expect(r.status).toBe(202);
    const ada = byEmail(mock, 'ada@example.com');
    const subs = call(mock.handle, 'GET', `/api/profiles/${ada}?additional-fields[profile]=subscriptions`).json.data.attributes
      .subscriptions;
    expect(subs.email.marketing).toMatchObject({ consent: 'SUBSCRIBED', can_receive_email_marketing: true });
    expect(subs.sms.transactional).toMatchObject({ consent: 'SUBSCRIBED', can_receive_sms_transactional: true });
    expect(subs.sms.marketing).toMatchObject({ consent: 'NEVER_SUBSCRIBED', can_receive_sms_marketing: false });
  });

  it('bulk unsubscribe revokes the consents each profile names', () => {
    const mock = demo();
    subscribe(mock, { email: 'ben@example.com', subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } });
    const r = call(mock.handle, 'POST', '/api/profile-subscription-bulk-delete-jobs', {
      data: {
        type: 'profile-subscription-bulk-delete-job',
        attributes: {
          profiles: {
            data: [
              {
                type: 'profile',
                attributes: { email: 'ben@example.com', subscriptions: { email: { marketing: { consent: 'UNSUBSCRIBED' } } } },
              },
            ],
          },
        },
      },
    });
    expect(r.status).toBe(202);
    const ben = mock.state.get('profile', byEmail(mock, 'ben@example.com'))!;
    expect((ben.attributes['subscriptions'] as any).email.marketing).toMatchObject({
      consent: 'UNSUBSCRIBED',
      can_receive_email_marketing: false,
    });
  });

  it('push tokens: registered with their profile (202), listed, filtered by profile, deleted', () => {
    const mock = demo();
    const created = call(mock.handle, 'POST', '/api/push-tokens', {
      data: {
        type: 'push-token',
        attributes: {
          token: 'tok-123',
          platform: 'ios',
          vendor: 'apns',
          profile: { data: { type: 'profile', attributes: { email: 'push@example.com' } } },
        },
      },
    });
    expect(created.status).toBe(202);
    expect(created.raw.body).toBeUndefined();
    const profile = byEmail(mock, 'push@example.com');
    const tokens = call(mock.handle, 'GET', `/api/profiles/${profile}/push-tokens`).json.data;
    expect(tokens.map((t: any) => t.attributes)).toEqual([
      expect.objectContaining({ token: 'tok-123', platform: 'ios', enablement_status: 'AUTHORIZED', background: 'AVAILABLE' }),
    ]);
    const filtered = call(mock.handle, 'GET', `/api/push-tokens?filter=${encodeURIComponent(`equals(profile.id,"${profile}")`)}`);
    expect(filtered.json.data.map((t: any) => t.id)).toEqual([tokens[0].id]);
    expect(call(mock.handle, 'GET', `/api/push-tokens/${tokens[0].id}/profile`).json.data.id).toBe(profile);
    expect(call(mock.handle, 'DELETE', `/api/push-tokens/${tokens[0].id}`).status).toBe(204);
    expect(call(mock.handle, 'GET', `/api/push-tokens/${tokens[0].id}`).status).toBe(404);
  });

  it('a profile’s conversations, and its one conversation', () => {
    const mock = demo();
    const ada = byEmail(mock, 'ada@example.com');
    const list = call(mock.handle, 'GET', `/api/profiles/${ada}/conversations`).json.data;
    expect(list.map((c: any) => c.attributes.channel)).toEqual(['sms']);
    expect(call(mock.handle, 'GET', `/api/profiles/${ada}/conversation`).json.data.id).toBe(list[0].id);
    expect(call(mock.handle, 'GET', `/api/profiles/${ada}?include=conversations`).json.included).toEqual([
      expect.objectContaining({ type: 'conversation', id: list[0].id }),
    ]);
  });
});

describe('flows are built from encoded definitions', () => {
  const flowBody = (list: string) => ({
    data: {
      type: 'flow',
      attributes: {
        name: 'Browse abandonment',
        definition: {
          triggers: [{ type: 'list', id: list }],
          entry_action_id: 'wait',
          actions: [
            { temporary_id: 'wait', type: 'time-delay', links: { next: 'mail' }, data: { unit: 'hours', value: 2 } },
            {
              temporary_id: 'mail',
              type: 'send-email',
              links: { next: null },
              data: { message: { name: 'Come back', subject_line: 'Forgot something?' } },
            },
          ],
        },
      },
    },
  });

  it('create_flow stores actions and messages, rewriting temporary ids to stored ones', () => {
    const mock = demo();
    const created = call(
      mock.handle,
      'POST',
      '/api/flows?additional-fields[flow]=definition',
      flowBody(named(mock, 'list', 'VIP')),
    );
    expect(created.status).toBe(201);
    expect(created.json.data.attributes).toMatchObject({
      name: 'Browse abandonment',
      status: 'draft',
      trigger_type: 'Added to List',
    });
    const { actions, entry_action_id, triggers } = created.json.data.attributes.definition;
    expect(triggers).toEqual([{ type: 'list', id: named(mock, 'list', 'VIP') }]);
    expect(actions.map((a: any) => a.type)).toEqual(['time-delay', 'send-email']);
    expect(entry_action_id).toBe(actions[0].id);
    expect(actions[0].links.next).toBe(actions[1].id);
    expect(actions[1].data).toMatchObject({ status: 'draft', message: { name: 'Come back', subject_line: 'Forgot something?' } });
    const messages = call(mock.handle, 'GET', `/api/flow-actions/${actions[1].id}/flow-messages`).json.data;
    expect(messages).toHaveLength(1);
    expect(messages[0].attributes).toMatchObject({ channel: 'email', definition: { name: 'Come back' } });
    expect(actions[1].data.message.id).toBe(messages[0].id);
  });

  it('create_flow refuses links to actions the definition does not hold', () => {
    const mock = demo();
    const body = flowBody(named(mock, 'list', 'VIP'));
    body.data.attributes.definition.actions[0]!.links.next = 'nowhere';
    const r = call(mock.handle, 'POST', '/api/flows', body);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ pointer: '/data/attributes/definition/actions/0/links/next' });
  });

  it('update_flow_action changes status and message; the type stays', () => {
    const mock = demo();
    const welcome = named(mock, 'flow', 'Welcome Series');
    const action = call(mock.handle, 'GET', `/api/flows/${welcome}/flow-actions`).json.data[0];
    const patch = (definition: unknown) =>
      call(mock.handle, 'PATCH', `/api/flow-actions/${action.id}`, {
        data: { type: 'flow-action', id: action.id, attributes: { definition } },
      });
    const r = patch({ type: 'send-email', data: { status: 'manual', message: { subject_line: 'Hello again' } } });
    expect(r.status).toBe(200);
    expect(r.json.data.attributes.definition.data).toMatchObject({ status: 'manual', message: { subject_line: 'Hello again' } });
    const message = call(mock.handle, 'GET', `/api/flow-actions/${action.id}/flow-messages`).json.data[0];
    expect(message.attributes.definition.subject_line).toBe('Hello again');
    expect(patch({ type: 'send-sms', data: {} }).status).toBe(400);
  });

  it('filters a flow’s actions by action type and status inside the definition', () => {
    const mock = demo();
    const welcome = named(mock, 'flow', 'Welcome Series');
    const of = (filter: string) =>
      call(mock.handle, 'GET', `/api/flows/${welcome}/flow-actions?filter=${encodeURIComponent(filter)}`).json.data.map(
        (a: any) => a.attributes.definition.type,
      );
    expect(of('equals(action_type,"send-email")')).toEqual(['send-email', 'send-email']);
    expect(of('equals(action_type,"TIME_DELAY")')).toEqual(['time-delay']);
    expect(of('equals(status,"live")')).toEqual(['send-email', 'send-email']);
  });

  it('delete_flow_action removes the action and its message and relinks the flow around it', () => {
    const mock = demo();
    const welcome = named(mock, 'flow', 'Welcome Series');
    const [first, delay, last] = call(mock.handle, 'GET', `/api/flows/${welcome}/flow-actions`).json.data;
    expect(call(mock.handle, 'DELETE', `/api/flow-actions/${delay.id}`).status).toBe(204);
    expect(call(mock.handle, 'GET', `/api/flow-actions/${first.id}`).json.data.attributes.definition.links.next).toBe(last.id);
    const message = last.attributes.definition.data.message.id;
    call(mock.handle, 'DELETE', `/api/flow-actions/${last.id}`);
    expect(call(mock.handle, 'GET', `/api/flow-messages/${message}`).status).toBe(404);
  });
});

describe('custom and mapped metrics', () => {
  const customBody = (name: string, metricId: string) => ({
    data: {
      type: 'custom-metric',
      attributes: {
        name,
        definition: { aggregation_method: 'count', metric_groups: [{ metric_id: metricId, metric_filters: [] }] },
      },
    },
  });

  it('a custom metric is created, names its metrics, and refuses a taken name or an unknown metric', () => {
    const mock = demo();
    const opened = named(mock, 'metric', 'Opened Email');
    const created = call(mock.handle, 'POST', '/api/custom-metrics', customBody('Opens', opened));
    expect(created.status).toBe(201);
    expect(created.json.data.id).toMatch(/^[0-9a-f]{32}$/);
    const metrics = call(mock.handle, 'GET', `/api/custom-metrics/${created.json.data.id}/metrics`).json.data;
    expect(metrics.map((m: any) => m.attributes.name)).toEqual(['Opened Email']);
    const taken = call(mock.handle, 'POST', '/api/custom-metrics', customBody('Opens', opened));
    expect(taken.status).toBe(400);
    expect(taken.json.errors[0].source).toEqual({ pointer: '/data/attributes/name' });
    const unknown = call(mock.handle, 'POST', '/api/custom-metrics', customBody('Other', 'nope00'));
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].source).toEqual({ pointer: '/data/attributes/definition/metric_groups/0/metric_id' });
  });

  it('every account has the seven mapped metrics; PATCH points one at a metric', () => {
    const mock = createKlaviyoMock({ now: NOW, rateLimit: false });
    const all = call(mock.handle, 'GET', '/api/mapped-metrics').json.data.map((m: any) => m.id);
    expect(all).toEqual([
      'added_to_cart',
      'cancelled_sales',
      'ordered_product',
      'refunded_sales',
      'revenue',
      'started_checkout',
      'viewed_product',
    ]);
    const [metric] = mock.state.seed({ metrics: [{ name: 'Added to Cart' }] }).metrics;
    const r = call(mock.handle, 'PATCH', '/api/mapped-metrics/added_to_cart', {
      data: { type: 'mapped-metric', id: 'added_to_cart', relationships: { metric: { data: { type: 'metric', id: metric } } } },
    });
    expect(r.status).toBe(200);
    expect(call(mock.handle, 'GET', '/api/mapped-metrics/added_to_cart/metric').json.data.id).toBe(metric);
    mock.state.reset();
    expect(call(mock.handle, 'GET', '/api/mapped-metrics').json.data).toHaveLength(7);
  });

  it('the demo maps revenue to its custom metric', () => {
    const mock = demo();
    const r = call(mock.handle, 'GET', '/api/mapped-metrics/revenue?include=custom-metric');
    expect(r.json.included.map((x: any) => x.attributes.name)).toEqual(['Net Revenue']);
  });
});

describe('form reports', () => {
  const report = (type: string, attributes: Record<string, unknown>) => ({ data: { type, attributes } });

  it('form values count views, submissions and the submit rate per form', () => {
    const r = call(
      demo().handle,
      'POST',
      '/api/form-values-reports',
      report('form-values-report', {
        statistics: ['viewed_form', 'viewed_form_uniques', 'submits', 'submit_rate'],
        timeframe: { key: 'last_30_days' },
      }),
    );
    expect(r.status).toBe(200);
    expect(r.json.data.attributes.results).toEqual([
      { groupings: { form_id: 'UxK9aB' }, statistics: { viewed_form: 8, viewed_form_uniques: 6, submits: 3, submit_rate: 0.5 } },
    ]);
  });

  it('group by form version, which needs form_id beside it', () => {
    const mock = demo();
    const byVersion = (group_by: string[]) =>
      call(
        mock.handle,
        'POST',
        '/api/form-values-reports',
        report('form-values-report', { statistics: ['viewed_form'], timeframe: { key: 'last_30_days' }, group_by }),
      );
    expect(byVersion(['form_id', 'form_version_id']).json.data.attributes.results).toEqual([
      { groupings: { form_id: 'UxK9aB', form_version_id: '7301' }, statistics: { viewed_form: 4 } },
      { groupings: { form_id: 'UxK9aB', form_version_id: '7302' }, statistics: { viewed_form: 4 } },
    ]);
    const r = byVersion(['form_version_id']);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ pointer: '/data/attributes/group_by' });
  });

  it('form series spreads the figures over the interval', () => {
    const r = call(
      demo().handle,
      'POST',
      '/api/form-series-reports',
      report('form-series-report', { statistics: ['submits'], timeframe: { key: 'last_30_days' }, interval: 'daily' }),
    );
    const { results, date_times } = r.json.data.attributes;
    expect(results[0].statistics.submits).toHaveLength(date_times.length);
    expect(results[0].statistics.submits.reduce((a: number, b: number) => a + b, 0)).toBe(3);
  });
});

describe('sparse fieldsets', () => {
  it('fields[type] narrows data and included resources of that type', () => {
    const mock = demo();
    const r = call(
      mock.handle,
      'GET',
      '/api/events?page[size]=1&include=profile,metric&fields[event]=datetime&fields[profile]=email',
    );
    expect(Object.keys(r.json.data[0].attributes)).toEqual(['datetime']);
    const profile = r.json.included.find((x: any) => x.type === 'profile');
    const metric = r.json.included.find((x: any) => x.type === 'metric');
    expect(profile.attributes).toEqual({ email: expect.any(String) });
    expect(Object.keys(metric.attributes).sort()).toEqual(['created', 'integration', 'name', 'updated']);
  });

  it('fields[type] also narrows additional fields asked for', () => {
    const mock = demo();
    const id = mock.state.all('list')[0]!.id;
    const r = call(mock.handle, 'GET', `/api/lists/${id}?additional-fields[list]=profile_count&fields[list]=profile_count`);
    expect(r.json.data.attributes).toEqual({ profile_count: 10 });
  });
});
