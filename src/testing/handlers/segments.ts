/** Segment endpoints: CRUD and the segment's members, tags and triggered flows. */
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { singleDocument, toResource } from '../serialize.js';
import { find, getOne, getRelated, getRelationship, listAll } from './generic.js';

/** A definition must hold `condition_groups`, each with `conditions`; the mock evaluates list membership. */
function checkDefinition(definition: unknown): void {
  const groups = (definition as { condition_groups?: unknown } | null)?.condition_groups;
  if (!Array.isArray(groups) || groups.some((g) => !Array.isArray((g as { conditions?: unknown }).conditions))) {
    throw invalidBody('/data/attributes/definition', "'definition' needs condition_groups, each with a list of conditions.");
  }
}

export const segmentHandlers = {
  get_segments: listAll('segment'),
  get_segment: getOne('segment'),
  get_profiles_for_segment: getRelated('segment', 'profiles'),
  get_profile_ids_for_segment: getRelationship('segment', 'profiles'),
  get_tags_for_segment: getRelated('segment', 'tags'),
  get_tag_ids_for_segment: getRelationship('segment', 'tags'),
  get_flows_triggered_by_segment: getRelated('segment', 'flow-triggers'),
  get_ids_for_flows_triggered_by_segment: getRelationship('segment', 'flow-triggers'),

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
    return { status: 201, body: { data: toResource(ctx, record), links: { self: ctx.url.href } } };
  },

  update_segment: (ctx) => {
    const record = find(ctx, 'segment');
    const attrs = ctx.body.data.attributes ?? {};
    if ('definition' in attrs) {
      checkDefinition(attrs.definition);
      record.attributes['definition'] = attrs.definition;
      ctx.state.segmentMembers.delete(record.id); // membership now follows the new definition
    }
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
} satisfies Record<string, Handler>;
