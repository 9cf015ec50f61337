/**
 * The resource graph: where each type lives under `/api/` and which relationships it has. Serialisation,
 * `include`, the `/{id}/<related>` and `/{id}/relationships/<related>` endpoints all read this one table.
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
}

/** The URL segment under `/api/` for each type, used in `links.self`. */
export const COLLECTION_PATHS: Record<string, string> = {
  profile: 'profiles',
  list: 'lists',
  segment: 'segments',
  campaign: 'campaigns',
  'campaign-message': 'campaign-messages',
  'campaign-send-job': 'campaign-send-jobs',
  'campaign-recipient-estimation-job': 'campaign-recipient-estimation-jobs',
  'campaign-recipient-estimation': 'campaign-recipient-estimations',
  event: 'events',
  metric: 'metrics',
  'metric-property': 'metric-properties',
  flow: 'flows',
  'flow-action': 'flow-actions',
  'flow-message': 'flow-messages',
  template: 'templates',
  tag: 'tags',
  'profile-bulk-import-job': 'profile-bulk-import-jobs',
  'import-error': 'import-errors',
  'profile-suppression-bulk-create-job': 'profile-suppression-bulk-create-jobs',
  'profile-suppression-bulk-delete-job': 'profile-suppression-bulk-delete-jobs',
};

/** The stored forward pointer `record.rel[name]`. */
const forward = (name: string) => (_state: MockState, record: StoredRecord) => record.rel[name] ?? [];

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
  },
  list: {
    profiles: { type: 'profile', many: true, ids: (state, r) => [...(state.listMembers.get(r.id)?.keys() ?? [])] },
    tags: { type: 'tag', many: true, ids: forward('tags') },
    'flow-triggers': { type: 'flow', many: true, ids: triggeredFlows },
  },
  segment: {
    profiles: { type: 'profile', many: true, ids: (state, r) => [...segmentMembers(state, r).keys()] },
    tags: { type: 'tag', many: true, ids: forward('tags') },
    'flow-triggers': { type: 'flow', many: true, ids: triggeredFlows },
  },
  campaign: {
    'campaign-messages': { type: 'campaign-message', many: true, ids: reverse('campaign-message', 'campaign') },
    tags: { type: 'tag', many: true, ids: forward('tags') },
  },
  'campaign-message': {
    campaign: { type: 'campaign', many: false, ids: forward('campaign') },
    template: { type: 'template', many: false, ids: forward('template') },
  },
  event: {
    attributions: { type: 'attribution', many: true, ids: () => [] },
    metric: { type: 'metric', many: false, ids: forward('metric') },
    profile: { type: 'profile', many: false, ids: forward('profile') },
  },
  metric: {
    'flow-triggers': { type: 'flow', many: true, ids: triggeredFlows },
    'metric-properties': { type: 'metric-property', many: true, ids: reverse('metric-property', 'metric') },
  },
  'metric-property': {
    metric: { type: 'metric', many: false, ids: forward('metric') },
  },
  flow: {
    'flow-actions': { type: 'flow-action', many: true, ids: reverse('flow-action', 'flow') },
    tags: { type: 'tag', many: true, ids: forward('tags') },
  },
  'flow-action': {
    flow: { type: 'flow', many: false, ids: forward('flow') },
    'flow-messages': { type: 'flow-message', many: true, ids: reverse('flow-message', 'flow-action') },
  },
  'flow-message': {
    'flow-action': { type: 'flow-action', many: false, ids: forward('flow-action') },
    template: { type: 'template', many: false, ids: forward('template') },
  },
  'profile-bulk-import-job': {
    lists: { type: 'list', many: true, ids: forward('lists') },
    profiles: { type: 'profile', many: true, ids: forward('profiles') },
    'import-errors': { type: 'import-error', many: true, ids: forward('import-errors') },
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
