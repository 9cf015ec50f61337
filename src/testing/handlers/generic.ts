/**
 * Behaviour driven by an operation's path and the resource tables, shared by every resource: list a
 * collection (filter, sort, paginate, include), fetch, create, update and delete one record, follow a
 * relationship (`/{id}/<related>`), list its pointers (`/{id}/relationships/<related>`) and edit them, read
 * a job (which advances it) and start a bulk job (`POST /api/<type>-bulk-<action>-jobs`, see bulk-jobs.ts).
 * `genericHandler` picks one of these from the operation's method and path shape, so an operation needs a
 * hand-written handler only where Klaviyo does something the shape does not say.
 */
import type { OperationSpec } from '../../core/operations.generated.js';
import type { Handler, HandlerContext, HandlerResult } from '../context.js';
import { invalidBody, notFound } from '../errors.js';
import { evaluateFilter } from '../filter.js';
import { paginate } from '../pagination.js';
import { joinedAt, RELATIONS, routeShape, type RelationDef } from '../relations.js';
import { REQUEST_TYPES, RESOURCES } from '../resources.generated.js';
import { includedFor, singleDocument, toResource } from '../serialize.js';
import type { StoredRecord } from '../state.js';
import { bulkJob, isBulkJob } from './bulk-jobs.js';
import { advanceJob } from './job-progress.js';
import { answer, insertRecord, mergeRecord, pointerIds } from './records.js';

/** Default page sizes Klaviyo documents for collections whose table entry has none. */
const DEFAULT_PAGE_SIZE: Record<string, number> = {
  get_lists: 10,
  get_segments: 10,
  get_campaigns: 10,
  get_events: 200,
  get_metrics: 200,
};

/** The handler an operation's method and path imply; throws for a shape that implies none. */
export function genericHandler(id: string, op: OperationSpec): Handler {
  const shape = routeShape(op.path);
  const method = op.method;
  // A bulk job is known by the type its body holds, whether or not the job can be read back.
  const requested = REQUEST_TYPES[id];
  if (method === 'POST' && requested && isBulkJob(requested)) return bulkJob(requested);
  if (shape?.kind === 'collection' && method === 'GET') return listAll(shape.type);
  if (shape?.kind === 'collection' && method === 'POST') return createRecord(shape.type);
  if (shape?.kind === 'resource' && method === 'GET') return getOne(shape.type, shape.param);
  if (shape?.kind === 'resource' && method === 'PATCH') return updateRecord(shape.type);
  if (shape?.kind === 'resource' && method === 'DELETE') return deleteRecord(shape.type);
  if (shape?.kind === 'related' && method === 'GET') return getRelated(shape.type, shape.relation);
  if (shape?.kind === 'relationship' && method === 'GET') return getRelationship(shape.type, shape.relation);
  if (shape?.kind === 'relationship' && RELATIONS[shape.type]![shape.relation]!.set)
    return editRelationship(shape.type, shape.relation, method === 'POST' ? 'add' : method === 'DELETE' ? 'remove' : 'replace');
  throw new Error(`klaviyo-ts/testing: no generic behaviour for ${id} (${method} ${op.path}); it needs a handler of its own`);
}

/** The record at `params[param]`, or a 404. */
export function find(ctx: HandlerContext, type: string, param = 'id'): StoredRecord {
  const id = ctx.params[param] ?? '';
  const record = ctx.state.get(type, id);
  if (!record) throw notFound(type, id);
  return record;
}

/**
 * The value of a filter/sort field on a record; `group` is the list or segment for member endpoints.
 * Most fields are attributes (dotted paths reach inside them); the cases below are fields Klaviyo filters on
 * that are not attributes of the resource it answers with.
 */
