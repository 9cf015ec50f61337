/**
 * The resource graph: where each type lives, which attributes Klaviyo stamps on it, and which relationships it
 * has. Both tables are built from the spec's facts in resources.generated.ts (every type and relationship the
 * 2026-07-15 spec names), plus the few rules the spec does not state: relationships whose members are computed
 * (list and segment members, triggered flows, an object type's schemas) and unique attributes. Serialisation,
 * `include` and the generic handlers read them, so a type the spec adds is served without a row typed here.
 */
import { RESOURCES, type RelationshipShape } from './resources.generated.js';
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
   * Reachable by `/{id}/<name>` routes or named by request bodies, but not listed in the resource's
   * `relationships`, because the spec lists no such relationship on the type (a metric's properties).
   */
  routeOnly?: boolean;
  /** Its `links` hold `related` only (the spec's OnlyRelatedLinks): no relationship route exists for it. */
  onlyRelatedLink?: boolean;
}

/** Facts about one resource type beyond its relationships. */
export interface ResourceType {
  /** The URL segment under `/api/` (or `/client/`), used for routes and `links.self`. */
  path: string;
  /** The attributes Klaviyo stamps with the time on create (and those on every update), e.g. `created`. */
  created?: readonly string[];
  updated?: readonly string[];
  /** Attributes whose value must be unique among records of the type (Klaviyo answers 400 otherwise). */
  unique?: readonly string[];
  /** False for a type answered without `links.self` (it has no route of its own). */
  linked?: false;
}

/** Where types without routes of their own say they live in `links.self`. */
const UNROUTED_PATHS: Record<string, string> = { conversation: 'conversations' };

/** Attributes whose value must be unique, by type. */
const UNIQUE: Record<string, readonly string[]> = {
  // https://developers.klaviyo.com/en/reference/create_custom_metric: "Names must be unique across the account."
  'custom-metric': ['name'],
};

/** The time stamps Klaviyo sets on create, and those it moves on every update. */
const CREATE_STAMPS = ['created', 'created_at', 'updated', 'updated_at'];
const UPDATE_STAMPS = ['updated', 'updated_at'];

/** Every type the spec names, by JSON:API type. */
export const RESOURCE_TYPES: Record<string, ResourceType> = Object.fromEntries(
  Object.entries(RESOURCES).map(([type, r]) => {
    const stamps = (names: string[]) => names.filter((name) => ['datetime', 'string'].includes(r.attributes[name]?.type ?? ''));
    const created = stamps(CREATE_STAMPS);
    const updated = stamps(UPDATE_STAMPS);
    const def: ResourceType = {
      path: r.path ?? UNROUTED_PATHS[type] ?? `${type}s`,
      ...(created.length ? { created } : {}),
      ...(updated.length ? { updated } : {}),
      ...(UNIQUE[type] ? { unique: UNIQUE[type] } : {}),
      ...(r.linked === false ? { linked: false as const } : {}),
    };
    return [type, def];
  }),
);

/** The type stored under each `/api/<path>` (and `/client/<path>`) segment. */
export const TYPE_BY_PATH: Record<string, string> = Object.fromEntries(
  Object.entries(RESOURCES).flatMap(([type, r]) => (r.path ? [[r.path, type]] : [])),
);

/** What an operation's path says it works on. */
export type RouteShape =
  | { kind: 'collection'; type: string }
  | { kind: 'resource'; type: string; param: string }
  | { kind: 'related' | 'relationship'; type: string; relation: string };

const PATH_SHAPE = /^\/(?:api|client)\/([^/{}]+)(?:\/\{(\w+)\}(?:\/(relationships\/)?([^/{}]+))?)?$/;

/**
 * `/api/<type path>`, `/api/<type path>/{id}`, `/api/<type path>/{id}/<relation>` or
 * `/api/<type path>/{id}/relationships/<relation>` (or the same under `/client/`) for a stored type and a known
 * relation; else undefined (an action such as `/api/campaign-clone`, which needs a hand-written handler).
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

/** Records of `type` whose stored pointer `name` includes this record. */
const reverse = (type: string, name: string) => (state: MockState, record: StoredRecord) =>
  state
    .all(type)
    .filter((r) => r.rel[name]?.includes(record.id))
    .map((r) => r.id);

/**
 * The relationship of `type` that is the other side of `type.name → shape.type`: the one relationship of the
 * related type pointing back, when each side has exactly one such (a catalog item's `variants` and a
 * variant's `item`; a tag's `campaigns` and a campaign's `tags`).
 */
function inverseOf(type: string, name: string, shape: RelationshipShape): string | undefined {
  const back = Object.entries(RESOURCES[shape.type]?.relationships ?? {}).filter(([, r]) => r.type === type);
  const forth = Object.entries(RESOURCES[type]?.relationships ?? {}).filter(([, r]) => r.type === shape.type);
  if (back.length !== 1 || forth.length !== 1 || (type === shape.type && back[0]![0] === name)) return undefined;
  return back[0]![0];
}

