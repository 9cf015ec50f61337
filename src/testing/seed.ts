/**
 * Fixtures: `state.seed({...})` or the `seed` option. Give only what a test cares about; ids are generated
 * when omitted, and references may name a profile by id or email, a list/segment/metric by id or name.
 */
import { createCampaign } from './handlers/campaigns.js';
import { metricByName, recordEvent } from './handlers/event-store.js';
import { addToList, createProfile } from './handlers/profile-store.js';
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

/** A campaign fixture with one message per entry of `messages` (default one on `channel`). */
export interface CampaignSeed {
  id?: string;
  name: string;
  channel?: 'email' | 'sms';
  status?: string;
  audiences?: { included?: string[]; excluded?: string[] };
  send_time?: string;
  created_at?: string;
  tags?: string[];
  messages?: Array<{ id?: string; label?: string; content?: Record<string, unknown>; template?: string }>;
}

/** A flow fixture; `trigger` links it to a list, segment or metric (by id or name). */
export interface FlowSeed {
  id?: string;
  name: string;
  status?: 'draft' | 'manual' | 'live';
  trigger?: { list?: string; segment?: string; metric?: string };
  tags?: string[];
  created?: string;
  actions?: Array<{
    id?: string;
    action_type?: string;
    status?: string;
    messages?: Array<{ id?: string; name?: string; channel?: 'email' | 'sms'; template?: string }>;
  }>;
}

/** Everything a fixture may hold. */
export interface SeedData {
  profiles?: ProfileSeed[];
  tags?: Array<{ id?: string; name: string }>;
  templates?: Array<{ id?: string; name: string; html?: string; text?: string }>;
  lists?: ListSeed[];
  segments?: SegmentSeed[];
  metrics?: MetricSeed[];
  campaigns?: CampaignSeed[];
  flows?: FlowSeed[];
  events?: EventSeed[];
}

/** Ids of what a seed created, by kind, in the order given. */
export interface SeedResult {
  profiles: string[];
  tags: string[];
  templates: string[];
  lists: string[];
  segments: string[];
  metrics: string[];
  campaigns: string[];
  campaignMessages: string[];
  flows: string[];
  flowActions: string[];
  flowMessages: string[];
  events: string[];
}

/** Loads `data` into `state`. */
export function applySeed(state: MockState, input: SeedData): SeedResult {
  const data = normaliseTimes(input);
  const result: SeedResult = {
    profiles: [],
    tags: [],
    templates: [],
    lists: [],
    segments: [],
    metrics: [],
    campaigns: [],
    campaignMessages: [],
    flows: [],
    flowActions: [],
    flowMessages: [],
    events: [],
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
  for (const t of data.tags ?? []) result.tags.push(state.insert('tag', { name: t.name }, t.id ? { id: t.id } : {}).id);
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
  for (const c of data.campaigns ?? []) {
    const channel = c.channel ?? 'email';
    const messages = (c.messages ?? [{}]).map((m) => ({
      ...(m.id ? { id: m.id } : {}),
      channel,
      label: m.label ?? c.name,
      ...(m.content ? { content: m.content } : {}),
      ...(m.template ? { template_id: byIdOrName('template', m.template).id } : {}),
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
  return result;
}

function seedFlow(
  state: MockState,
  f: FlowSeed,
  result: SeedResult,
  now: string,
  byIdOrName: (type: string, ref: string) => StoredRecord,
  tagIds: (refs?: string[]) => string[],
): void {
  const created = f.created ?? now;
  let trigger: { type: string; id: string } | undefined;
  if (f.trigger?.list) trigger = { type: 'list', id: byIdOrName('list', f.trigger.list).id };
  else if (f.trigger?.segment) trigger = { type: 'segment', id: byIdOrName('segment', f.trigger.segment).id };
  else if (f.trigger?.metric)
    trigger = { type: 'metric', id: (state.get('metric', f.trigger.metric) ?? metricByName(state, f.trigger.metric)).id };
  const triggerType =
    trigger?.type === 'list'
      ? 'Added to List'
      : trigger?.type === 'metric'
        ? 'Metric'
        : trigger?.type === 'segment'
          ? 'Added to List'
          : 'Unconfigured';
  const flow = state.insert(
    'flow',
    { name: f.name, status: f.status ?? 'live', archived: false, created, updated: created, trigger_type: triggerType },
    { ...(f.id ? { id: f.id } : {}), rel: { tags: tagIds(f.tags) }, extra: { trigger } },
  );
  result.flows.push(flow.id);
  for (const a of f.actions ?? [{ messages: [{}] }]) {
    const action = state.insert(
      'flow-action',
      {
        action_type: a.action_type ?? 'SEND_EMAIL',
        status: a.status ?? flow.attributes['status'],
        created,
        updated: created,
        settings: {},
        tracking_options: null,
        send_options: null,
        render_options: null,
      },
      { ...(a.id ? { id: a.id } : {}), rel: { flow: [flow.id] } },
    );
    result.flowActions.push(action.id);
    for (const m of a.messages ?? []) {
      const channel = m.channel ?? 'email';
      const content =
        channel === 'sms'
          ? { body: `${f.name}`, media_url: null }
          : {
              subject: m.name ?? f.name,
              preview_text: '',
              from_email: 'store@example.com',
              from_label: 'Store',
              reply_to_email: null,
              cc_email: null,
              bcc_email: null,
            };
      const message = state.insert(
        'flow-message',
        { name: m.name ?? `${f.name} message`, channel, content, created, updated: created },
        {
          ...(m.id ? { id: m.id } : {}),
          rel: { 'flow-action': [action.id], ...(m.template ? { template: [byIdOrName('template', m.template).id] } : {}) },
        },
      );
      result.flowMessages.push(message.id);
    }
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
