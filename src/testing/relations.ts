/**
 * The resource graph: where each type lives under `/api/`, which attributes Klaviyo stamps on it, and which
 * relationships it has. Serialisation, `include`, the generic handlers (`/{id}/<related>`,
 * `/{id}/relationships/<related>`, create, update, delete) all read these two tables, so a type the spec
 * adds needs a row here rather than a handler.
 */
import type { MockState, StoredRecord } from './state.js';

/** One relationship of a type. */
export interface RelationDef {
  /** The related resource type. */
  type: string;
  /** To-many (array of pointers) or to-one (one pointer or null). */
  many: boolean;
  /** Ids of the related records, in order. */
  ids(state: MockState, record: StoredRecord): string[];
  /** Replaces the pointers (relationship edits and `relationships` in a write body); absent when derived. */
  set?(state: MockState, record: StoredRecord, ids: string[]): void;
  /**
   * Reachable by `/{id}/<name>` routes but not listed in the resource's `relationships`, because the spec lists
   * no such relationship on the type (a metric's properties, a profile's single `conversation`).
   */
  routeOnly?: boolean;
  /**
   * Listed in `relationships` only by operations that can `include` it: the spec lists a profile's
   * conversations in the answers of get_profile and get_profiles, which are the ones that include them.
   */
  onlyWhereIncludable?: boolean;
  /** Its `links` hold `related` only (the spec's OnlyRelatedLinks): no relationship route exists for it. */
  onlyRelatedLink?: boolean;
}

/** Facts about one resource type beyond its relationships. */
export interface ResourceType {
  /** The URL segment under `/api/`, used for routes and `links.self`. */
  path: string;
  /** The attributes Klaviyo stamps with the time on create (and those on every update), e.g. `created`. */
  created?: readonly string[];
  updated?: readonly string[];
  /** Attributes whose value must be unique among records of the type (Klaviyo answers 400 otherwise). */
  unique?: readonly string[];
  /** False for a type answered without `links.self` (it has no route of its own). */
  linked?: false;
}

const stamps = (created: string, updated: string) => ({ created: [created, updated], updated: [updated] });

/** Every type the mock stores, by JSON:API type. */
export const RESOURCE_TYPES: Record<string, ResourceType> = {
  profile: { path: 'profiles', ...stamps('created', 'updated') },
  list: { path: 'lists', ...stamps('created', 'updated') },
  segment: { path: 'segments', ...stamps('created', 'updated') },
  campaign: { path: 'campaigns', ...stamps('created_at', 'updated_at') },
  'campaign-message': { path: 'campaign-messages', ...stamps('created_at', 'updated_at') },
  'campaign-send-job': { path: 'campaign-send-jobs' },
  'campaign-recipient-estimation-job': { path: 'campaign-recipient-estimation-jobs' },
  'campaign-recipient-estimation': { path: 'campaign-recipient-estimations' },
  event: { path: 'events' },
  metric: { path: 'metrics', ...stamps('created', 'updated') },
  'metric-property': { path: 'metric-properties' },
  // https://developers.klaviyo.com/en/reference/create_custom_metric: "Names must be unique across the account."
  'custom-metric': { path: 'custom-metrics', ...stamps('created', 'updated'), unique: ['name'] },
  'mapped-metric': { path: 'mapped-metrics', updated: ['updated'] },
  flow: { path: 'flows', ...stamps('created', 'updated') },
  'flow-action': { path: 'flow-actions', ...stamps('created', 'updated') },
  'flow-message': { path: 'flow-messages', ...stamps('created', 'updated') },
  template: { path: 'templates', ...stamps('created', 'updated') },
  image: { path: 'images', updated: ['updated_at'] },
  tag: { path: 'tags' },
  'push-token': { path: 'push-tokens', created: ['created'] },
  conversation: { path: 'conversations' },
  'profile-bulk-import-job': { path: 'profile-bulk-import-jobs' },
  'import-error': { path: 'import-errors', linked: false },
  'profile-suppression-bulk-create-job': { path: 'profile-suppression-bulk-create-jobs' },
  'profile-suppression-bulk-delete-job': { path: 'profile-suppression-bulk-delete-jobs' },
};

/** The type stored under each `/api/<path>` segment. */
export const TYPE_BY_PATH: Record<string, string> = Object.fromEntries(
  Object.entries(RESOURCE_TYPES).map(([type, def]) => [def.path, type]),
);