/**
 * A relationship stored as pointers on either side: `record.rel[name]` plus the records of the related type
 * whose inverse pointer names this record. Setting it moves every pointer of the pair to this side, so
 * tagging a campaign from the tag (`POST /api/tags/{id}/relationships/campaigns`) and from the campaign
 * (`relationships.tags` in its body) agree, and a variant created with `relationships.item` is among the
 * item's `variants`. Pointers to deleted records are dropped.
 */
function stored(type: string, name: string, shape: RelationshipShape): Pick<RelationDef, 'ids' | 'set'> {
  const inverse = inverseOf(type, name, shape);
  return {
    ids: (state, record) => {
      const ids = [...(record.rel[name] ?? []), ...(inverse ? reverse(shape.type, inverse)(state, record) : [])];
      return [...new Set(ids)].filter((id) => state.get(shape.type, id));
    },
    set: (state, record, ids) => {
      record.rel[name] = ids;
      if (!inverse) return;
      for (const other of state.all(shape.type)) {
        const pointers = other.rel[inverse];
        if (pointers?.includes(record.id)) other.rel[inverse] = pointers.filter((id) => id !== record.id);
        // The other side of a to-one points at one record: taking it here takes it from its former owner.
        if (!RESOURCES[shape.type]!.relationships[inverse]!.many && ids.includes(other.id))
          for (const owner of state.all(type))
            if (owner !== record && owner.rel[name]?.includes(other.id))
              owner.rel[name] = owner.rel[name]!.filter((id) => id !== other.id);
      }
    },
  };
}

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

/** An object type's schemas with the given status, newest first (its draft, or its published current schema). */
const schemasWithStatus = (status: string) => (state: MockState, record: StoredRecord) =>
  reverse('object-schema', 'object-type')(state, record)
    .filter((id) => state.get('object-schema', id)!.attributes['status'] === status)
    .reverse()
    .slice(0, 1);

/** Relationships whose members Klaviyo computes, rather than storing pointers a write may replace. */
const COMPUTED: Record<string, Record<string, Pick<RelationDef, 'ids' | 'set'>>> = {
  profile: {
    lists: { ids: (state, r) => [...state.listMembers].filter(([, m]) => m.has(r.id)).map(([id]) => id) },
    segments: {
      ids: (state, r) =>
        state
          .all('segment')
          .filter((s) => segmentMembers(state, s).has(r.id))
          .map((s) => s.id),
    },
    conversations: { ids: reverse('conversation', 'profile') },
    // `/api/profiles/{id}/conversation`: the profile's one conversation (its first), kept beside the list.
    conversation: { ids: (state, r) => reverse('conversation', 'profile')(state, r).slice(0, 1) },
  },
  list: {
    profiles: {
      ids: (state, r) => [...(state.listMembers.get(r.id)?.keys() ?? [])],
      // Members keep the time they first joined (`joined_group_at`); new ones join now.
      set: (state, r, ids) => {
        const before = state.listMembers.get(r.id);
        const now = state.timestamp();
        state.listMembers.set(r.id, new Map(ids.map((id) => [id, before?.get(id) ?? now])));
      },
    },
    'flow-triggers': { ids: triggeredFlows },
  },
  segment: {
    profiles: { ids: (state, r) => [...segmentMembers(state, r).keys()] },
    'flow-triggers': { ids: triggeredFlows },
  },
  metric: { 'flow-triggers': { ids: triggeredFlows } },
  'custom-metric': { metrics: { ids: customMetricSources } },
  // https://developers.klaviyo.com/en/reference/custom_objects_api_overview: an object type has one draft schema
  // and, once one is published, a current (active) one; every schema made for it is a version.
  'object-type': {
    'schema-versions': { ids: reverse('object-schema', 'object-type') },
    'current-schema': { ids: schemasWithStatus('active') },
    'draft-schema': { ids: schemasWithStatus('draft') },
    // Object record ids are `<object type id>:::<record id>`.
    'object-records': {
      ids: (state, r) =>
        state
          .all('object-record')
          .filter((record) => record.id.startsWith(`${r.id}:::`))
          .map((record) => record.id),
    },
  },
};

/** Relationship table, by type then relationship name (the wire name). */
export const RELATIONS: Record<string, Record<string, RelationDef>> = Object.fromEntries(
  Object.entries(RESOURCES).map(([type, r]) => [
    type,
    Object.fromEntries(
      Object.entries(r.relationships).map(([name, shape]) => {
        const def: RelationDef = {
          type: shape.type,
          many: shape.many,
          ...(COMPUTED[type]?.[name] ?? stored(type, name, shape)),
          ...(shape.shown === false ? { routeOnly: true } : {}),
          ...(shape.relatedOnly ? { onlyRelatedLink: true } : {}),
        };
        return [name, def];
      }),
    ),
  ]),
);

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
