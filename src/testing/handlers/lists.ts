/** List endpoints: CRUD, membership edits (204) and the list's members, tags and triggered flows. */
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { singleDocument, toResource } from '../serialize.js';
import { find, getOne, getRelated, getRelationship, listAll } from './generic.js';
import { addToList } from './profile-store.js';

/** Each pointer must name a stored profile; Klaviyo refuses the whole call otherwise. */
function profileIds(ctx: Parameters<Handler>[0]): string[] {
  const data = ctx.body.data as Array<{ id: string }>;
  return data.map(({ id }, i) => {
    if (!ctx.state.get('profile', id)) throw invalidBody(`/data/${i}/id`, `A profile with id ${id} does not exist.`);
    return id;
  });
}

export const listHandlers = {
  get_lists: listAll('list'),
  get_list: getOne('list'),
  get_profiles_for_list: getRelated('list', 'profiles'),
  get_profile_ids_for_list: getRelationship('list', 'profiles'),
  get_tags_for_list: getRelated('list', 'tags'),
  get_tag_ids_for_list: getRelationship('list', 'tags'),
  get_flows_triggered_by_list: getRelated('list', 'flow-triggers'),
  get_ids_for_flows_triggered_by_list: getRelationship('list', 'flow-triggers'),

  create_list: (ctx) => {
    const attrs = ctx.body.data.attributes;
    if (typeof attrs.name !== 'string' || attrs.name.trim() === '')
      throw invalidBody('/data/attributes/name', "'name' must be a non-empty string.");
    const now = ctx.state.timestamp();
    const record = ctx.state.insert('list', { name: attrs.name, created: now, updated: now, opt_in_process: 'single_opt_in' });
    return { status: 201, body: { data: toResource(ctx, record), links: { self: ctx.url.href } } };
  },

  update_list: (ctx) => {
    const record = find(ctx, 'list');
    const attrs = ctx.body.data.attributes ?? {};
    if ('name' in attrs) {
      if (typeof attrs.name !== 'string' || attrs.name.trim() === '')
        throw invalidBody('/data/attributes/name', "'name' must be a non-empty string.");
      record.attributes['name'] = attrs.name;
    }
    record.attributes['updated'] = ctx.state.timestamp();
    return { status: 200, body: singleDocument(ctx, record) };
  },

  delete_list: (ctx) => {
    const record = find(ctx, 'list');
    ctx.state.remove('list', record.id);
    ctx.state.listMembers.delete(record.id);
    return { status: 204 };
  },

  add_profiles_to_list: (ctx) => {
    const list = find(ctx, 'list');
    const joined = ctx.state.timestamp();
    for (const id of profileIds(ctx)) addToList(ctx.state, list.id, id, joined);
    return { status: 204 };
  },

  remove_profiles_from_list: (ctx) => {
    const list = find(ctx, 'list');
    const members = ctx.state.listMembers.get(list.id);
    for (const id of profileIds(ctx)) members?.delete(id);
    return { status: 204 };
  },
} satisfies Record<string, Handler>;
