/**
 * Read handlers shared by every resource: fetch one, list a collection (filter, sort, paginate, include),
 * follow a relationship (`/{id}/<related>`) and list relationship pointers (`/{id}/relationships/<related>`).
 */
import type { Handler, HandlerContext, HandlerResult } from '../context.js';
import { notFound } from '../errors.js';
import { evaluateFilter } from '../filter.js';
import { paginate } from '../pagination.js';
import { joinedAt, RELATIONS } from '../relations.js';
import { includedFor, selfLink, toResource, singleDocument } from '../serialize.js';
import type { StoredRecord } from '../state.js';

/** Default page sizes Klaviyo documents for collections whose table entry has none. */
const DEFAULT_PAGE_SIZE: Record<string, number> = {
  get_lists: 10,
  get_segments: 10,
  get_campaigns: 10,
  get_events: 200,
  get_metrics: 200,
};

/** The record at `params[param]`, or a 404. */
export function find(ctx: HandlerContext, type: string, param = 'id'): StoredRecord {
  const id = ctx.params[param] ?? '';
  const record = ctx.state.get(type, id);
  if (!record) throw notFound(type, id);
  return record;
}

/** The value of a filter/sort field on a record; `group` is the list or segment for member endpoints. */
export function fieldValue(record: StoredRecord, field: string, ctx: HandlerContext, group?: StoredRecord): unknown {
  if (field === 'id') return record.id;
  if (field === 'joined_group_at' && group) return joinedAt(ctx.state, group, record.id);
  switch (`${record.type}:${field}`) {
    case 'campaign:messages.channel':
      return record.extra['channel'];
    case 'event:metric_id':
      return record.rel['metric']?.[0];
    case 'event:profile_id':
    case 'event:profile':
      return record.rel['profile']?.[0];
    case 'profile-suppression-bulk-create-job:list_id':
    case 'profile-suppression-bulk-delete-job:list_id':
      return record.rel['list']?.[0];
    case 'profile-suppression-bulk-create-job:segment_id':
    case 'profile-suppression-bulk-delete-job:segment_id':
      return record.rel['segment']?.[0];
  }
  const fromAttributes = dig(record.attributes, field.split('.'));
  return fromAttributes !== undefined ? fromAttributes : record.extra[field];
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

/** `GET /api/<type>/{id}`. */
export const getOne =
  (type: string, param = 'id'): Handler =>
  (ctx) => ({ status: 200, body: singleDocument(ctx, find(ctx, type, param)) });

/** `GET /api/<type>`: every record of the type. */
export const listAll =
  (type: string): Handler =>
  (ctx) =>
    collection(ctx, ctx.state.all(type));

/** `GET /api/<type>/{id}/<relation>`: the related record(s). */
export const getRelated =
  (type: string, relation: string): Handler =>
  (ctx) => {
    const owner = find(ctx, type);
    const def = RELATIONS[type]![relation]!;
    const related = def
      .ids(ctx.state, owner)
      .map((id) => ctx.state.get(def.type, id))
      .filter((r): r is StoredRecord => r !== undefined);
    if (def.many)
      return collection(ctx, related, def.type === 'profile' && (type === 'list' || type === 'segment') ? { group: owner } : {});
    const target = related[0];
    return { status: 200, body: { data: target ? toResource(ctx, target) : null, links: { self: ctx.url.href } } };
  };

/** `GET /api/<type>/{id}/relationships/<relation>`: `{type, id}` pointers only. */
export const getRelationship =
  (type: string, relation: string): Handler =>
  (ctx) => {
    const owner = find(ctx, type);
    const def = RELATIONS[type]![relation]!;
    const links = {
      self: `${selfLink(ctx, type, owner.id)}relationships/${relation}/`,
      related: `${selfLink(ctx, type, owner.id)}${relation}/`,
    };
    if (!def.many) {
      const id = def.ids(ctx.state, owner)[0];
      return { status: 200, body: { data: id ? { type: def.type, id } : null, links } };
    }
    const records = def
      .ids(ctx.state, owner)
      .map((id) => ctx.state.get(def.type, id))
      .filter((r): r is StoredRecord => r !== undefined);
    const result = collection(
      ctx,
      records,
      def.type === 'profile' && (type === 'list' || type === 'segment') ? { group: owner } : {},
    );
    const body = result.body as { data: Array<{ type: string; id: string }>; links: Record<string, string> };
    return {
      status: 200,
      body: { data: body.data.map((r) => ({ type: r.type, id: r.id })), links: { ...body.links, ...links, self: ctx.url.href } },
    };
  };