export function fieldValue(record: StoredRecord, field: string, ctx: HandlerContext, group?: StoredRecord): unknown {
  if (field === 'id' || (record.type === 'profile' && field === 'profile_id')) return record.id;
  if (field === 'joined_group_at' && group) return joinedAt(ctx.state, group, record.id);
  const definition = record.attributes['definition'] as Record<string, any> | null | undefined;
  switch (`${record.type}:${field}`) {
    case 'campaign:messages.channel':
      return record.extra['channel'];
    case 'event:metric_id':
      return record.rel['metric']?.[0];
    case 'event:profile_id':
    case 'event:profile':
      return record.rel['profile']?.[0];
    case 'event:metric':
      return record.rel['metric']?.[0];
    case 'profile:_kx':
      return record.extra['_kx'];
    case 'profile:push_token':
      return ctx.state
        .all('push-token')
        .filter((t) => t.rel['profile']?.[0] === record.id)
        .map((t) => t.attributes['token']);
    case 'push-token:profile.id':
      return record.rel['profile']?.[0];
    case 'profile-suppression-bulk-create-job:list_id':
    case 'profile-suppression-bulk-delete-job:list_id':
      return record.rel['lists']?.[0];
    case 'profile-suppression-bulk-create-job:segment_id':
    case 'profile-suppression-bulk-delete-job:segment_id':
      return record.rel['segments']?.[0];
    // 2026-07-15 keeps a flow action's type and status inside its encoded definition. The filter still says
    // `action_type`; both spellings match: the definition's (`send-email`) and the former one (`SEND_EMAIL`).
    case 'flow-action:action_type':
      return typeof definition?.['type'] === 'string'
        ? [definition['type'], definition['type'].toUpperCase().replaceAll('-', '_')]
        : undefined;
    case 'flow-action:status':
      return definition?.['data']?.['status'];
    case 'flow-message:name':
      return definition?.['name'];
  }
  const fromAttributes = dig(record.attributes, field.split('.'));
  if (fromAttributes !== undefined) return fromAttributes;
  // `category.id`, `item.id`, `coupon.id`, `profile.id`: the ids of the related records (a list matches
  // when one of them does), under the relationship's name, singular or plural.
  const related = /^([\w-]+)\.id$/.exec(field)?.[1];
  if (related) {
    const ids = relatedIds(ctx, record, related);
    if (ids) return ids;
  }
  return record.extra[field];
}

/** The ids `record` points to through relationship `name` (or its plural), as stored on either side. */
function relatedIds(ctx: HandlerContext, record: StoredRecord, name: string): string[] | undefined {
  const relations = RELATIONS[record.type] ?? {};
  const relation = [name, `${name}s`, name.replace(/y$/, 'ies')].find((n) => relations[n]);
  return relation ? relations[relation]!.ids(ctx.state, record) : undefined;
}

