/**
 * Fixtures: `state.seed({...})` or the `seed` option. Give only what a test cares about; ids are generated
 * when omitted, and references may name a profile by id or email, a list/segment/metric by id or name.
 * Types without a key of their own are seeded as `records` (any type the spec names).
 */
import { createCampaign } from './handlers/campaigns.js';
import { metricByName, recordEvent } from './handlers/event-store.js';
import { MESSAGE_CHANNELS, storeFlow } from './handlers/flow-store.js';
import { DEFAULT_TAG_GROUP_ID } from './account.js';
import { addToList, createProfile } from './handlers/profile-store.js';
import { insertRecord } from './handlers/records.js';
import { RELATIONS } from './relations.js';
import { isoSeconds, type MockState, type StoredRecord } from './state.js';

/** A profile fixture: wire attributes plus an optional id and creation time. */
export interface ProfileSeed {
  id?: string;
  email?: string;
  phone_number?: string;
  external_id?: string;
  first_name?: string;
  last_name?: string;
  properties?: Record<string, unknown>;
  location?: Record<string, unknown>;
  created?: string;
  [attribute: string]: unknown;
}

/** A list fixture; `profiles` are profile ids or emails (joined at `joined_at` or the list's creation). */
export interface ListSeed {
  id?: string;
  name: string;
  profiles?: string[];
  tags?: string[];
  created?: string;
  joined_at?: string;
}

/** A segment fixture: seeded members, or a definition (list membership conditions are evaluated). */
export interface SegmentSeed {
  id?: string;
  name: string;
  profiles?: string[];
  definition?: unknown;
  is_active?: boolean;
  is_starred?: boolean;
  tags?: string[];
  created?: string;
  joined_at?: string;
}

/** A metric fixture. */
export interface MetricSeed {
  id?: string;
  name: string;
  integration?: Record<string, unknown>;
}

/** An event fixture; `metric` is a metric id or name (created if new), `profile` a profile id or email. */
export interface EventSeed {
  id?: string;
  metric: string;
  profile: string;
  /** ISO datetime. Default: the mock's now. */
  time?: string;
  value?: number;
  properties?: Record<string, unknown>;
  unique_id?: string;
}

/**
 * A campaign fixture with one message per entry of `messages` (default one on `channel`). A message's
 * `label` and `content` go into its `definition` (email content: subject, preview_text, from_email, ...;
 * SMS: body, media_url); `template` and `image` name a template or image by id or name.
 */
export interface CampaignSeed {
  id?: string;
  name: string;
  channel?: 'email' | 'sms' | 'mobile_push';
  status?: string;
  audiences?: { included?: string[]; excluded?: string[] };
  send_time?: string;
  created_at?: string;
  tags?: string[];
  messages?: Array<{ id?: string; label?: string; content?: Record<string, unknown>; template?: string; image?: string }>;
}

/**
 * One action of a flow fixture, in order (each leads to the next). `type` is the encoded action type
 * (`send-email`, `send-sms`, `time-delay`, ...; default `send-email`); a sending action's `message` becomes
 * its flow message (`name`, `subject` for email, `body` for SMS, `template` by id or name); `data` is merged
 * into the action's definition data as given (e.g. `{ unit: 'days', value: 1 }` for a time delay).
 */
export interface FlowActionSeed {
  id?: string;
  type?: string;
  status?: string;
  message?: { id?: string; name?: string; subject?: string; body?: string; template?: string };
  data?: Record<string, unknown>;
}

/** A flow fixture; `trigger` links it to a list, segment or metric (by id or name). */
export interface FlowSeed {
  id?: string;
  name: string;
  status?: 'draft' | 'manual' | 'live';
  trigger?: { list?: string; segment?: string; metric?: string };
  tags?: string[];
  created?: string;
  /** Default: one `send-email` action. */
  actions?: FlowActionSeed[];
}

/** An image fixture (campaign messages may point at it). */
export interface ImageSeed {
  id?: string;
  name: string;
  image_url?: string;
  format?: string;
  size?: number;
  hidden?: boolean;
}

/** A push token fixture; `profile` is a profile id or email. */
export interface PushTokenSeed {
  id?: string;
  profile: string;
  token: string;
  platform?: 'ios' | 'android';
  vendor?: 'apns' | 'fcm';
  enablement_status?: string;
}

/** A conversation fixture (a profile's SMS or WhatsApp thread); `profile` is a profile id or email. */
export interface ConversationSeed {
  id?: string;
  profile: string;
  channel?: 'sms' | 'whatsapp' | 'instagram';
}

/** A custom metric fixture: the named metrics' events counted (`value` sums `$value`). */
export interface CustomMetricSeed {
  id?: string;
  name: string;
  /** Metric ids or names. */
  metrics: string[];
  aggregation_method?: 'count' | 'value';
}

