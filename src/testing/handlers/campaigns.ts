/**
 * Campaign endpoints: CRUD, clone, messages and template assignment, send jobs (which advance on reads and
 * mark the campaign Sent when complete), cancellation, and recipient estimation.
 */
import type { Handler, HandlerContext } from '../context.js';
import { ApiError, invalidBody } from '../errors.js';
import { RELATIONS, segmentMembers } from '../relations.js';
import { singleDocument, toResource } from '../serialize.js';
import type { StoredRecord } from '../state.js';
import { find, getOne, getRelated, getRelationship, listAll } from './generic.js';
import { advanceJob } from './job-progress.js';

const CAMPAIGN_INCLUDES = ['campaign-messages', 'tags'];
const CHANNELS = ['email', 'sms', 'mobile_push'];

/** Stores a campaign message from request attributes. */
export function createMessage(
  ctx: { state: HandlerContext['state'] },
  campaign: StoredRecord,
  attrs: Record<string, any>,
  init: { id?: string } = {},
): StoredRecord {
  const now = ctx.state.timestamp();
  const channel = attrs['channel'] ?? campaign.extra['channel'] ?? 'email';
  const content =
    attrs['content'] ??
    (channel === 'sms'
      ? { body: '', media_url: null }
      : { subject: '', preview_text: '', from_email: 'store@example.com', from_label: 'Store' });
  return ctx.state.insert(
    'campaign-message',
    {
      label: attrs['label'] ?? campaign.attributes['name'],
      channel,
      content,
      send_times: [],
      render_options: attrs['render_options'] ?? {
        shorten_links: true,
        add_org_prefix: true,
        add_info_link: true,
        add_opt_out_language: false,
      },
      created_at: now,
      updated_at: now,
    },
    {
      ...(init.id ? { id: init.id } : {}),
      rel: { campaign: [campaign.id], ...(attrs['template_id'] ? { template: [attrs['template_id']] } : {}) },
    },
  );
}

/** Stores a campaign (status Draft) with its messages. */
export function createCampaign(
  ctx: { state: HandlerContext['state'] },
  attrs: Record<string, any>,
  messages: Array<Record<string, any>>,
  init: { id?: string } = {},
): StoredRecord {
  const now = ctx.state.timestamp();
  const channel = messages[0]?.['channel'] ?? 'email';
  const campaign = ctx.state.insert(
    'campaign',
    {
      name: attrs['name'],
      status: attrs['status'] ?? 'Draft',
      archived: false,
      audiences: { included: attrs['audiences']?.included ?? [], excluded: attrs['audiences']?.excluded ?? [] },
      send_options: attrs['send_options'] ?? { use_smart_sending: true },
      tracking_options:
        attrs['tracking_options'] ??
        (channel === 'email'
          ? { add_tracking_params: false, custom_tracking_params: null, is_tracking_clicks: true, is_tracking_opens: true }
          : { add_tracking_params: false, custom_tracking_params: null }),
      send_strategy: attrs['send_strategy'] ?? {
        method: 'immediate',
        options_static: null,
        options_throttled: null,
        options_sto: null,
      },
      created_at: attrs['created_at'] ?? now,
      scheduled_at: attrs['scheduled_at'] ?? null,
      updated_at: attrs['created_at'] ?? now,
      send_time: attrs['send_time'] ?? null,
    },
    { ...(init.id ? { id: init.id } : {}), rel: { tags: attrs['tags'] ?? [] }, extra: { channel } },
  );
  for (const message of messages) createMessage(ctx, campaign, message, message['id'] ? { id: message['id'] } : {});
  return campaign;
}

/** A campaign answer with its messages' pointers filled, as Klaviyo returns after a create. */
function campaignDocument(ctx: HandlerContext, campaign: StoredRecord, status: number) {
  return { status, body: { data: toResource(ctx, campaign, { include: CAMPAIGN_INCLUDES }), links: { self: ctx.url.href } } };
}

/** Audience ids must name stored lists or segments. */
function checkAudiences(ctx: HandlerContext, audiences: any): void {
  for (const key of ['included', 'excluded'] as const) {
    (audiences?.[key] ?? []).forEach((id: string, i: number) => {
      if (!ctx.state.get('list', id) && !ctx.state.get('segment', id))
        throw invalidBody(`/data/attributes/audiences/${key}/${i}`, `No list or segment with id ${id}.`);
    });
  }
}

