/**
 * Campaign endpoints Klaviyo gives behaviour beyond their shape: create (with messages), update, delete,
 * clone, message edits and template assignment, send jobs (which mark the campaign Sent when complete; job reads
 * are generic and advance them), cancellation, and recipient estimation. Reads and relationship routes are generic.
 *
 * Since 2026-07-15 a campaign message keeps its channel, label and content inside `definition`
 * (https://developers.klaviyo.com/en/reference/create_campaign).
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler, HandlerContext } from '../context.js';
import { ApiError, invalidBody } from '../errors.js';
import { RELATIONS, segmentMembers } from '../relations.js';
import { pickFields, singleDocument, toResource } from '../serialize.js';
import type { StoredRecord } from '../state.js';
import { find } from './generic.js';
import { applyRelationships, stamp } from './records.js';

const CHANNELS = ['email', 'sms', 'mobile_push'];
const CAMPAIGN_INCLUDES = ['campaign-messages', 'tags'];

/** A campaign message's `definition`, as Klaviyo fills it for a channel when the request leaves parts out. */
export function messageDefinition(channel: string, given: Record<string, any> = {}, label?: string): Record<string, unknown> {
  const content: Record<string, unknown> =
    channel === 'sms'
      ? { body: '', media_url: null }
      : channel === 'mobile_push'
        ? { title: null, body: '', dynamic_image: null, action_buttons: null }
        : {
            subject: '',
            preview_text: '',
            from_email: 'store@example.com',
            from_label: 'Store',
            reply_to_email: null,
            cc_email: null,
            bcc_email: null,
          };
  const definition: Record<string, unknown> = { channel, content: { ...content, ...given['content'] } };
  if (channel === 'email') definition['label'] = given['label'] ?? label ?? null;
  if (channel === 'sms')
    definition['render_options'] = {
      shorten_links: true,
      add_org_prefix: true,
      add_info_link: true,
      add_opt_out_language: false,
      ...given['render_options'],
    };
  if (channel === 'mobile_push') {
    definition['notification_type'] = 'standard';
    definition['kv_pairs'] = given['kv_pairs'] ?? null;
    definition['options'] = given['options'] ?? null;
  }
  return definition;
}

/** What a stored message is made from. */
export interface MessageInput {
  id?: string;
  definition: Record<string, any>;
  template?: string;
  image?: string;
}

/** Stores a campaign message. */
export function createMessage(
  ctx: { state: HandlerContext['state'] },
  campaign: StoredRecord,
  input: MessageInput,
): StoredRecord {
  const attributes: Record<string, unknown> = {
    definition: messageDefinition(
      input.definition['channel'] ?? campaign.extra['channel'] ?? 'email',
      input.definition,
      String(campaign.attributes['name']),
    ),
    send_times: [],
  };
  stamp(ctx, 'campaign-message', attributes, 'created');
  return ctx.state.insert('campaign-message', attributes, {
    ...(input.id ? { id: input.id } : {}),
    rel: {
      campaign: [campaign.id],
      ...(input.template ? { template: [input.template] } : {}),
      ...(input.image ? { image: [input.image] } : {}),
    },
  });
}

/** Tracking options Klaviyo sets on a new campaign of a channel. */
function defaultTracking(channel: string): Record<string, unknown> {
  return channel === 'email'
    ? { add_tracking_params: false, custom_tracking_params: null, is_tracking_clicks: true, is_tracking_opens: true }
    : { add_tracking_params: false, custom_tracking_params: null };
}