/** Follows a dotted path; through arrays it collects the values of every element. */
function dig(value: unknown, path: string[]): unknown {
  if (path.length === 0) return value;
  if (Array.isArray(value))
    return value.flatMap((v) => {
      const found = dig(v, path);
      return found === undefined ? [] : [found];
    });
  if (!value || typeof value !== 'object') return undefined;
  return dig((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** Applies the request's filter and sort, then pages: the body of every collection endpoint. */
export function collection(ctx: HandlerContext, records: StoredRecord[], options: { group?: StoredRecord } = {}): HandlerResult {
  const { filter, sort } = ctx.query;
  let items = filter
    ? records.filter((r) => evaluateFilter(filter, (field) => fieldValue(r, field, ctx, options.group)))
    : [...records];
  if (sort) {
    const sign = sort.descending ? -1 : 1;
    items.sort(
      (a, b) => sign * compare(fieldValue(a, sort.field, ctx, options.group), fieldValue(b, sort.field, ctx, options.group)),
    );
  }
  const paged = ctx.op.query.includes('page[cursor]') || ctx.op.query.includes('page[size]');
  const size = ctx.query.pageSize ?? ctx.op.pageSize?.default ?? DEFAULT_PAGE_SIZE[ctx.op.id] ?? 20;
  const { page, links } = paged
    ? paginate(items, ctx.url, ctx.query.offset, size)
    : { page: items, links: { self: ctx.url.href } };
  items = page;
  const body: Record<string, unknown> = {
    data: items.map((r) => {
      const joined = options.group ? joinedAt(ctx.state, options.group, r.id) : undefined;
      return toResource(ctx, r, {
        include: ctx.query.include,
        ...(joined ? { extraAttributes: { joined_group_at: joined } } : {}),
      });
    }),
    links,
  };
  const included = includedFor(ctx, items);
  if (included) body['included'] = included;
  return { status: 200, body };
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Asynchronous jobs (`*-job` types with a status) move one step each time they are read; see job-progress.ts. */
const isJob = (type: string) => type.endsWith('-job') && 'status' in (RESOURCES[type]?.attributes ?? {});

/** `GET /api/<type>/{id}` (a job advances first). */
export const getOne =
  (type: string, param = 'id'): Handler =>
  (ctx) => {
    const record = find(ctx, type, param);
    if (isJob(type)) advanceJob(ctx.state, record);
    return { status: 200, body: singleDocument(ctx, record) };
  };

/** `GET /api/<type>`: every record of the type (jobs advance first). */
export const listAll =
  (type: string): Handler =>
  (ctx) => {
    const records = ctx.state.all(type);
    if (isJob(type)) for (const job of records) advanceJob(ctx.state, job);
    return collection(ctx, records);
  };

/** The records a relationship points at, in order (dangling pointers skipped). */
function relatedRecords(ctx: HandlerContext, owner: StoredRecord, def: RelationDef): StoredRecord[] {
  return def
    .ids(ctx.state, owner)
    .map((id) => ctx.state.get(def.type, id))
    .filter((r): r is StoredRecord => r !== undefined);
}

/** List and segment members carry `joined_group_at`, and filter on it. */
const memberGroup = (owner: StoredRecord, def: RelationDef) =>
  def.type === 'profile' && (owner.type === 'list' || owner.type === 'segment') ? { group: owner } : {};

/** `GET /api/<type>/{id}/<relation>`: the related record(s). */
export const getRelated =
  (type: string, relation: string): Handler =>
  (ctx) => {
    const owner = find(ctx, type);
    const def = RELATIONS[type]![relation]!;
    const related = relatedRecords(ctx, owner, def);
    if (def.many) return collection(ctx, related, memberGroup(owner, def));
    const target = related[0];
    return { status: 200, body: { data: target ? toResource(ctx, target) : null, links: { self: ctx.url.href } } };
  };

/** `GET /api/<type>/{id}/relationships/<relation>`: `{type, id}` pointers only. */
export const getRelationship =
  (type: string, relation: string): Handler =>
  (ctx) => {
    const owner = find(ctx, type);
    const def = RELATIONS[type]![relation]!;
    if (!def.many) {
      const id = def.ids(ctx.state, owner)[0];
      return { status: 200, body: { data: id ? { type: def.type, id } : null, links: { self: ctx.url.href } } };
    }
    const result = collection(ctx, relatedRecords(ctx, owner, def), memberGroup(owner, def));
    const body = result.body as { data: Array<{ type: string; id: string }>; links: Record<string, string> };
    return {
      status: 200,
      body: { data: body.data.map((r) => ({ type: r.type, id: r.id })), links: { ...body.links, self: ctx.url.href } },
    };
  };

/** `POST /api/<type>`: stores the body's attributes and relationships; the record, with the documented status. */
export const createRecord =
  (type: string): Handler =>
  (ctx) =>
    answer(ctx, insertRecord(ctx, type, ctx.body.data));

/** `PATCH /api/<type>/{id}`: merges the body's attributes (top level) and relationships; the record, or 204. */
export const updateRecord =
  (type: string): Handler =>
  (ctx) => {
    const record = find(ctx, type);
    mergeRecord(ctx, record, ctx.body.data);
    return answer(ctx, record);
  };

/** `DELETE /api/<type>/{id}`: 204. */
export const deleteRecord =
  (type: string): Handler =>
  (ctx) => {
    ctx.state.remove(type, find(ctx, type).id);
    return { status: 204 };
  };

/**
 * `POST` (add), `DELETE` (remove) or `PATCH` (replace) on `/api/<type>/{id}/relationships/<relation>`: 204.
 * A `PATCH` naming one pointer of a to-many relationship edits that relationship's `meta` (an object schema's
 * relationship name and description, https://developers.klaviyo.com/en/reference/update_object_schema_relationship),
 * which the mock does not keep: the pointer must be one the record has.
 */
export const editRelationship =
  (type: string, relation: string, mode: 'add' | 'remove' | 'replace'): Handler =>
  (ctx) => {
    const owner = find(ctx, type);
    const def = RELATIONS[type]![relation]!;
    if (mode === 'replace' && def.many && !Array.isArray(ctx.body.data)) {
      const [id] = pointerIds(ctx, { ...def, many: false }, ctx.body.data, '/data');
      if (!def.ids(ctx.state, owner).includes(id!))
        throw invalidBody('/data/id', `The ${type} ${owner.id} has no ${relation} relationship with ${id}.`);
      return { status: 204 };
    }
    const ids = pointerIds(ctx, def, ctx.body.data, '/data');
    const current = def.ids(ctx.state, owner);
    const next =
      mode === 'replace'
        ? ids
        : mode === 'add'
          ? [...current, ...ids.filter((id) => !current.includes(id))]
          : current.filter((id) => !ids.includes(id));
    def.set!(ctx.state, owner, next);
    return { status: 204 };
  };

/** A fresh record's answer, `{ data, links }` without `included`. */
export function created(ctx: HandlerContext, record: StoredRecord, status = 201): HandlerResult {
  return { status, body: { data: toResource(ctx, record), links: { self: ctx.url.href } } };
}
