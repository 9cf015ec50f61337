/**
 * Creating, finding and updating profiles — shared by the profile endpoints, profile import, bulk jobs,
 * event creation (which creates its profile on the fly) and seeding.
 */
import { ApiError, invalidBody, notFound } from '../errors.js';
import { segmentMembers } from '../relations.js';
import type { MockState, StoredRecord } from '../state.js';
import { checkProfileAttributes } from '../validate.js';

/** Wire attributes a client may set on a profile. */
const WRITABLE = [
  'email',
  'phone_number',
  'external_id',
  'first_name',
  'last_name',
  'organization',
  'locale',
  'title',
  'image',
] as const;
const LOCATION_KEYS = [
  'address1',
  'address2',
  'city',
  'country',
  'latitude',
  'longitude',
  'region',
  'zip',
  'timezone',
  'ip',
] as const;
/** Identifiers Klaviyo deduplicates profiles on. */
export const IDENTIFIERS = ['email', 'phone_number', 'external_id'] as const;

/** Subscription state of a profile that never consented to anything. */
export function defaultSubscriptions(): Record<string, unknown> {
  const base = { consent: 'NEVER_SUBSCRIBED', consent_timestamp: null, method: null, method_detail: null, last_updated: null };
  return {
    email: {
      marketing: {
        can_receive_email_marketing: false,
        ...base,
        custom_method_detail: null,
        double_optin: null,
        suppression: [],
        list_suppressions: [],
      },
    },
    sms: {
      marketing: { can_receive_sms_marketing: false, ...base },
      transactional: { can_receive_sms_transactional: false, ...base },
    },
    mobile_push: { marketing: { can_receive_push_marketing: false, consent: 'NEVER_SUBSCRIBED', consent_timestamp: null } },
  };
}

function emptyPredictiveAnalytics(): Record<string, null> {
  const keys = [
    'historic_clv',
    'predicted_clv',
    'total_clv',
    'historic_number_of_orders',
    'predicted_number_of_orders',
    'average_days_between_orders',
    'average_order_value',
    'churn_probability',
    'expected_date_of_next_order',
    'ranked_channel_affinity',
  ];
  return Object.fromEntries(keys.map((k) => [k, null]));
}

/**
 * The profile that already owns any of these identifiers (other than `exceptId`). The web and mobile ids
 * (`_kx`, `anonymous_id`) are not attributes since 2026-07-15 but still find the profile they were given to.
 */
export function findByIdentifiers(state: MockState, attrs: Record<string, unknown>, exceptId?: string): StoredRecord | undefined {
  for (const key of [...IDENTIFIERS, ...HIDDEN_IDENTIFIERS]) {
    const value = attrs[key];
    if (typeof value !== 'string' || value === '') continue;
    const stored = (p: StoredRecord) =>
      IDENTIFIERS.includes(key as (typeof IDENTIFIERS)[number]) ? p.attributes[key] : p.extra[key];
    const match = state.all('profile').find((p) => p.id !== exceptId && stored(p) === value);
    if (match) return match;
  }
  return undefined;
}

/** Identifiers kept beside a profile's attributes, never shown. */
const HIDDEN_IDENTIFIERS = ['_kx', 'anonymous_id'] as const;

/** Stores a new profile from request attributes (unknown keys are ignored, missing ones are null). */
export function createProfile(
  state: MockState,
  attrs: Record<string, unknown>,
  init: { id?: string; created?: string; meta?: unknown } = {},
): StoredRecord {
  const now = init.created ?? state.timestamp();
  const attributes: Record<string, unknown> = {};
  for (const key of WRITABLE) attributes[key] = attrs[key] ?? null;
  attributes['created'] = now;
  attributes['updated'] = now;
  attributes['last_event_date'] = null;
  attributes['location'] = Object.fromEntries(
    LOCATION_KEYS.map((k) => [k, (attrs['location'] as Record<string, unknown> | undefined)?.[k] ?? null]),
  );
  attributes['properties'] = { ...((attrs['properties'] as Record<string, unknown> | undefined) ?? {}) };
  attributes['subscriptions'] = defaultSubscriptions();
  attributes['predictive_analytics'] = emptyPredictiveAnalytics();
  const record = state.insert('profile', attributes, {
    ...(init.id ? { id: init.id } : {}),
    extra: { anonymous_id: attrs['anonymous_id'], _kx: attrs['_kx'] },
  });
  applyPatchProperties(record, init.meta);
  return record;
}

/** Merges request attributes into a profile (null clears a field), then applies `meta.patch_properties`. */
export function updateProfile(state: MockState, record: StoredRecord, attrs: Record<string, unknown>, meta?: unknown): void {
  const conflict = findByIdentifiers(state, attrs, record.id);
  if (conflict) throw duplicateProfile(conflict.id);
  for (const key of WRITABLE) if (key in attrs) record.attributes[key] = attrs[key] ?? null;
  for (const key of HIDDEN_IDENTIFIERS) if (typeof attrs[key] === 'string') record.extra[key] = attrs[key];
  if (attrs['location'] && typeof attrs['location'] === 'object') {
    Object.assign(
      record.attributes['location'] as object,
      pickKnown(attrs['location'] as Record<string, unknown>, LOCATION_KEYS),
    );
  }
  if (attrs['properties'] && typeof attrs['properties'] === 'object') {
    Object.assign(record.attributes['properties'] as object, attrs['properties']);
  }
  record.attributes['updated'] = state.timestamp();
  applyPatchProperties(record, meta);
}

