/**
 * Segment endpoints Klaviyo gives behaviour beyond their shape: create and update (a definition of condition
 * groups, which the mock evaluates for list membership) and delete. Members, tags and triggered flows are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { singleDocument } from '../serialize.js';
import { created, find } from './generic.js';

/** A definition must hold `condition_groups`, each with `conditions`; the mock evaluates list membership. */
function checkDefinition(definition: unknown): void {
  const groups = (definition as { condition_groups?: unknown } | null)?.condition_groups;
  if (!Array.isArray(groups) || groups.some((g) => !Array.isArray((g as { conditions?: unknown }).conditions))) {
    throw invalidBody('/data/attributes/definition', "'definition' needs condition_groups, each with a list of conditions.");
  }
}

/** The hand-written segment handlers, by operation id. */
export const segmentHandlers = {
  create_segment: (ctx) => {
    const attrs = ctx.body.data.attributes;
    if (typeof attrs.name !== 'string' || attrs.name === '')
      throw invalidBody('/data/attributes/name', "'name' must be a non-empty string.");
    checkDefinition(attrs.definition);
    const now = ctx.state.timestamp();
    const record = ctx.state.insert('segment', {
      name: attrs.name,
      definition: attrs.definition,
      created: now,
      updated: now,
      is_active: true,
      is_processing: false,
      is_starred: attrs.is_starred === true,
    });
    return created(ctx, record);
  },

  update_segment: (ctx) => {
    const record = find(ctx, 'segment');
    const attrs = ctx.body.data.attributes ?? {};
    if ('definition' in attrs) {
      checkDefinition(attrs.definition);
      record.attributes['definition'] = attrs.definition;
      ctx.state.segmentMembers.delete(record.id); // membership now follows the new definition
    }
    // https://developers.klaviyo.com/en/reference/update_segment: deactivating must be the request's only change.
    if (attrs.is_active === false && Object.keys(attrs).length > 1)
      throw invalidBody('/data/attributes/is_active', 'Deactivating a segment cannot be combined with other changes.');
    if (typeof attrs.is_active === 'boolean') record.attributes['is_active'] = attrs.is_active;
    if (typeof attrs.name === 'string') record.attributes['name'] = attrs.name;
    if (typeof attrs.is_starred === 'boolean') record.attributes['is_starred'] = attrs.is_starred;
    record.attributes['updated'] = ctx.state.timestamp();
    return { status: 200, body: singleDocument(ctx, record) };
  },

  delete_segment: (ctx) => {
    const record = find(ctx, 'segment');
    ctx.state.remove('segment', record.id);
    ctx.state.segmentMembers.delete(record.id);
    return { status: 204 };
  },
} satisfies Partial<Record<OperationId, Handler>>;
