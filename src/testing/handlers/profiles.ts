/** Profile endpoints: CRUD, import (upsert), merge, and the profile's lists and segments. */
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { singleDocument, toResource } from '../serialize.js';
import { find, getOne, getRelated, getRelationship, listAll } from './generic.js';
import { createProfile, duplicateProfile, findByIdentifiers, updateProfile, upsertProfile } from './profile-store.js';

const created = (ctx: Parameters<Handler>[0], record: Parameters<typeof toResource>[1], status: number) => ({
  status,
  body: { data: toResource(ctx, record), links: { self: ctx.url.href } },
});

export const profileHandlers = {
  get_profiles: listAll('profile'),
  get_profile: getOne('profile'),
  get_lists_for_profile: getRelated('profile', 'lists'),
  get_list_ids_for_profile: getRelationship('profile', 'lists'),
  get_segments_for_profile: getRelated('profile', 'segments'),
  get_segment_ids_for_profile: getRelationship('profile', 'segments'),

  create_profile: (ctx) => {
    const attrs = ctx.body.data.attributes ?? {};
    const existing = findByIdentifiers(ctx.state, attrs);
    if (existing) throw duplicateProfile(existing.id);
    return created(ctx, createProfile(ctx.state, attrs, { meta: ctx.body.data.meta }), 201);
  },

  update_profile: (ctx) => {
    const record = find(ctx, 'profile');
    updateProfile(ctx.state, record, ctx.body.data.attributes ?? {}, ctx.body.data.meta);
    return { status: 200, body: singleDocument(ctx, record) };
  },

  // Klaviyo answers 201 when the import created the profile and 200 when it updated an existing one.
  create_or_update_profile: (ctx) => {
    const { record, created: isNew } = upsertProfile(ctx.state, ctx.body.data);
    return created(ctx, record, isNew ? 201 : 200);
  },

  merge_profiles: (ctx) => {
    const { state } = ctx;
    const data = ctx.body.data;
    const destination = state.get('profile', String(data.id));
    if (!destination) throw invalidBody('/data/id', `A profile with id ${String(data.id)} does not exist.`);
    const sources: Array<{ id: string }> = data.relationships?.profiles?.data ?? [];
    if (!Array.isArray(sources) || sources.length === 0)
      throw invalidBody('/data/relationships/profiles/data', 'At least one source profile is required.');
    sources.forEach((s, i) => {
      if (!state.get('profile', s.id) || s.id === destination.id)
        throw invalidBody(`/data/relationships/profiles/data/${i}/id`, `Profile ${s.id} cannot be merged.`);
    });
    for (const { id } of sources) {
      const source = state.get('profile', id)!;
      // Fill the destination's empty fields from the source, move memberships and events, drop the source.
      for (const [key, value] of Object.entries(source.attributes))
        if (destination.attributes[key] === null && value !== null) destination.attributes[key] = value;
      for (const members of state.listMembers.values()) {
        const joined = members.get(id);
        if (joined !== undefined) {
          members.delete(id);
          if (!members.has(destination.id)) members.set(destination.id, joined);
        }
      }
      for (const event of state.all('event')) if (event.rel['profile']?.[0] === id) event.rel['profile'] = [destination.id];
      state.remove('profile', id);
    }
    destination.attributes['updated'] = state.timestamp();
    return {
      status: 201,
      body: {
        data: { type: 'profile', id: destination.id, links: { self: `${ctx.url.origin}/api/profiles/${destination.id}/` } },
      },
    };
  },
} satisfies Record<string, Handler>;
