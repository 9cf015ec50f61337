/**
 * Records made from a request's resource object (`{ type, id?, attributes, relationships }`), shared by the
 * generic create and update, the bulk jobs' rows and the hand-written handlers that store a record: the id
 * Klaviyo gives the type, the attributes it fills in when a request leaves them out, time stamps, unique
 * attributes and relationships.
 */
import { DEFAULT_TAG_GROUP_ID } from '../account.js';
import type { HandlerContext, HandlerResult } from '../context.js';
import { ApiError, invalidBody } from '../errors.js';
import { RELATIONS, RESOURCE_TYPES, type RelationDef } from '../relations.js';
import { ANSWER_TYPES, RESOURCES, type AttributeShape } from '../resources.generated.js';
import { singleDocument } from '../serialize.js';
import type { MockState, StoredRecord } from '../state.js';

/** What storing a record needs of a handler's context (seeding has only the state). */
export type StateContext = { state: MockState };

/** A resource object as a write body holds it. */
export interface ResourceInput {
  id?: unknown;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: unknown }>;
}

/**
 * Catalog ids name the catalog: `$custom:::$default:::<external_id>`
 * (https://developers.klaviyo.com/en/reference/create_catalog_item).
 */
const catalogId = (attributes: Record<string, unknown>) =>
  `${String(attributes['integration_type'] ?? '$custom')}:::${String(attributes['catalog_type'] ?? '$default')}:::${String(attributes['external_id'])}`;

/** Types whose id Klaviyo makes from the request rather than generating it. */
const IDENTITY: Record<string, (input: ResourceInput) => string | undefined> = {
  'catalog-item': (input) => catalogId(input.attributes ?? {}),
  'catalog-variant': (input) => catalogId(input.attributes ?? {}),
  'catalog-category': (input) => catalogId(input.attributes ?? {}),
  // https://developers.klaviyo.com/en/reference/create_coupon: the coupon's id is its external id.
  coupon: (input) => String(input.attributes?.['external_id']),
  // https://developers.klaviyo.com/en/reference/create_coupon_code: `<coupon id>-<unique code>`.
  'coupon-code': (input) => {
    const coupon = (input.relationships?.['coupon']?.data as { id?: unknown } | undefined)?.id;
    return `${String(coupon)}-${String(input.attributes?.['unique_code'])}`;
  },
};

/**
 * What Klaviyo gives attributes a create may leave out, where the spec documents no default of its own: a new
 * object type and schema start as drafts (https://developers.klaviyo.com/en/reference/custom_objects_api_overview),
 * a new coupon code is unassigned, a new webhook is enabled.
 */
const DEFAULTS: Record<string, Record<string, unknown>> = {
  'tag-group': { exclusive: false, default: false },
  'object-type': { status: 'draft', description: '' },
  'object-schema': { status: 'draft', visibility: 'private', description: '', properties: [], required: [] },
  'source-mapping': { property_mappings: [], relationship_mappings: [] },
  'data-source': { visibility: 'private', description: '' },
  'template-universal-content': { screenshot_status: 'never_generated', screenshot_url: '' },
  'coupon-code': { status: 'UNASSIGNED' },
  webhook: { enabled: true },
};

/**
 * Relationships Klaviyo sets when a create names none: "if a tag group is not specified, the tag will be added to
 * the account's default tag group" (https://developers.klaviyo.com/en/reference/create_tag).
 */
const DEFAULT_RELATIONSHIPS: Record<string, Record<string, string[]>> = {
  tag: { 'tag-group': [DEFAULT_TAG_GROUP_ID] },
};

/** An empty value of an attribute's type, for a required attribute a request left out. */
function blank(shape: AttributeShape, now: string): unknown {
  if (shape.enum) return shape.enum[0];
  switch (shape.type) {
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return 0;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'datetime':
      return now;
    default:
      return '';
  }
}

/**
 * Fills the attributes a create left out the way Klaviyo answers them: its default, else null where the spec
 * allows null, else an empty value of the type for an attribute every answer shows. Time stamps are set after.
 */
export function fillDefaults(ctx: StateContext, type: string, attributes: Record<string, unknown>): void {
  const now = ctx.state.timestamp();
  for (const [name, shape] of Object.entries(RESOURCES[type]?.attributes ?? {})) {
    if (name in attributes) continue;
    const fallback = DEFAULTS[type]?.[name];
    if (fallback !== undefined) attributes[name] = structuredClone(fallback);
    else if (shape.default !== undefined) attributes[name] = structuredClone(shape.default);
    else if (shape.nullable) attributes[name] = null;
    else if (shape.required) attributes[name] = blank(shape, now);
  }
}

