/**
 * Profile endpoints Klaviyo gives behaviour beyond their shape: create (409 on a taken identifier), update,
 * import (upsert), merge, registering push tokens, deletion for data privacy and conversation messages. Reads,
 * lists, segments, push tokens, conversations and relationship routes are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { singleDocument } from '../serialize.js';
import type { MockState } from '../state.js';
import { created, find } from './generic.js';
import { createProfile, duplicateProfile, findByIdentifiers, updateProfile, upsertProfile } from './profile-store.js';

/** What identifies the profile of a push token or an event, besides its id. */
const IDENTIFIERS = ['email', 'phone_number', 'external_id', 'anonymous_id', '_kx'];

/**
 * https://developers.klaviyo.com/en/reference/create_push_token (and the client API's create_client_push_token):
 * creates or updates the token (keyed by the token itself) and the profile it names; 202 without a body.
 */
export const registerPushToken: Handler = (ctx) => {
  const attrs = ctx.body.data.attributes;
  const profileData = attrs.profile?.data ?? {};
  const identifiers = profileData.attributes ?? {};
  if (!profileData.id && !IDENTIFIERS.some((k) => typeof identifiers[k] === 'string' && identifiers[k] !== ''))
    throw invalidBody('/data/attributes/profile/data/attributes', `The profile needs an id or one of ${IDENTIFIERS.join(', ')}.`);
  const { record: profile } = upsertProfile(ctx.state, profileData);
  const now = ctx.state.timestamp();
  const fields = {
    token: attrs.token,
    enablement_status: attrs.enablement_status ?? 'AUTHORIZED',
    platform: attrs.platform,
    vendor: attrs.vendor,
    background: attrs.background ?? 'AVAILABLE',
    recorded_date: now,
    metadata: attrs.device_metadata ?? null,
  };
  const existing = ctx.state.all('push-token').find((t) => t.attributes['token'] === attrs.token);
  if (existing) {
    Object.assign(existing.attributes, fields);
    existing.rel['profile'] = [profile.id];
  } else ctx.state.insert('push-token', { created: now, ...fields }, { rel: { profile: [profile.id] } });
  return { status: 202 };
};

/** Deletes a profile with its list memberships, events, push tokens and conversations. */
function deleteProfile(state: MockState, id: string): void {
  for (const members of [...state.listMembers.values(), ...state.segmentMembers.values()]) members.delete(id);
  for (const type of ['event', 'push-token', 'conversation'])
    for (const record of state.all(type)) if (record.rel['profile']?.[0] === id) state.remove(type, record.id);
  state.remove('profile', id);
}

/** The hand-written profile handlers, by operation id. */
export const profileHandlers = {
  create_profile: (ctx) => {
    const attrs = ctx.body.data.attributes ?? {};
    const existing = findByIdentifiers(ctx.state, attrs);
    if (existing) throw duplicateProfile(existing.id);
    return created(ctx, createProfile(ctx.state, attrs, { meta: ctx.body.data.meta }));
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

  // 2026-07-15: the destination is `data.id`, the profiles merged into it are `data.relationships.profiles`.
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
      // Fill the destination's empty fields from the source; move memberships, events and push tokens; drop the source.
      for (const [key, value] of Object.entries(source.attributes))
        if (destination.attributes[key] === null && value !== null) destination.attributes[key] = value;
      for (const members of state.listMembers.values()) {
        const joined = members.get(id);
        if (joined !== undefined) {
          members.delete(id);
          if (!members.has(destination.id)) members.set(destination.id, joined);
        }
      }
      for (const type of ['event', 'push-token', 'conversation'])
        for (const record of state.all(type)) if (record.rel['profile']?.[0] === id) record.rel['profile'] = [destination.id];
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

  create_push_token: registerPushToken,

  // https://developers.klaviyo.com/en/reference/request_profile_deletion: names the profile by exactly one of
  // id, email or phone number; Klaviyo deletes it and everything recorded about it. 202 without a body (a
  // profile that does not exist deletes nothing).
  request_profile_deletion: (ctx) => {
    const data = ctx.body.data.attributes.profile?.data ?? {};
    const named = [
      ...(data.id !== undefined ? [['id', data.id]] : []),
      ...['email', 'phone_number'].filter((k) => data.attributes?.[k] != null).map((k) => [k, data.attributes[k]]),
    ];
    if (named.length !== 1)
      throw invalidBody('/data/attributes/profile/data', 'Name the profile by exactly one of id, email or phone_number.');
    const [key, value] = named[0]!;
    const profile =
      key === 'id' ? ctx.state.get('profile', String(value)) : ctx.state.all('profile').find((p) => p.attributes[key!] === value);
    if (profile) deleteProfile(ctx.state, profile.id);
    return { status: 202 };
  },

  // https://developers.klaviyo.com/en/reference/create_conversation_message: a message sent in an existing
  // conversation. No route reads messages back; the mock keeps them as `conversation-message` records.
  create_conversation_message: (ctx) => {
    const data = ctx.body.data;
    const id = data.relationships?.conversation?.data?.id;
    if (typeof id !== 'string' || !ctx.state.get('conversation', id))
      throw invalidBody('/data/relationships/conversation/data/id', `A conversation with id ${String(id)} does not exist.`);
    ctx.state.insert('conversation-message', structuredClone(data.attributes), { rel: { conversation: [id] } });
    return { status: 202 };
  },
} satisfies Partial<Record<OperationId, Handler>>;