/**
 * Points one of the account's fixed mapped metrics (`revenue`, `started_checkout`, ...) at a metric or a
 * custom metric, by id or name.
 */
export interface MappedMetricSeed {
  id: string;
  metric?: string;
  custom_metric?: string;
}

/**
 * A record of any type the spec names (catalog items, coupons, forms, reviews, webhooks, ...): its attributes as
 * the API shows them, and its relationships as related ids by relationship name. Attributes a create would fill
 * in are filled in, and types whose ids Klaviyo makes from attributes get them (`$custom:::$default:::SHIRT`
 * for a catalog item with `external_id: 'SHIRT'`), unless `id` is given.
 */
export interface RecordSeed {
  type: string;
  id?: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, string | string[]>;
}

/** Everything a fixture may hold. */
export interface SeedData {
  profiles?: ProfileSeed[];
  tags?: Array<{ id?: string; name: string }>;
  templates?: Array<{ id?: string; name: string; html?: string; text?: string }>;
  images?: ImageSeed[];
  lists?: ListSeed[];
  segments?: SegmentSeed[];
  metrics?: MetricSeed[];
  customMetrics?: CustomMetricSeed[];
  mappedMetrics?: MappedMetricSeed[];
  campaigns?: CampaignSeed[];
  flows?: FlowSeed[];
  events?: EventSeed[];
  pushTokens?: PushTokenSeed[];
  conversations?: ConversationSeed[];
  /** Records of the other types, stored in order (so a record may point at one given before it). */
  records?: RecordSeed[];
}

/** Ids of what a seed created, by kind, in the order given. */
export interface SeedResult {
  profiles: string[];
  tags: string[];
  templates: string[];
  images: string[];
  lists: string[];
  segments: string[];
  metrics: string[];
  customMetrics: string[];
  campaigns: string[];
  campaignMessages: string[];
  flows: string[];
  flowActions: string[];
  flowMessages: string[];
  events: string[];
  pushTokens: string[];
  conversations: string[];
  records: string[];
}

