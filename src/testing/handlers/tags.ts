/**
 * Tag endpoints Klaviyo gives behaviour beyond their shape: deleting a tag group deletes its tags, and the
 * default group cannot be deleted (https://developers.klaviyo.com/en/reference/delete_tag_group). Tags, groups
 * and tagging campaigns, flows, lists and segments (either side of the relationship) are generic; a tag created
 * without a group joins the default group (records.ts).
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { ApiError } from '../errors.js';
import { RELATIONS } from '../relations.js';
import { find } from './generic.js';

/** The hand-written tag handlers, by operation id. */
export const tagHandlers = {
  delete_tag_group: (ctx) => {
    const group = find(ctx, 'tag-group');
    if (group.attributes['default'] === true) throw new ApiError(400, 'The default tag group cannot be deleted.');
    for (const id of RELATIONS['tag-group']!['tags']!.ids(ctx.state, group)) ctx.state.remove('tag', id);
    ctx.state.remove('tag-group', group.id);
    return { status: 204 };
  },
} satisfies Partial<Record<OperationId, Handler>>;