/** Stamps `created`/`updated` style attributes with the mock's clock. */
export function stamp(ctx: StateContext, type: string, attributes: Record<string, unknown>, on: 'created' | 'updated') {
  const now = ctx.state.timestamp();
  for (const name of RESOURCE_TYPES[type]?.[on] ?? []) attributes[name] = now;
}

/** Klaviyo answers 400 when a write would give two records of a type the same value of a unique attribute. */
function checkUnique(ctx: StateContext, type: string, attributes: Record<string, unknown>, pointer: string, exceptId?: string) {
  for (const name of RESOURCE_TYPES[type]?.unique ?? []) {
    const value = attributes[name];
    if (value !== undefined && ctx.state.all(type).some((r) => r.id !== exceptId && r.attributes[name] === value))
      throw invalidBody(`${pointer}/attributes/${name}`, `A ${type} with ${name} ${JSON.stringify(value)} already exists.`);
  }
}

/**
 * Stores a new record of `type` from a resource object: its attributes (defaults filled, stamped), the id
 * Klaviyo would give it (409 when one with that id exists; `options.id` chooses one, for fixtures) and its
 * relationships. `options.pointer` is where the object sits in the request (`/data`, or a bulk job's row).
 */
export function insertRecord(
  ctx: StateContext,
  type: string,
  input: ResourceInput,
  options: { pointer?: string; id?: string } = {},
): StoredRecord {
  const pointer = options.pointer ?? '/data';
  const attributes = structuredClone(input.attributes ?? {});
  const id = options.id ?? IDENTITY[type]?.(input);
  if (id !== undefined && ctx.state.get(type, id))
    throw new ApiError(409, `A ${type} with id ${id} already exists.`, { code: 'conflict', source: { pointer } });
  checkUnique(ctx, type, attributes, pointer);
  fillDefaults(ctx, type, attributes);
  stamp(ctx, type, attributes, 'created');
  const record = ctx.state.insert(type, attributes, id !== undefined ? { id } : {});
  try {
    applyRelationships(ctx, record, input.relationships, pointer);
  } catch (error) {
    ctx.state.remove(type, record.id);
    throw error;
  }
  for (const [name, ids] of Object.entries(DEFAULT_RELATIONSHIPS[type] ?? {}))
    if (!input.relationships?.[name]) RELATIONS[type]![name]!.set!(ctx.state, record, ids);
  return record;
}

/** Merges a resource object's attributes (top level) and relationships into a stored record, and stamps it. */
export function mergeRecord(ctx: StateContext, record: StoredRecord, input: ResourceInput, pointer = '/data'): void {
  const attributes = structuredClone(input.attributes ?? {});
  checkUnique(ctx, record.type, attributes, pointer, record.id);
  Object.assign(record.attributes, attributes);
  applyRelationships(ctx, record, input.relationships, pointer);
  stamp(ctx, record.type, record.attributes, 'updated');
}

/**
 * Sets the relationships a write body names (`<pointer>/relationships/<name>/data`): each pointer must have the
 * relationship's type and name a stored record (400 pointing at it otherwise); `null` clears a to-one.
 */
export function applyRelationships(ctx: StateContext, record: StoredRecord, relationships: unknown, base = '/data'): void {
  if (!relationships || typeof relationships !== 'object') return;
  for (const [name, value] of Object.entries(relationships as Record<string, { data?: unknown }>)) {
    const def = RELATIONS[record.type]?.[name];
    if (!def?.set) throw invalidBody(`${base}/relationships/${name}`, `'${name}' is not a relationship that can be set.`);
    def.set(ctx.state, record, pointerIds(ctx, def, value?.data ?? null, `${base}/relationships/${name}/data`));
  }
}

/** The ids of JSON:API pointers to `def.type`, each checked to name a stored record. */
export function pointerIds(ctx: StateContext, def: RelationDef, data: unknown, pointer: string): string[] {
  if (data === null && !def.many) return [];
  const items = def.many ? data : [data];
  if (!Array.isArray(items)) throw invalidBody(pointer, `Expected a list of ${def.type} pointers.`);
  return items.map((item: any, i) => {
    const at = def.many ? `${pointer}/${i}` : pointer;
    if (item?.type !== def.type) throw invalidBody(`${at}/type`, `'type' must be '${def.type}'.`);
    if (typeof item.id !== 'string' || !ctx.state.get(def.type, item.id))
      throw invalidBody(`${at}/id`, `A ${def.type} with id ${String(item.id)} does not exist.`);
    return item.id;
  });
}

/**
 * The answer to a write: the operation's documented status (201, or 200 for a coupon code, 202 for a job),
 * with the record when the spec documents a body, else none (`PATCH /api/tags/{id}` answers 204).
 */
export function answer(ctx: HandlerContext, record: StoredRecord): HandlerResult {
  const status = ctx.op.success[0]!;
  return ANSWER_TYPES[ctx.op.id] ? { status, body: singleDocument(ctx, record) } : { status };
}