/** Loads `data` into `state`. */
export function applySeed(state: MockState, input: SeedData): SeedResult {
  const data = normaliseTimes(input);
  const result: SeedResult = {
    profiles: [],
    tags: [],
    templates: [],
    images: [],
    lists: [],
    segments: [],
    metrics: [],
    customMetrics: [],
    campaigns: [],
    campaignMessages: [],
    flows: [],
    flowActions: [],
    flowMessages: [],
    events: [],
    pushTokens: [],
    conversations: [],
    records: [],
  };
  const now = state.timestamp();
  const profileRef = (ref: string) =>
    state.get('profile', ref) ?? state.all('profile').find((p) => p.attributes['email'] === ref) ?? fail('profile', ref);
  const byIdOrName = (type: string, ref: string) =>
    state.get(type, ref) ?? state.all(type).find((r) => r.attributes['name'] === ref) ?? fail(type, ref);
  const tagIds = (refs?: string[]) => (refs ?? []).map((ref) => byIdOrName('tag', ref).id);

  for (const p of data.profiles ?? []) {
    const { id, created, ...attrs } = p;
    result.profiles.push(createProfile(state, attrs, { ...(id ? { id } : {}), ...(created ? { created } : {}) }).id);
  }
  const tagGroup = { 'tag-group': [DEFAULT_TAG_GROUP_ID] };
  for (const t of data.tags ?? [])
    result.tags.push(state.insert('tag', { name: t.name }, { ...(t.id ? { id: t.id } : {}), rel: tagGroup }).id);
  for (const t of data.templates ?? []) {
    const attributes = {
      name: t.name,
      editor_type: 'CODE',
      html: t.html ?? `<html><body>${t.name}</body></html>`,
      text: t.text ?? null,
      created: now,
      updated: now,
    };
    result.templates.push(state.insert('template', attributes, t.id ? { id: t.id } : {}).id);
  }
  for (const i of data.images ?? []) {
    const format = i.format ?? 'png';
    const attributes = {
      name: i.name,
      image_url: i.image_url ?? `https://images.example.com/${encodeURIComponent(i.name)}.${format}`,
      format,
      size: i.size ?? 1024,
      hidden: i.hidden ?? false,
      updated_at: now,
    };
    result.images.push(state.insert('image', attributes, i.id ? { id: i.id } : {}).id);
  }
  for (const l of data.lists ?? []) {
    const created = l.created ?? now;
    const list = state.insert(
      'list',
      { name: l.name, created, updated: created, opt_in_process: 'single_opt_in' },
      { ...(l.id ? { id: l.id } : {}), rel: { tags: tagIds(l.tags) } },
    );
    state.listMembers.set(list.id, new Map());
    for (const ref of l.profiles ?? []) addToList(state, list.id, profileRef(ref).id, l.joined_at ?? created);
    result.lists.push(list.id);
  }
  for (const s of data.segments ?? []) {
    const created = s.created ?? now;
    const segment = state.insert(
      'segment',
      {
        name: s.name,
        definition: s.definition ?? { condition_groups: [] },
        created,
        updated: created,
        is_active: s.is_active ?? true,
        is_processing: false,
        is_starred: s.is_starred ?? false,
      },
      { ...(s.id ? { id: s.id } : {}), rel: { tags: tagIds(s.tags) } },
    );
    if (s.profiles)
      state.segmentMembers.set(segment.id, new Map(s.profiles.map((ref) => [profileRef(ref).id, s.joined_at ?? created])));
    result.segments.push(segment.id);
  }
  for (const m of data.metrics ?? []) {
    const metric = m.id ? state.get('metric', m.id) : undefined;
    if (metric) result.metrics.push(metric.id);
    else if (m.id)
      result.metrics.push(
        state.insert(
          'metric',
          {
            name: m.name,
            created: now,
            updated: now,
            integration: m.integration ?? { object: 'integration', id: '0rG4eQ', key: 'api', name: 'API', category: 'API' },
          },
          { id: m.id },
        ).id,
      );
    else result.metrics.push(metricByName(state, m.name, m.integration).id);
  }
  for (const m of data.customMetrics ?? []) {
    const attributes = {
      name: m.name,
      definition: {
        aggregation_method: m.aggregation_method ?? 'value',
        metric_groups: m.metrics.map((ref) => ({
          metric_id: (state.get('metric', ref) ?? metricByName(state, ref)).id,
          metric_filters: [],
          value_property: '$value',
        })),
      },
      created: now,
      updated: now,
    };
    result.customMetrics.push(state.insert('custom-metric', attributes, m.id ? { id: m.id } : {}).id);
  }
  for (const m of data.mappedMetrics ?? []) {
    const mapping = state.get('mapped-metric', m.id) ?? fail('mapped metric', m.id);
    mapping.rel['metric'] = m.metric ? [(state.get('metric', m.metric) ?? metricByName(state, m.metric)).id] : [];
    mapping.rel['custom-metric'] = m.custom_metric ? [byIdOrName('custom-metric', m.custom_metric).id] : [];
    mapping.attributes['updated'] = now;
  }
  for (const c of data.campaigns ?? []) {
    const channel = c.channel ?? 'email';
    const messages = (c.messages ?? [{}]).map((m) => ({
      ...(m.id ? { id: m.id } : {}),
      definition: { channel, label: m.label ?? c.name, ...(m.content ? { content: m.content } : {}) },
      ...(m.template ? { template: byIdOrName('template', m.template).id } : {}),
      ...(m.image ? { image: byIdOrName('image', m.image).id } : {}),
    }));
    const audiences = {
      included: (c.audiences?.included ?? []).map((r) => audienceRef(state, r)),
      excluded: (c.audiences?.excluded ?? []).map((r) => audienceRef(state, r)),
    };
    const campaign = createCampaign(
      { state },
      {
        name: c.name,
        status: c.status ?? 'Draft',
        audiences,
        send_time: c.send_time ?? null,
        created_at: c.created_at ?? now,
        tags: tagIds(c.tags),
      },
      messages,
      c.id ? { id: c.id } : {},
    );
    result.campaigns.push(campaign.id);
    result.campaignMessages.push(
      ...state
        .all('campaign-message')
        .filter((m) => m.rel['campaign']?.[0] === campaign.id)
        .map((m) => m.id),
    );
  }
  for (const f of data.flows ?? []) seedFlow(state, f, result, now, byIdOrName, tagIds);
  for (const e of data.events ?? []) {
    const metric = state.get('metric', e.metric) ?? metricByName(state, e.metric);
    const event = recordEvent(state, {
      metric,
      profile: profileRef(e.profile),
      properties: e.properties ?? {},
      time: e.time ? Date.parse(e.time) : state.now().getTime(),
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.unique_id ? { uniqueId: e.unique_id } : {}),
      ...(e.id ? { id: e.id } : {}),
    });
    result.events.push(event.id);
  }
  for (const t of data.pushTokens ?? []) {
    const platform = t.platform ?? 'ios';
    const attributes = {
      created: now,
      token: t.token,
      enablement_status: t.enablement_status ?? 'AUTHORIZED',
      platform,
      vendor: t.vendor ?? (platform === 'ios' ? 'apns' : 'fcm'),
      background: 'AVAILABLE',
      recorded_date: now,
      metadata: null,
    };
    const rel = { profile: [profileRef(t.profile).id] };
    result.pushTokens.push(state.insert('push-token', attributes, { ...(t.id ? { id: t.id } : {}), rel }).id);
  }
  for (const c of data.conversations ?? []) {
    const rel = { profile: [profileRef(c.profile).id] };
    result.conversations.push(
      state.insert('conversation', { channel: c.channel ?? 'sms' }, { ...(c.id ? { id: c.id } : {}), rel }).id,
    );
  }
  for (const r of data.records ?? []) result.records.push(seedRecord(state, r).id);
  return result;
}