/** What an operation's path says it works on. */
export type RouteShape =
  | { kind: 'collection'; type: string }
  | { kind: 'resource'; type: string; param: string }
  | { kind: 'related' | 'relationship'; type: string; relation: string };

const PATH_SHAPE = /^\/api\/([^/{}]+)(?:\/\{(\w+)\}(?:\/(relationships\/)?([^/{}]+))?)?$/;

/**
 * `/api/<type path>`, `/api/<type path>/{id}`, `/api/<type path>/{id}/<relation>` or
 * `/api/<type path>/{id}/relationships/<relation>` for a stored type and a known relation; else undefined
 * (an action such as `/api/campaign-clone`, which needs a hand-written handler).
 */
export function routeShape(path: string): RouteShape | undefined {
  const m = PATH_SHAPE.exec(path);
  const type = m ? TYPE_BY_PATH[m[1]!] : undefined;
  if (!m || !type) return undefined;
  if (!m[2]) return { kind: 'collection', type };
  if (!m[4]) return { kind: 'resource', type, param: m[2] };
  if (!RELATIONS[type]?.[m[4]]) return undefined;
  return { kind: m[3] ? 'relationship' : 'related', type, relation: m[4] };
}

/** The type of the resources an operation's `data` holds (what its `filter` and `sort` fields name). */
export function dataType(path: string): string | undefined {
  const shape = routeShape(path);
  if (!shape) return undefined;
  return shape.kind === 'related' || shape.kind === 'relationship' ? RELATIONS[shape.type]![shape.relation]!.type : shape.type;
}

/** The stored forward pointer `record.rel[name]`, which writes may replace. */
const forward = (name: string) => ({
  ids: (_state: MockState, record: StoredRecord) => record.rel[name] ?? [],
  set: (_state: MockState, record: StoredRecord, ids: string[]) => {
    record.rel[name] = ids;
  },
});

/** Records of `type` whose forward pointer `name` includes this record. */
const reverse = (type: string, name: string) => (state: MockState, record: StoredRecord) =>
  state
    .all(type)
    .filter((r) => r.rel[name]?.includes(record.id))
    .map((r) => r.id);

/** Flows triggered by this list, segment or metric (`flow.extra.trigger`). */
const triggeredFlows = (state: MockState, record: StoredRecord) =>
  state
    .all('flow')
    .filter((f) => {
      const trigger = f.extra['trigger'] as { type: string; id: string } | undefined;
      return trigger?.type === record.type && trigger.id === record.id;
    })
    .map((f) => f.id);

/** The metrics a custom metric's definition counts (`definition.metric_groups[].metric_id`). */
const customMetricSources = (_state: MockState, record: StoredRecord) => {
  const groups = (record.attributes['definition'] as { metric_groups?: Array<{ metric_id?: unknown }> } | undefined)
    ?.metric_groups;
  return [...new Set((groups ?? []).map((g) => g.metric_id).filter((id): id is string => typeof id === 'string'))];
};