/** Stores a campaign (status Draft unless given) with its messages; every message shares the first one's channel. */
export function createCampaign(
  ctx: { state: HandlerContext['state'] },
  attrs: Record<string, any>,
  messages: MessageInput[],
  init: { id?: string } = {},
): StoredRecord {
  const now = ctx.state.timestamp();
  const channel = messages[0]?.definition['channel'] ?? 'email';
  const campaign = ctx.state.insert(
    'campaign',
    {
      name: attrs['name'],
      status: attrs['status'] ?? 'Draft',
      archived: false,
      audiences: { included: attrs['audiences']?.included ?? [], excluded: attrs['audiences']?.excluded ?? [] },
      send_options: attrs['send_options'] ?? { use_smart_sending: true },
      tracking_options: attrs['tracking_options'] ?? defaultTracking(channel),
      send_strategy: attrs['send_strategy'] ?? { method: 'immediate' },
      created_at: attrs['created_at'] ?? now,
      scheduled_at: attrs['scheduled_at'] ?? null,
      updated_at: attrs['created_at'] ?? now,
      send_time: attrs['send_time'] ?? null,
    },
    { ...(init.id ? { id: init.id } : {}), rel: { tags: attrs['tags'] ?? [] }, extra: { channel } },
  );
  for (const message of messages) createMessage(ctx, campaign, message);
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

/** The campaign a job body names by `data.id`, or a 400 pointing at it. */
function campaignOf(ctx: HandlerContext): StoredRecord {
  const campaign = ctx.state.get('campaign', String(ctx.body.data.id));
  if (!campaign) throw invalidBody('/data/id', `A campaign with id ${String(ctx.body.data.id)} does not exist.`);
  return campaign;
}

/** The hand-written campaign handlers, by operation id. */
export const campaignHandlers = {
  create_campaign: (ctx) => {
    const attrs = ctx.body.data.attributes;
    checkAudiences(ctx, attrs.audiences);
    const messages: any[] = attrs['campaign-messages']?.data ?? [];
    if (!Array.isArray(messages) || messages.length === 0)
      throw invalidBody('/data/attributes/campaign-messages/data', 'A campaign needs one message.');
    const base = '/data/attributes/campaign-messages/data';
    messages.forEach((m, i) => {
      const channel = m?.attributes?.definition?.channel;
      if (!CHANNELS.includes(channel))
        throw invalidBody(`${base}/${i}/attributes/definition/channel`, "'channel' must be email, sms or mobile_push.");
      if (channel !== messages[0].attributes.definition.channel)
        throw invalidBody(`${base}/${i}/attributes/definition/channel`, "A campaign's messages share one channel.");
      const image = m.relationships?.image?.data;
      if (image && !ctx.state.get('image', String(image.id)))
        throw invalidBody(`${base}/${i}/relationships/image/data/id`, `An image with id ${String(image.id)} does not exist.`);
    });
    const campaign = createCampaign(
      ctx,
      attrs,
      messages.map((m) => ({
        definition: m.attributes.definition,
        ...(m.relationships?.image?.data ? { image: String(m.relationships.image.data.id) } : {}),
      })),
    );
    return campaignDocument(ctx, campaign, 201);
  },

  update_campaign: (ctx) => {
    const campaign = find(ctx, 'campaign');
    const attrs = ctx.body.data.attributes ?? {};
    if (attrs.audiences) checkAudiences(ctx, attrs.audiences);
    for (const key of ['name', 'audiences', 'send_options', 'tracking_options', 'send_strategy'])
      if (key in attrs) campaign.attributes[key] = attrs[key];
    stamp(ctx, 'campaign', campaign.attributes, 'updated');
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
    const source = campaignOf(ctx);
    const messages = ctx.state.all('campaign-message').filter((m) => m.rel['campaign']?.[0] === source.id);
    const clone = createCampaign(
      ctx,
      {
        ...structuredClone(source.attributes),
        name: ctx.body.data.attributes?.new_name ?? `${String(source.attributes['name'])} (Clone)`,
        status: 'Draft',
        scheduled_at: null,
        send_time: null,
        created_at: undefined,
        tags: RELATIONS['campaign']!['tags']!.ids(ctx.state, source),
      },
      messages.map((m) => ({
        definition: structuredClone(m.attributes['definition']) as Record<string, any>,
        ...(m.rel['template']?.[0] ? { template: m.rel['template'][0] } : {}),
        ...(m.rel['image']?.[0] ? { image: m.rel['image'][0] } : {}),
      })),
    );
    return campaignDocument(ctx, clone, 201);
  },

  // The definition is merged into the stored one (content key by key); its channel cannot change.
  update_campaign_message: (ctx) => {
    const message = find(ctx, 'campaign-message');
    const given = ctx.body.data.attributes?.definition;
    const stored = message.attributes['definition'] as Record<string, any>;
    if (given) {
      if (given.channel !== stored['channel'])
        throw invalidBody('/data/attributes/definition/channel', `The message's channel is ${String(stored['channel'])}.`);
      const merged = { ...stored, ...given, content: { ...stored['content'], ...given.content } };
      message.attributes['definition'] = messageDefinition(stored['channel'], merged);
    }
    applyRelationships(ctx, message, ctx.body.data.relationships);
    stamp(ctx, 'campaign-message', message.attributes, 'updated');
    return { status: 200, body: singleDocument(ctx, message) };
  },

  // 2026-07-15: `POST /api/campaign-message-assign-template` names the message by `data.id` and the template
  // by `data.relationships.template`. It answers 200 with the message in the flat shape the spec still gives
  // this one answer (PostCampaignMessageResponse: `label`, `channel`, `content` beside `send_times`), not in
  // the `definition` shape of every other campaign-message answer.
  assign_template_to_campaign_message: (ctx) => {
    const data = ctx.body.data;
    const message = ctx.state.get('campaign-message', String(data.id));
    if (!message) throw invalidBody('/data/id', `A campaign message with id ${String(data.id)} does not exist.`);
    applyRelationships(ctx, message, { template: data.relationships?.template });
    stamp(ctx, 'campaign-message', message.attributes, 'updated');
    const definition = message.attributes['definition'] as Record<string, any>;
    const campaign = ctx.state.get('campaign', message.rel['campaign']?.[0] ?? '');
    // The spec's answer has no `image` relationship; toResource leaves it out for this operation (OMITTED).
    const resource = toResource(ctx, message, { include: ['campaign', 'template'] });
    const attributes = {
      label: definition['label'] ?? String(campaign?.attributes['name'] ?? ''),
      channel: definition['channel'],
      content: definition['content'],
      send_times: message.attributes['send_times'],
      render_options: definition['render_options'] ?? null,
      created_at: message.attributes['created_at'],
      updated_at: message.attributes['updated_at'],
    };
    const fields = ctx.query.fields['campaign-message'];
    return {
      status: 200,
      body: {
        data: { ...resource, attributes: fields ? pickFields(attributes, fields) : attributes },
        links: { self: ctx.url.href },
      },
    };
  },

  // The send job's id is the campaign's id, as in Klaviyo.
  send_campaign: (ctx) => {
    const campaign = campaignOf(ctx);
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
    const campaign = campaignOf(ctx);
    ctx.state.remove('campaign-recipient-estimation-job', campaign.id);
    const job = ctx.state.insert('campaign-recipient-estimation-job', { status: 'queued' }, { id: campaign.id });
    return { status: 202, body: { data: toResource(ctx, job), links: { self: ctx.url.href } } };
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
} satisfies Partial<Record<OperationId, Handler>>;
