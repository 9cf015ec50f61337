/**
 * List endpoints Klaviyo gives behaviour beyond their shape: create and rename (a non-empty name), and
 * delete (with the membership). Membership edits, members, tags and triggered flows are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { singleDocument } from '../serialize.js';
import { created, find } from './generic.js';

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '')
    throw invalidBody('/data/attributes/name', "'name' must be a non-empty string.");
  return name;
}

/** The hand-written list handlers, by operation id. */
export const listHandlers = {
  create_list: (ctx) => {
    const name = checkName(ctx.body.data.attributes.name);
    const now = ctx.state.timestamp();
    const record = ctx.state.insert('list', {
      name,
      created: now,
      updated: now,
      opt_in_process: ctx.body.data.attributes.opt_in_process ?? 'single_opt_in',
    });
    ctx.state.listMembers.set(record.id, new Map());
    return created(ctx, record);
  },

  update_list: (ctx) => {
    const record = find(ctx, 'list');
    const attrs = ctx.body.data.attributes ?? {};
    if ('name' in attrs) record.attributes['name'] = checkName(attrs.name);
    if ('opt_in_process' in attrs) record.attributes['opt_in_process'] = attrs.opt_in_process;
    record.attributes['updated'] = ctx.state.timestamp();
    return { status: 200, body: singleDocument(ctx, record) };
  },

  delete_list: (ctx) => {
    const record = find(ctx, 'list');
    ctx.state.remove('list', record.id);
    ctx.state.listMembers.delete(record.id);
    return { status: 204 };
  },
} satisfies Partial<Record<OperationId, Handler>>;