function pickKnown(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([k]) => keys.includes(k)));
}

/** `meta.patch_properties`: `append`/`unappend` to list properties and `unset` properties. */
function applyPatchProperties(record: StoredRecord, meta: unknown): void {
  const patch = (
    meta as
      | { patch_properties?: { append?: Record<string, unknown>; unappend?: Record<string, unknown>; unset?: string | string[] } }
      | undefined
  )?.patch_properties;
  if (!patch) return;
  const props = record.attributes['properties'] as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch.append ?? {})) {
    const current = props[key];
    props[key] = [
      ...(Array.isArray(current) ? current : current === undefined ? [] : [current]),
      ...(Array.isArray(value) ? value : [value]),
    ];
  }
  for (const [key, value] of Object.entries(patch.unappend ?? {})) {
    const current = props[key];
    if (Array.isArray(current)) props[key] = current.filter((v) => !(Array.isArray(value) ? value : [value]).includes(v));
  }
  for (const key of typeof patch.unset === 'string' ? [patch.unset] : (patch.unset ?? [])) delete props[key];
}

/** 409 as Klaviyo answers a create for an identifier that is taken, carrying the existing profile's id. */
export function duplicateProfile(existingId: string): ApiError {
  return new ApiError(409, 'A profile already exists with one of these identifiers.', {
    code: 'duplicate_profile',
    source: { pointer: '/data/attributes' },
    meta: { duplicate_profile_id: existingId },
  });
}

/** Finds or creates the profile a request names by id or identifiers; returns it and whether it is new. */
export function upsertProfile(
  state: MockState,
  data: { id?: unknown; attributes?: Record<string, unknown>; meta?: unknown },
): { record: StoredRecord; created: boolean } {
  const attrs = data.attributes ?? {};
  const byId = typeof data.id === 'string' ? state.get('profile', data.id) : undefined;
  if (typeof data.id === 'string' && !byId) throw notFound('profile', data.id);
  const existing = byId ?? findByIdentifiers(state, attrs);
  if (existing) {
    // An upsert never moves an identifier away from another profile: it updates the profile it matched.
    const owner = findByIdentifiers(state, attrs, existing.id);
    if (owner) throw duplicateProfile(owner.id);
    updateProfile(state, existing, attrs, data.meta);
    return { record: existing, created: false };
  }
  return { record: createProfile(state, attrs, { meta: data.meta }), created: true };
}

/** Adds a profile to a list (keeping the first join date). */
export function addToList(state: MockState, listId: string, profileId: string, joinedAt: string): void {
  let members = state.listMembers.get(listId);
  if (!members) {
    members = new Map();
    state.listMembers.set(listId, members);
  }
  if (!members.has(profileId)) members.set(profileId, joinedAt);
}

/** The profiles a (un)suppression job reaches, and what it named. */
export interface SuppressionTargets {
  /** The existing profiles named by email or as members of the list or segment, each once. */
  profiles: StoredRecord[];
  /** Emails that match no profile: the job skips them. */
  skipped: number;
  /** The job's `lists` and `segments` relationships. */
  rel: Record<string, string[]>;
}

/**
 * Resolves a bulk_suppress_profiles / bulk_unsuppress_profiles body: "suppress profiles by email address or
 * specify a segment/list ID to suppress all current members of a segment/list"
 * (https://developers.klaviyo.com/en/reference/bulk_suppress_profiles). A list or segment that does not
 * exist is a 400 pointing at its id.
 */
export function suppressionTargets(
  state: MockState,
  data: { attributes?: { profiles?: { data?: unknown[] } | null }; relationships?: Record<string, { data?: { id?: unknown } }> },
): SuppressionTargets {
  const targets = new Map<string, StoredRecord>();
  let skipped = 0;
  (data.attributes?.profiles?.data ?? []).forEach((row, i) => {
    const email = (row as { attributes?: { email?: unknown } } | null)?.attributes?.email;
    checkProfileAttributes({ email }, true, `/data/attributes/profiles/data/${i}/attributes`);
    const profile = state.all('profile').find((p) => p.attributes['email'] === email);
    if (profile) targets.set(profile.id, profile);
    else skipped += 1;
  });
  const rel: Record<string, string[]> = {};
  for (const [name, type] of [
    ['list', 'list'],
    ['segment', 'segment'],
  ] as const) {
    const id = data.relationships?.[name]?.data?.id;
    if (id === undefined) continue;
    const group = typeof id === 'string' ? state.get(type, id) : undefined;
    if (!group) throw invalidBody(`/data/relationships/${name}/data/id`, `A ${type} with id ${String(id)} does not exist.`);
    rel[`${name}s`] = [group.id];
    const members = type === 'list' ? (state.listMembers.get(group.id)?.keys() ?? []) : segmentMembers(state, group).keys();
    for (const profileId of members) {
      const profile = state.get('profile', profileId);
      if (profile) targets.set(profile.id, profile);
    }
  }
  return { profiles: [...targets.values()], skipped, rel };
}

/** Sets (or lifts) a profile's manual email suppression; it can then receive email marketing only if subscribed. */
export function setEmailSuppression(profile: StoredRecord, suppress: boolean, now: string): void {
  const marketing = (profile.attributes['subscriptions'] as { email: { marketing: Record<string, unknown> } }).email.marketing;
  marketing['suppression'] = suppress ? [{ reason: 'USER_SUPPRESSED', timestamp: now }] : [];
  marketing['can_receive_email_marketing'] = !suppress && marketing['consent'] === 'SUBSCRIBED';
}
