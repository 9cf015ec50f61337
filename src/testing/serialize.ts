/**
 * Stored records → JSON:API resource objects: `type`, `id`, `attributes` (after sparse fieldsets and
 * additional fields), `relationships` with `links` (and `data` pointers for included relationships),
 * and an absolute `links.self`; plus compound documents with `included`.
 */
import type { HandlerContext } from './context.js';
import { COLLECTION_PATHS, RELATIONS } from './relations.js';
import type { StoredRecord } from './state.js';

/** Attributes returned only when asked for with `additional-fields[type]`. */
const ADDITIONAL_FIELDS: Record<string, string[]> = {
  profile: ['subscriptions', 'predictive_analytics'],
  list: ['profile_count'],
  segment: ['profile_count'],
  'metric-property': ['sample_values'],
};

/** `https://a.klaviyo.com/api/profiles/01H.../` */
export function selfLink(ctx: HandlerContext, type: string, id: string): string {
  return `${ctx.url.origin}/api/${COLLECTION_PATHS[type] ?? type}/${encodeURIComponent(id)}/`;
}

/** Options for one resource object. */
export interface ResourceOptions {
  /** Relationships whose `data` pointers are filled (the `include` names). */
  include?: readonly string[];
  /** Extra attributes computed by the caller (e.g. `joined_group_at`). */
  extraAttributes?: Record<string, unknown>;
}

/** One JSON:API resource object. */
export function toResource(ctx: HandlerContext, record: StoredRecord, options: ResourceOptions = {}): Record<string, unknown> {
  const attributes = viewAttributes(ctx, record, options.extraAttributes);
  const self = selfLink(ctx, record.type, record.id);
  const resource: Record<string, unknown> = { type: record.type, id: record.id, attributes };
  const relations = RELATIONS[record.type];
  if (relations) {
    const relationships: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(relations)) {
      const entry: Record<string, unknown> = {};
      if (options.include?.includes(name)) {
        const ids = def.ids(ctx.state, record);
        entry['data'] = def.many ? ids.map((id) => ({ type: def.type, id })) : ids[0] ? { type: def.type, id: ids[0] } : null;
      }
      entry['links'] = { self: `${self}relationships/${name}/`, related: `${self}${name}/` };
      relationships[name] = entry;
    }
    resource['relationships'] = relationships;
  }
  resource['links'] = { self };
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
        out.push(toResource(ctx, related));
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

/** Wire attributes of a record: stored attributes minus unrequested additional fields, then sparse fieldsets. */
function viewAttributes(ctx: HandlerContext, record: StoredRecord, extra?: Record<string, unknown>): Record<string, unknown> {
  const requested = ctx.query.additionalFields[record.type] ?? [];
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.attributes)) {
    if (ADDITIONAL_FIELDS[record.type]?.includes(key) && !requested.includes(key)) continue;
    attributes[key] = structuredClone(value);
  }
  if (requested.includes('profile_count') && (record.type === 'list' || record.type === 'segment')) {
    attributes['profile_count'] = RELATIONS[record.type]!['profiles']!.ids(ctx.state, record).length;
  }
  if (extra) Object.assign(attributes, extra);
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
