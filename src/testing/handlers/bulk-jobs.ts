/**
 * Bulk jobs named `<type>-bulk-<create|update|delete>-job` (catalog items, variants and categories, coupon
 * codes, object records): one piece serves them all. The job's rows are the resource objects of the body's one
 * list (`data.attributes.items.data`, or `data.relationships.object-records.data` for object records), applied
 * when the job is accepted like a single create, update or delete of the row's type; a row that fails is one of
 * the job's `errors` and the others still apply, as Klaviyo reports them
 * (https://developers.klaviyo.com/en/reference/bulk_create_catalog_items). The job then advances on reads
 * (job-progress.ts), showing its counts once complete, and points at the records it made or changed.
 */
import type { Handler, HandlerContext } from '../context.js';
import { ApiError, invalidBody } from '../errors.js';
import { RELATIONS } from '../relations.js';
import { isoSeconds } from '../state.js';
import { answer, fillDefaults, insertRecord, mergeRecord, type ResourceInput } from './records.js';

const BULK = /^(.+)-bulk-(create|update|delete)-job$/;
const DAY = 24 * 3600 * 1000;

/** Whether `type` is a bulk job this module serves. */
export const isBulkJob = (type: string) => BULK.test(type);

/** Where a bulk job's rows sit in its body: the attribute or relationship whose `data` is a list. */
function rowsOf(data: Record<string, any>): { pointer: string; rows: ResourceInput[] } {
  for (const part of ['attributes', 'relationships'] as const)
    for (const [name, value] of Object.entries<any>(data[part] ?? {}))
      if (Array.isArray(value?.data)) return { pointer: `/data/${part}/${name}/data`, rows: value.data };
  throw invalidBody('/data/attributes', 'The job needs a list of rows.');
}

/** Applies one row; returns the id of the record it made or changed. */
function applyRow(ctx: HandlerContext, type: string, action: string, row: ResourceInput, pointer: string): string {
  if (action === 'create') return insertRecord(ctx, type, row, { pointer }).id;
  const record = typeof row.id === 'string' ? ctx.state.get(type, row.id) : undefined;
  if (!record)
    throw new ApiError(404, `A ${type} with id ${String(row.id)} does not exist.`, { source: { pointer: `${pointer}/id` } });
  if (action === 'update') mergeRecord(ctx, record, row, pointer);
  else ctx.state.remove(type, record.id);
  return record.id;
}

/** `POST /api/<type>-bulk-<action>-jobs`: applies the rows and answers the queued job (202). */
export function bulkJob(jobType: string): Handler {
  const [, type, action] = BULK.exec(jobType)!;
  // The job's relationship to the records it handles (a catalog job's `items`, a coupon job's `coupon-codes`).
  const relation = Object.entries(RELATIONS[jobType] ?? {}).find(([, def]) => def.type === type && def.many)?.[0];
  return (ctx) => {
    const { pointer, rows } = rowsOf(ctx.body.data);
    const done: string[] = [];
    const errors: unknown[] = [];
    rows.forEach((row, i) => {
      const at = `${pointer}/${i}`;
      try {
        done.push(applyRow(ctx, type!, action!, row, at));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const { id, code, title, detail, source } = error.errors[0]!;
        errors.push({ id, code, title, detail, source: 'pointer' in source ? source : { pointer: at } });
      }
    });
    const now = ctx.state.now().getTime();
    const attributes: Record<string, unknown> = {
      status: 'queued',
      created_at: isoSeconds(now),
      total_count: rows.length,
      completed_count: 0,
      failed_count: 0,
      errors: [],
      completed_at: null,
      expires_at: isoSeconds(now + 7 * DAY),
    };
    fillDefaults(ctx, jobType, attributes);
    const job = ctx.state.insert(jobType, attributes, {
      rel: relation && action !== 'delete' ? { [relation]: done } : {},
      extra: { final: { completed_count: done.length, failed_count: errors.length, errors } },
    });
    return answer(ctx, job);
  };
}
