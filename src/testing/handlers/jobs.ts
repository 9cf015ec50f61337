/**
 * Bulk profile jobs: import (with per-row import errors), subscribe, unsubscribe, suppress, unsuppress.
 * Effects are applied when the job is accepted; the job's status then advances on later reads (the generic
 * job reads, see job-progress.ts; the jobs' related routes are generic too).
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler, HandlerContext } from '../context.js';
import { ApiError, invalidBody } from '../errors.js';
import { toResource } from '../serialize.js';
import { isoSeconds, type StoredRecord } from '../state.js';
import { checkProfileAttributes } from '../validate.js';
import { addToList, setEmailSuppression, suppressionTargets, upsertProfile } from './profile-store.js';

const DAY = 24 * 3600 * 1000;

function listFromRelationship(ctx: HandlerContext, pointer: string, data: unknown): StoredRecord | undefined {
  if (data === undefined || data === null) return undefined;
  const id = (data as { id?: unknown }).id;
  const list = typeof id === 'string' ? ctx.state.get('list', id) : undefined;
  if (!list) throw invalidBody(pointer, `A list with id ${String(id)} does not exist.`);
  return list;
}

/** A queued job's attributes; `extra` adds the type's own (an import's expiry and failures, a suppression's skips). */
function newJob(ctx: HandlerContext, total: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'queued',
    created_at: isoSeconds(ctx.state.now().getTime()),
    total_count: total,
    completed_count: 0,
    completed_at: null,
    ...extra,
  };
}

const bulkImportProfiles: Handler = (ctx) => {
  const { state } = ctx;
  const data = ctx.body.data;
  const rows: any[] = data.attributes.profiles.data;
  const lists = ((data.relationships?.lists?.data ?? []) as unknown[]).map((l, i) =>
    listFromRelationship(ctx, `/data/relationships/lists/data/${i}/id`, l)!,
  );
  const profileIds: string[] = [];
  const errors: StoredRecord[] = [];
  rows.forEach((row, i) => {
    const pointer = `/data/attributes/profiles/data/${i}/attributes`;
    try {
      if (row?.type !== 'profile')
        throw invalidBody(`/data/attributes/profiles/data/${i}/type`, "Each row's type must be 'profile'.");
      checkProfileAttributes(row.attributes ?? {}, !row.id, pointer);
      const { record } = upsertProfile(state, row);
      profileIds.push(record.id);
      for (const list of lists) addToList(state, list.id, record.id, state.timestamp());
    } catch (error) {
      // A bad row does not fail the job: Klaviyo records it as an import error and imports the rest.
      if (!(error instanceof ApiError)) throw error;
      const e = error.errors[0]!;
      const source = 'pointer' in e.source ? e.source : { pointer };
      errors.push(
        state.insert('import-error', {
          code: e.code,
          title: e.title,
          detail: e.detail,
          source,
          original_payload: row?.attributes ?? {},
        }),
      );
    }
  });
  const job = state.insert(
    'profile-bulk-import-job',
    newJob(ctx, rows.length, {
      failed_count: 0,
      started_at: null,
      expires_at: isoSeconds(ctx.state.now().getTime() + 7 * DAY),
    }),
    {
      rel: { lists: lists.map((l) => l.id), profiles: profileIds, 'import-errors': errors.map((e) => e.id) },
      extra: { final: { completed_count: profileIds.length, failed_count: errors.length } },
    },
  );
  return { status: 202, body: { data: toResource(ctx, job), links: { self: ctx.url.href } } };
};

/** Where each consent of a (un)subscribe request is kept in a profile's `subscriptions`, and its flag's name. */
const CONSENTS: Record<string, { channel: string; flag: (type: string) => string }> = {
  email: { channel: 'email', flag: (type) => (type === 'marketing' ? 'can_receive_email_marketing' : 'can_receive') },
  sms: { channel: 'sms', flag: (type) => `can_receive_sms_${type}` },
  whatsapp: { channel: 'whatsapp', flag: () => 'can_receive' },
  push: { channel: 'mobile_push', flag: () => 'can_receive_push_marketing' },
};