/** Relationship table, by type then relationship name (the wire name). */
export const RELATIONS: Record<string, Record<string, RelationDef>> = {
  profile: {
    lists: {
      type: 'list',
      many: true,
      ids: (state, r) => [...state.listMembers].filter(([, m]) => m.has(r.id)).map(([id]) => id),
    },
    segments: {
      type: 'segment',
      many: true,
      ids: (state, r) =>
        state
          .all('segment')
          .filter((s) => segmentMembers(state, s).has(r.id))
          .map((s) => s.id),
    },
    'push-tokens': { type: 'push-token', many: true, ids: reverse('push-token', 'profile') },
    conversations: { type: 'conversation', many: true, ids: reverse('conversation', 'profile'), onlyWhereIncludable: true },
    // `/api/profiles/{id}/conversation`: the profile's one conversation (its first), kept beside the list.
    conversation: { type: 'conversation', many: false, ids: reverse('conversation', 'profile'), routeOnly: true },
  },
  list: {
    profiles: {
      type: 'profile',
      many: true,
      ids: (state, r) => [...(state.listMembers.get(r.id)?.keys() ?? [])],
      // Members keep the time they first joined (`joined_group_at`); new ones join now.
      set: (state, r, ids) => {
        const before = state.listMembers.get(r.id);
        const now = state.timestamp();
        state.listMembers.set(r.id, new Map(ids.map((id) => [id, before?.get(id) ?? now])));
      },
    },
    tags: { type: 'tag', many: true, ...forward('tags') },
    'flow-triggers': { type: 'flow', many: true, ids: triggeredFlows },
  },
  segment: {
    profiles: { type: 'profile', many: true, ids: (state, r) => [...segmentMembers(state, r).keys()] },
    tags: { type: 'tag', many: true, ...forward('tags') },
    'flow-triggers': { type: 'flow', many: true, ids: triggeredFlows },
  },
  campaign: {
    'campaign-messages': { type: 'campaign-message', many: true, ids: reverse('campaign-message', 'campaign') },
    tags: { type: 'tag', many: true, ...forward('tags') },
  },
  'campaign-message': {
    campaign: { type: 'campaign', many: false, ...forward('campaign') },
    template: { type: 'template', many: false, ...forward('template') },
    image: { type: 'image', many: false, ...forward('image') },
  },
  event: {
    attributions: { type: 'attribution', many: true, ids: () => [] },
    metric: { type: 'metric', many: false, ...forward('metric') },
    profile: { type: 'profile', many: false, ...forward('profile') },
  },
  metric: {
    'flow-triggers': { type: 'flow', many: true, ids: triggeredFlows },
    'metric-properties': {
      type: 'metric-property',
      many: true,
      ids: reverse('metric-property', 'metric'),
      routeOnly: true,
    },
  },
  'metric-property': {
    metric: { type: 'metric', many: false, ...forward('metric') },
  },
  'custom-metric': {
    metrics: { type: 'metric', many: true, ids: customMetricSources },
  },
  'mapped-metric': {
    metric: { type: 'metric', many: false, ...forward('metric') },
    'custom-metric': { type: 'custom-metric', many: false, ...forward('custom-metric') },
  },
  flow: {
    'flow-actions': { type: 'flow-action', many: true, ids: reverse('flow-action', 'flow') },
    tags: { type: 'tag', many: true, ...forward('tags') },
  },
  'flow-action': {
    flow: { type: 'flow', many: false, ...forward('flow') },
    'flow-messages': { type: 'flow-message', many: true, ids: reverse('flow-message', 'flow-action') },
  },
  'flow-message': {
    'flow-action': { type: 'flow-action', many: false, ...forward('flow-action') },
    template: { type: 'template', many: false, ...forward('template') },
  },
  'push-token': {
    profile: { type: 'profile', many: false, ...forward('profile') },
  },
  conversation: {
    profile: { type: 'profile', many: false, ...forward('profile') },
  },
  'profile-bulk-import-job': {
    lists: { type: 'list', many: true, ...forward('lists') },
    profiles: { type: 'profile', many: true, ...forward('profiles') },
    'import-errors': { type: 'import-error', many: true, ...forward('import-errors'), onlyRelatedLink: true },
  },
  'profile-suppression-bulk-create-job': {
    lists: { type: 'list', many: true, ...forward('lists') },
    segments: { type: 'segment', many: true, ...forward('segments') },
  },
  'profile-suppression-bulk-delete-job': {
    lists: { type: 'list', many: true, ...forward('lists') },
    segments: { type: 'segment', many: true, ...forward('segments') },
  },
};

/**
 * Members of a segment: the seeded members, else the profiles its definition selects. The mock understands
 * the `profile-group-membership` condition (members of the given lists); other conditions match nobody.
 */
export function segmentMembers(state: MockState, segment: StoredRecord): Map<string, string> {
  const seeded = state.segmentMembers.get(segment.id);
  if (seeded) return seeded;
  const members = new Map<string, string>();
  const definition = segment.attributes['definition'] as
    { condition_groups?: Array<{ conditions?: Array<Record<string, unknown>> }> } | undefined;
  for (const group of definition?.condition_groups ?? []) {
    for (const condition of group.conditions ?? []) {
      if (condition['type'] !== 'profile-group-membership' || condition['is_member'] === false) continue;
      for (const groupId of (condition['group_ids'] as string[] | undefined) ?? []) {
        for (const [profileId, joined] of state.listMembers.get(groupId) ?? [])
          if (!members.has(profileId)) members.set(profileId, joined);
      }
    }
  }
  return members;
}

/** When a profile joined a list or segment (for `joined_group_at`). */
export function joinedAt(state: MockState, group: StoredRecord, profileId: string): string | undefined {
  if (group.type === 'list') return state.listMembers.get(group.id)?.get(profileId);
  if (group.type === 'segment') return segmentMembers(state, group).get(profileId);
  return undefined;
}
