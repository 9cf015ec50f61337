/**
 * Stored records → JSON:API resource objects: `type`, `id`, `attributes` (after sparse fieldsets and
 * additional fields), `relationships` with `links` (and `data` pointers for included relationships),
 * and an absolute `links.self`; plus compound documents with `included`.
 */
import type { HandlerContext } from './context.js';
import { RELATIONS, RESOURCE_TYPES } from './relations.js';
import { OMITTED, RESOURCES, type Omitted } from './resources.generated.js';
import type { MockState, StoredRecord } from './state.js';

/** Stored attributes returned only when asked for with `additional-fields[type]`. */
const ADDITIONAL_FIELDS: Record<string, string[]> = {
  profile: ['subscriptions', 'predictive_analytics'],
  'metric-property': ['sample_values'],
  template: ['definition'],
};

/** Additional fields computed when asked for, from the state at that moment. */
const COMPUTED_FIELDS: Record<string, Record<string, (state: MockState, record: StoredRecord) => unknown>> = {
  list: { profile_count: (state, r) => RELATIONS['list']!['profiles']!.ids(state, r).length },
  segment: { profile_count: (state, r) => RELATIONS['segment']!['profiles']!.ids(state, r).length },
  flow: { definition: (state, r) => flowDefinition(state, r) },
};

/**
 * Attributes a type shows that live on another record: a flow action's encoded definition carries its
 * message, which is stored once, as the flow message's definition (so editing either shows in both).
 */
const DERIVED_ATTRIBUTES: Record<string, (state: MockState, record: StoredRecord) => Record<string, unknown>> = {
  'flow-action': (state, r) => ({ definition: actionDefinition(state, r) }),
};

/** `https://a.klaviyo.com/api/profiles/01H.../` */
export function selfLink(ctx: HandlerContext, type: string, id: string): string {
  return `${ctx.url.origin}/api/${RESOURCE_TYPES[type]?.path ?? type}/${encodeURIComponent(id)}/`;
}

/** A flow action's encoded definition: the stored one, with its message (if any) and the message's id. */
export function actionDefinition(state: MockState, action: StoredRecord): unknown {
  const stored = structuredClone(action.attributes['definition']) as Record<string, any> | null;
  const messageId = action.extra['message'] as string | undefined;
  const message = messageId ? state.get('flow-message', messageId) : undefined;
  if (stored && message) {
    stored['data'] = {
      ...stored['data'],
      message: { ...structuredClone(message.attributes['definition'] as object), id: message.id },
    };
  }
  return stored;
}

/** A flow's encoded definition (`additional-fields[flow]=definition`): its trigger and its actions in order. */
export function flowDefinition(state: MockState, flow: StoredRecord): Record<string, unknown> {
  const actions = RELATIONS['flow']!['flow-actions']!.ids(state, flow).map((id) => state.get('flow-action', id)!);
  return {
    triggers: structuredClone(flow.extra['triggers'] ?? []),
    profile_filter: flow.extra['profileFilter'] ?? null,
    actions: actions.map((a) => actionDefinition(state, a)),
    entry_action_id: (flow.extra['entry'] as string | undefined) ?? null,
    ...(flow.extra['reentry'] ? { reentry_criteria: flow.extra['reentry'] } : {}),
  };
}

/** Options for one resource object. */
export interface ResourceOptions {
  /** Relationships whose `data` pointers are filled (the `include` names). */
  include?: readonly string[];
  /** Extra attributes computed by the caller (e.g. `joined_group_at`). */
  extraAttributes?: Record<string, unknown>;
  /** Whether the object is the answer's `data` (default) or one of its `included` records. */
  role?: 'data' | 'included';
}

/**
 * What the operation's answer leaves out of a type it shows: the spec gives some answers a narrower view of a
 * type than others (a form's `definition` only where it is asked for, reviews without relationships on the
 * client API), and an answer shows only the names its own schema lists.
 */
function omitted(ctx: HandlerContext, type: string, role: 'data' | 'included'): Omitted {
  return OMITTED[ctx.op.id]?.[role]?.[type] ?? {};
}