/** Stores a `RecordSeed` the way a create request would, its relationships given as ids. */
function seedRecord(state: MockState, seed: RecordSeed): StoredRecord {
  const relationships = Object.fromEntries(
    Object.entries(seed.relationships ?? {}).map(([name, ids]) => {
      const def = RELATIONS[seed.type]?.[name] ?? fail(`relationship '${name}' of`, seed.type);
      const pointers = [ids].flat().map((id) => ({ type: def.type, id }));
      return [name, { data: def.many ? pointers : (pointers[0] ?? null) }];
    }),
  );
  const input = { attributes: seed.attributes ?? {}, relationships };
  return insertRecord({ state }, seed.type, input, seed.id !== undefined ? { id: seed.id } : {});
}

function seedFlow(
  state: MockState,
  f: FlowSeed,
  result: SeedResult,
  now: string,
  byIdOrName: (type: string, ref: string) => StoredRecord,
  tagIds: (refs?: string[]) => string[],
): void {
  let trigger: { type: string; id: string } | undefined;
  if (f.trigger?.list) trigger = { type: 'list', id: byIdOrName('list', f.trigger.list).id };
  else if (f.trigger?.segment) trigger = { type: 'segment', id: byIdOrName('segment', f.trigger.segment).id };
  else if (f.trigger?.metric)
    trigger = { type: 'metric', id: (state.get('metric', f.trigger.metric) ?? metricByName(state, f.trigger.metric)).id };
  const status = f.status ?? 'live';
  const seeds = f.actions ?? [{}];
  const actions = seeds.map((a, i) => {
    const type = a.type ?? 'send-email';
    const channel = MESSAGE_CHANNELS[type];
    const m = a.message ?? {};
    const name = m.name ?? `${f.name} message`;
    const message =
      channel === 'email'
        ? {
            name,
            subject_line: m.subject ?? name,
            preview_text: '',
            from_email: 'store@example.com',
            from_label: 'Store',
            template_id: m.template ? byIdOrName('template', m.template).id : null,
          }
        : channel
          ? { name, body: m.body ?? name }
          : undefined;
    return {
      ...(a.id ? { id: a.id } : {}),
      ...(m.id ? { messageId: m.id } : {}),
      definition: {
        temporary_id: `seed-${i}`,
        type,
        links: { next: i + 1 < seeds.length ? `seed-${i + 1}` : null },
        data: { ...(message ? { status: a.status ?? status, message } : {}), ...a.data },
      },
    };
  });
  const flow = storeFlow(state, {
    ...(f.id ? { id: f.id } : {}),
    name: f.name,
    status,
    created: f.created ?? now,
    trigger,
    actions,
    tags: tagIds(f.tags),
  });
  result.flows.push(flow.id);
  for (const action of state.all('flow-action').filter((a) => a.rel['flow']?.[0] === flow.id)) {
    result.flowActions.push(action.id);
    if (action.extra['message']) result.flowMessages.push(action.extra['message'] as string);
  }
}

function audienceRef(state: MockState, ref: string): string {
  const list = state.get('list', ref) ?? state.all('list').find((l) => l.attributes['name'] === ref);
  const segment = state.get('segment', ref) ?? state.all('segment').find((s) => s.attributes['name'] === ref);
  return (list ?? segment ?? fail('list or segment', ref)).id;
}

function fail(type: string, ref: string): never {
  throw new Error(`seed: no ${type} matches ${JSON.stringify(ref)}`);
}

const TIME_KEYS = new Set(['created', 'created_at', 'joined_at', 'send_time']);

/** Rewrites fixture timestamps in Klaviyo's format (`2024-10-15T12:00:00+00:00`), whatever ISO form was given. */
function normaliseTimes<T>(value: T, key = ''): T {
  if (typeof value === 'string' && TIME_KEYS.has(key) && !Number.isNaN(Date.parse(value)))
    return isoSeconds(Date.parse(value)) as T;
  if (Array.isArray(value)) return value.map((v) => normaliseTimes(v)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseTimes(v, k)])) as T;
  return value;
}