/** Profiles a campaign would reach: members of included lists/segments minus excluded ones. */
function audienceProfiles(ctx: HandlerContext, campaign: StoredRecord): Set<string> {
  const members = (id: string) => {
    const list = ctx.state.get('list', id);
    if (list) return [...(ctx.state.listMembers.get(id)?.keys() ?? [])];
    const segment = ctx.state.get('segment', id);
    return segment ? [...segmentMembers(ctx.state, segment).keys()] : [];
  };
  const audiences = campaign.attributes['audiences'] as { included?: string[]; excluded?: string[] };
  const out = new Set((audiences.included ?? []).flatMap(members));
  for (const id of (audiences.excluded ?? []).flatMap(members)) out.delete(id);
  return out;
}

export const campaignHandlers = {
  get_campaigns: listAll('campaign'),
  get_campaign: getOne('campaign'),
  get_messages_for_campaign: getRelated('campaign', 'campaign-messages'),
  get_message_ids_for_campaign: getRelationship('campaign', 'campaign-messages'),
  get_tags_for_campaign: getRelated('campaign', 'tags'),
  get_tag_ids_for_campaign: getRelationship('campaign', 'tags'),
  get_campaign_message: getOne('campaign-message'),
  get_campaign_for_campaign_message: getRelated('campaign-message', 'campaign'),
  get_campaign_id_for_campaign_message: getRelationship('campaign-message', 'campaign'),
  get_template_for_campaign_message: getRelated('campaign-message', 'template'),
  get_template_id_for_campaign_message: getRelationship('campaign-message', 'template'),

  create_campaign: (ctx) => {
    const attrs = ctx.body.data.attributes;
    checkAudiences(ctx, attrs.audiences);
    const messages: any[] = attrs['campaign-messages']?.data ?? [];
    if (!Array.isArray(messages) || messages.length === 0)
      throw invalidBody('/data/attributes/campaign-messages/data', 'A campaign needs one message.');
    messages.forEach((m, i) => {
      if (!CHANNELS.includes(m?.attributes?.channel))
        throw invalidBody(
          `/data/attributes/campaign-messages/data/${i}/attributes/channel`,
          "'channel' must be email, sms or mobile_push.",
        );
    });
    return campaignDocument(
      ctx,
      createCampaign(
        ctx,
        attrs,
        messages.map((m) => m.attributes),
      ),
      201,
    );
  },

  update_campaign: (ctx) => {
    const campaign = find(ctx, 'campaign');
    const attrs = ctx.body.data.attributes ?? {};
    if (attrs.audiences) checkAudiences(ctx, attrs.audiences);
    for (const key of ['name', 'audiences', 'send_options', 'tracking_options', 'send_strategy'])
      if (key in attrs) campaign.attributes[key] = attrs[key];
    campaign.attributes['updated_at'] = ctx.state.timestamp();
    return campaignDocument(ctx, campaign, 200);
  },

  delete_campaign: (ctx) => {
    const campaign = find(ctx, 'campaign');
    for (const id of RELATIONS['campaign']!['campaign-messages']!.ids(ctx.state, campaign))
      ctx.state.remove('campaign-message', id);
    ctx.state.remove('campaign', campaign.id);
    return { status: 204 };
  },

  create_campaign_clone: (ctx) => {
    const data = ctx.body.data;
    const source = ctx.state.get('campaign', String(data.id));
    if (!source) throw invalidBody('/data/id', `A campaign with id ${String(data.id)} does not exist.`);
    const messages = ctx.state.all('campaign-message').filter((m) => m.rel['campaign']?.[0] === source.id);
    const clone = createCampaign(
      ctx,
      {
        ...structuredClone(source.attributes),
        name: data.attributes?.new_name ?? `${String(source.attributes['name'])} (Clone)`,
        status: 'Draft',
        scheduled_at: null,
        send_time: null,
        created_at: undefined,
      },
      messages.map((m) => ({ ...structuredClone(m.attributes), template_id: m.rel['template']?.[0] })),
    );
    return campaignDocument(ctx, clone, 201);
  },

  update_campaign_message: (ctx) => {
    const message = find(ctx, 'campaign-message');
    const attrs = ctx.body.data.attributes ?? {};
    for (const key of ['label', 'content', 'render_options'])
      if (key in attrs)
        message.attributes[key] =
          key === 'content' ? { ...(message.attributes['content'] as object), ...attrs[key] } : attrs[key];
    message.attributes['updated_at'] = ctx.state.timestamp();
    return { status: 200, body: singleDocument(ctx, message) };
  },

  assign_template_to_campaign_message: (ctx) => {
    const data = ctx.body.data;
    const message = ctx.state.get('campaign-message', String(data.id));
    if (!message) throw invalidBody('/data/id', `A campaign message with id ${String(data.id)} does not exist.`);
    const templateId = data.relationships?.template?.data?.id;
    if (typeof templateId !== 'string' || !ctx.state.get('template', templateId))
      throw invalidBody('/data/relationships/template/data/id', `A template with id ${String(templateId)} does not exist.`);
    message.rel['template'] = [templateId];
    message.attributes['updated_at'] = ctx.state.timestamp();
    return {
      status: 201,
      body: { data: toResource(ctx, message, { include: ['campaign', 'template'] }), links: { self: ctx.url.href } },
    };
  },

  // The send job's id is the campaign's id, as in Klaviyo.
  send_campaign: (ctx) => {
    const campaign = ctx.state.get('campaign', String(ctx.body.data.id));
    if (!campaign) throw invalidBody('/data/id', `A campaign with id ${String(ctx.body.data.id)} does not exist.`);
    const existing = ctx.state.get('campaign-send-job', campaign.id);
    if (existing && existing.attributes['status'] !== 'cancelled')
      throw new ApiError(400, 'This campaign has already been sent or is being sent.', { source: { pointer: '/data/id' } });
    ctx.state.remove('campaign-send-job', campaign.id);
    campaign.attributes['status'] = 'Sending';
    const job = ctx.state.insert(
      'campaign-send-job',
      { status: 'queued' },
      {
        id: campaign.id,
        extra: {
          onComplete: () => {
            campaign.attributes['status'] = 'Sent';
            campaign.attributes['send_time'] = ctx.state.timestamp();
          },
        },
      },
    );
    return { status: 202, body: { data: toResource(ctx, job), links: { self: ctx.url.href } } };
  },

  get_campaign_send_job: (ctx) => {
    const job = find(ctx, 'campaign-send-job');
    advanceJob(ctx.state, job);
    return { status: 200, body: singleDocument(ctx, job) };
  },

  cancel_campaign_send: (ctx) => {
    const job = find(ctx, 'campaign-send-job');
    const action = ctx.body.data.attributes.action;
    if (action !== 'cancel' && action !== 'revert')
      throw invalidBody('/data/attributes/action', "'action' must be 'cancel' or 'revert'.");
    if (job.attributes['status'] === 'complete')
      throw new ApiError(400, 'The campaign has already been sent.', { source: { pointer: '/data/id' } });
    job.attributes['status'] = 'cancelled';
    const campaign = ctx.state.get('campaign', job.id);
    if (campaign) campaign.attributes['status'] = action === 'cancel' ? 'Cancelled' : 'Draft';
    return { status: 204 };
  },

  refresh_campaign_recipient_estimation: (ctx) => {
    const campaign = ctx.state.get('campaign', String(ctx.body.data.id));
    if (!campaign) throw invalidBody('/data/id', `A campaign with id ${String(ctx.body.data.id)} does not exist.`);
    ctx.state.remove('campaign-recipient-estimation-job', campaign.id);
    const job = ctx.state.insert('campaign-recipient-estimation-job', { status: 'queued' }, { id: campaign.id });
    return { status: 202, body: { data: toResource(ctx, job), links: { self: ctx.url.href } } };
  },

  get_campaign_recipient_estimation_job: (ctx) => {
    const job = find(ctx, 'campaign-recipient-estimation-job');
    advanceJob(ctx.state, job);
    return { status: 200, body: singleDocument(ctx, job) };
  },

  // Estimations are computed on read from the campaign's audiences.
  get_campaign_recipient_estimation: (ctx) => {
    const campaign = find(ctx, 'campaign');
    const estimate: StoredRecord = {
      type: 'campaign-recipient-estimation',
      id: campaign.id,
      attributes: { estimated_recipient_count: audienceProfiles(ctx, campaign).size },
      rel: {},
      extra: {},
    };
    return { status: 200, body: singleDocument(ctx, estimate) };
  },
} satisfies Record<string, Handler>;