/** One JSON:API resource object. */
export function toResource(ctx: HandlerContext, record: StoredRecord, options: ResourceOptions = {}): Record<string, unknown> {
  const hidden = omitted(ctx, record.type, options.role ?? 'data');
  const attributes = viewAttributes(ctx, record, options.extraAttributes, hidden.attributes ?? []);
  const self = selfLink(ctx, record.type, record.id);
  const resource: Record<string, unknown> = { type: record.type, id: record.id };
  if (!RESOURCES[record.type]?.bare) resource['attributes'] = attributes;
  const shown = Object.entries(RELATIONS[record.type] ?? {}).filter(
    ([name, def]) => !def.routeOnly && !hidden.relationships?.includes(name),
  );
  if (shown.length > 0) {
    const relationships: Record<string, unknown> = {};
    for (const [name, def] of shown) {
      const entry: Record<string, unknown> = {};
      if (options.include?.includes(name)) {
        const ids = def.ids(ctx.state, record);
        // An empty to-one has no `data` at all: the spec types it as an object, never null.
        if (def.many) entry['data'] = ids.map((id) => ({ type: def.type, id }));
        else if (ids[0]) entry['data'] = { type: def.type, id: ids[0] };
      }
      entry['links'] = def.onlyRelatedLink
        ? { related: `${self}${name}/` }
        : { self: `${self}relationships/${name}/`, related: `${self}${name}/` };
      relationships[name] = entry;
    }
    resource['relationships'] = relationships;
  }
  if (RESOURCE_TYPES[record.type]?.linked !== false) resource['links'] = { self };
  return resource;
}

/** The records `include` asks for, once each, across all `records`. */
export function includedFor(ctx: HandlerContext, records: StoredRecord[]): Record<string, unknown>[] | undefined {
  if (ctx.query.include.length === 0) return undefined;
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const record of records) {
    for (const name of ctx.query.include) {
      const def = RELATIONS[record.type]?.[name];
      if (!def) continue;
      for (const id of def.ids(ctx.state, record)) {
        const related = ctx.state.get(def.type, id);
        const key = `${def.type}:${id}`;
        if (!related || seen.has(key)) continue;
        seen.add(key);
        out.push(toResource(ctx, related, { role: 'included' }));
      }
    }
  }
  return out;
}

/** `{ data, links: { self }, included? }` for one record. */
export function singleDocument(ctx: HandlerContext, record: StoredRecord): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    data: toResource(ctx, record, { include: ctx.query.include }),
    links: { self: ctx.url.href },
  };
  const included = includedFor(ctx, [record]);
  if (included) doc['included'] = included;
  return doc;
}

/**
 * Wire attributes of a record: stored attributes minus unrequested additional fields, then sparse fieldsets.
 * Only names the spec gives the type (and the operation's answer) are shown: a record keeps whatever its
 * create request carried (a catalog item's `integration_type`, a template's `definition`), and answers show
 * each where the spec does.
 */
function viewAttributes(
  ctx: HandlerContext,
  record: StoredRecord,
  extra: Record<string, unknown> | undefined,
  hidden: readonly string[],
): Record<string, unknown> {
  const requested = ctx.query.additionalFields[record.type] ?? [];
  const all: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.attributes)) {
    if (ADDITIONAL_FIELDS[record.type]?.includes(key) && !requested.includes(key)) continue;
    all[key] = structuredClone(value);
  }
  Object.assign(all, DERIVED_ATTRIBUTES[record.type]?.(ctx.state, record));
  for (const [name, compute] of Object.entries(COMPUTED_FIELDS[record.type] ?? {}))
    if (requested.includes(name)) all[name] = compute(ctx.state, record);
  if (extra) Object.assign(all, extra);
  const known = RESOURCES[record.type]?.attributes;
  const attributes = Object.fromEntries(Object.entries(all).filter(([key]) => (!known || key in known) && !hidden.includes(key)));
  const fields = ctx.query.fields[record.type];
  return fields ? pickFields(attributes, fields) : attributes;
}

/** Keeps only `fields` (dotted names keep a nested field, e.g. `location.city`). */
export function pickFields(attributes: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const path = field.split('.');
    let source: unknown = attributes;
    for (const key of path) source = source && typeof source === 'object' ? (source as Record<string, unknown>)[key] : undefined;
    if (source === undefined) continue;
    let target = out;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]!] = source;
  }
  return out;
}