/**
 * Sets the consents of a subscribe/unsubscribe job. Since 2026-07-15 each profile names its own
 * `subscriptions` (channel → message type → consent), e.g. `{ email: { marketing: { consent: 'SUBSCRIBED' } } }`
 * (https://developers.klaviyo.com/en/reference/bulk_subscribe_profiles).
 */
function setConsent(ctx: HandlerContext, subscribe: boolean): ReturnType<Handler> {
  const { state } = ctx;
  const data = ctx.body.data;
  const list = listFromRelationship(ctx, '/data/relationships/list/data/id', data.relationships?.list?.data);
  const rows: any[] = data.attributes.profiles.data;
  rows.forEach((row, i) => {
    const pointer = `/data/attributes/profiles/data/${i}/attributes`;
    checkProfileAttributes(row?.attributes ?? {}, !row?.id, pointer);
    const subscriptions = row?.attributes?.subscriptions;
    if (!subscriptions || typeof subscriptions !== 'object' || Object.keys(subscriptions).length === 0)
      throw invalidBody(`${pointer}/subscriptions`, 'Each profile needs the subscriptions to change.');
  });
  const now = state.timestamp();
  for (const row of rows) {
    const attrs = row.attributes;
    const identity = { email: attrs.email, phone_number: attrs.phone_number };
    const { record } = upsertProfile(state, {
      ...(row.id ? { id: row.id } : {}),
      attributes: Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== undefined && v !== null)),
    });
    setSubscriptions(record, attrs.subscriptions, subscribe, now);
    if (list && subscribe) addToList(state, list.id, record.id, now);
  }
  return { status: 202 };
}

/**
 * Subscribes (or unsubscribes) a profile to each consent `subscriptions` names (channel → message type →
 * `{ consent, consented_at? }`), as a subscribe job and the client API's subscriptions do.
 */
export function setSubscriptions(record: StoredRecord, subscriptions: unknown, subscribe: boolean, now: string): void {
  const subs = record.attributes['subscriptions'] as Record<string, Record<string, Record<string, unknown>>>;
  for (const [channel, types] of Object.entries((subscriptions ?? {}) as Record<string, Record<string, any>>)) {
    const where = CONSENTS[channel];
    if (!where || !types) continue;
    for (const [type, consent] of Object.entries<any>(types)) {
      if (!consent || typeof consent !== 'object' || !('consent' in consent)) continue; // push `tokens`, `anonymous_id`
      const stored = ((subs[where.channel] ??= {})[type] ??= { consent: 'NEVER_SUBSCRIBED', consent_timestamp: null });
      stored['consent'] = subscribe ? 'SUBSCRIBED' : 'UNSUBSCRIBED';
      stored[where.flag(type)] = subscribe;
      stored['consent_timestamp'] = subscribe ? (consent.consented_at ?? now) : now;
      if (where.channel !== 'mobile_push') stored['last_updated'] = now;
      if (where.channel === 'email' || where.channel === 'sms') stored['method'] = 'API';
    }
  }
}

/** Suppresses (or unsuppresses) email marketing for the given emails and the members of the given list or segment. */
function suppression(type: string, suppress: boolean): Handler {
  return (ctx) => {
    const { state } = ctx;
    const { profiles, skipped, rel } = suppressionTargets(state, ctx.body.data);
    const now = state.timestamp();
    for (const profile of profiles) setEmailSuppression(profile, suppress, now);
    const total = profiles.length + skipped;
    const job = state.insert(type, newJob(ctx, total, { skipped_count: 0 }), {
      rel,
      extra: { final: { completed_count: profiles.length, skipped_count: skipped } },
    });
    return { status: 202, body: { data: toResource(ctx, job), links: { self: ctx.url.href } } };
  };
}

/** The hand-written bulk profile job handlers, by operation id. */
export const jobHandlers = {
  bulk_import_profiles: bulkImportProfiles,
  bulk_subscribe_profiles: (ctx) => setConsent(ctx, true),
  bulk_unsubscribe_profiles: (ctx) => setConsent(ctx, false),
  bulk_suppress_profiles: suppression('profile-suppression-bulk-create-job', true),
  bulk_unsuppress_profiles: suppression('profile-suppression-bulk-delete-job', false),
} satisfies Partial<Record<OperationId, Handler>>;
