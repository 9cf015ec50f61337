/**
 * Profiles: the people in an account, their consent, suppressions and bulk imports
 * (https://developers.klaviyo.com/en/reference/profiles_api_overview).
 */
import { APIPromise } from '../core/api-promise.js';
import { chunk, sendAll } from '../core/chunk.js';
import { parseIsoDatetime } from '../core/datetime.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { isSuccessful, JobFailedError, JobHandle, jobStatusOf, type WaitOptions } from '../core/jobs.js';
import {
  checkArgumentObject,
  checkArray,
  checkString,
  describeValue,
  isPlainObject,
  keysOf,
  notOneOfMessage,
} from '../core/known-keys.js';
import { withAttributePaths } from './attributes.js';
import { checkJobBodies, entryJobs } from './bulk-jobs.js';
import { type QueryOptions, queryOptionNames } from '../core/query.js';
import type { RequestOptions } from '../core/transport.js';
import { jsonIssues } from '../core/validation.js';
import { type ItemOf, type RequestBodyOf, Resource, type ResponseOf } from './resource.js';

/** Attributes of a new profile, e.g. `{ email, first_name, properties }`. */
export type ProfileCreateAttributes = RequestBodyOf<'create_profile'>['data']['attributes'];
/** Attributes to change on a profile; `null` clears a field, a missing key leaves it alone. */
export type ProfileUpdateAttributes = RequestBodyOf<'update_profile'>['data']['attributes'];
/** Attributes of a profile to create or update, matched by email, phone number or external id. */
export type ProfileUpsertAttributes = RequestBodyOf<'create_or_update_profile'>['data']['attributes'];
/** One profile of a bulk import (the same attributes as `createOrUpdate`). */
export type BulkImportProfile =
  RequestBodyOf<'bulk_import_profiles'>['data']['attributes']['profiles']['data'][number]['attributes'];
/** Custom-property edits that go beyond setting a value: `{ append, unappend, unset }`. */
export type ProfilePatchProperties = NonNullable<
  NonNullable<RequestBodyOf<'update_profile'>['data']['meta']>['patch_properties']
>;
type SubscribeWire = RequestBodyOf<'bulk_subscribe_profiles'>['data']['attributes']['profiles']['data'][number]['attributes'];
type UnsubscribeWire = RequestBodyOf<'bulk_unsubscribe_profiles'>['data']['attributes']['profiles']['data'][number]['attributes'];
/** `T` with the keys `K` optional (kept, unlike `Omit`, on zod's loose object types). */
type WithOptional<T, K extends keyof T> = { [P in keyof T as P extends K ? never : P]: T[P] } & { [P in K]?: T[P] };

/**
 * Consent to give, per channel and message type, as Klaviyo takes it:
 * `{ email: { marketing: { consent: 'SUBSCRIBED' } }, sms: { marketing, transactional }, whatsapp, push }`.
 */
export type SubscriptionChannels = SubscribeWire['subscriptions'];
/** Consent to withdraw, per channel and message type: `{ email: { marketing: { consent: 'UNSUBSCRIBED' } }, sms, … }`. */
export type UnsubscriptionChannels = UnsubscribeWire['subscriptions'];
/** One profile to subscribe: `email` and/or `phone_number`, and its exact `subscriptions` when the defaults do not fit. */
export type SubscribeProfile = WithOptional<SubscribeWire, 'subscriptions'>;
/** One profile to unsubscribe: `email` and/or `phone_number`, and its exact `subscriptions` when the defaults do not fit. */
export type UnsubscribeProfile = WithOptional<UnsubscribeWire, 'subscriptions'>;
/** A channel the SDK builds marketing consent on from a profile's identifiers: `email` by email, `sms` by phone number. */
export type ConsentChannel = 'email' | 'sms';
/** One row Klaviyo could not import. */
export type ImportError = ItemOf<'get_errors_for_bulk_import_profiles_job'>;

/** What `update` and `createOrUpdate` take besides attributes. */
export type ProfileUpdateExtras = QueryOptions<'update_profile'> & {
  /** Append to, remove from or unset custom properties (`meta.patch_properties`). */
  patchProperties?: ProfilePatchProperties | undefined;
};
/** What `createOrUpdate` takes besides attributes. */
export type ProfileUpsertExtras = QueryOptions<'create_or_update_profile'> & {
  /** Update this profile, whatever its identifiers match. */
  id?: string | undefined;
  /** Append to, remove from or unset custom properties (`meta.patch_properties`). */
  patchProperties?: ProfilePatchProperties | undefined;
};

/** `createOrUpdate`'s answer: the profile document plus whether Klaviyo created it (201) or updated it (200). */
export type ProfileUpsertResult = ResponseOf<'create_or_update_profile'> & { created: boolean };

/** What `subscribe` takes. */
export interface SubscribeParams {
  /** The list to subscribe them to; its opt-in setting applies. Without it the account's default opt-in applies. */
  listId?: string | undefined;
  /**
   * Who to subscribe. A profile given without `subscriptions` gets marketing consent on each channel of
   * `channels` its identifiers reach: email marketing for an `email`, SMS marketing for a `phone_number`.
   */
  profiles: readonly SubscribeProfile[];
  /**
   * The channels to build consent on for profiles given without `subscriptions`. Default: both, so each such
   * profile is subscribed to marketing on every channel its identifiers reach. A profile none of them reaches
   * is refused before anything is sent.
   */
  channels?: readonly ConsentChannel[] | undefined;
  /**
   * When consent was collected, for consent collected earlier: requires `historicalImport` (Klaviyo refuses
   * `consented_at` without it), must be in the past, and is set on every consent that has no `consented_at`.
   */
  consentedAt?: Date | string | undefined;
  /**
   * Subscribe at once, skipping double opt-in and "Added to list" flows: for consent collected earlier. Every
   * consent then needs a `consented_at` in the past (from `consentedAt`, or its own).
   */
  historicalImport?: boolean | undefined;
  /** Where the consent came from, shown in Klaviyo (`custom_source`). */
  customSource?: string | undefined;
}

/** What `unsubscribe` takes. */
export interface UnsubscribeParams {
  /** The list to unsubscribe them from. Klaviyo unsubscribes a profile that is not on it from every list. */
  listId?: string | undefined;
  /** Who to unsubscribe; a profile given without `subscriptions` loses marketing consent on each of `channels` it has. */
  profiles: readonly UnsubscribeProfile[];
  /** The channels to withdraw marketing consent on, for profiles given without `subscriptions` (by email / by phone number). Default: both. */
  channels?: readonly ConsentChannel[] | undefined;
}

/** What `bulkImport` takes besides the profiles. */
export interface BulkImportOptions {
  /** Also add every imported profile to this list. */
  listId?: string | undefined;
}

/** How `BulkImportJob.wait` polls, and what it counts as failure. */
export interface BulkImportWaitOptions extends WaitOptions {
  /** Throw `JobFailedError` when any row failed, not only when the whole job did. Default false. */
  failOnImportErrors?: boolean | undefined;
}

/** A settled bulk import: the job document, and every row it could not import (empty when `failed_count` is 0). */
export type BulkImportResult = ResponseOf<'get_bulk_import_profiles_job'> & { importErrors: ImportError[] };
/** A suppression job started by `suppress`. */
export type SuppressionJob = JobHandle<ResponseOf<'bulk_suppress_profiles'>, ResponseOf<'get_bulk_suppress_profiles_job'>>;
/** An unsuppression job started by `unsuppress`. */
export type UnsuppressionJob = JobHandle<ResponseOf<'bulk_unsuppress_profiles'>, ResponseOf<'get_bulk_unsuppress_profiles_job'>>;

/** Klaviyo's per-job limits (API-NOTES "Size limits", and each operation's description in the spec). */
export const PROFILE_JOB_LIMITS = {
  subscribe: 1000,
  // API-NOTES says 1000 for unsubscribing too, but the spec's bulk_unsubscribe_profiles says "Maximum number
  // of profile can be submitted for unsubscription: 100"; the smaller number is the safe one.
  unsubscribe: 100,
  suppress: 100,
  importProfiles: 10_000,
  // "The maximum allowed payload size is 5MB": read as 5,000,000 bytes to be safe either way, less room for
  // the envelope around the profiles.
  importBytes: 5_000_000 - 4_096,
  // "The maximum allowed payload size per-profile is 100KB" (bulk_import_profiles).
  importProfileBytes: 100 * 1024,
} as const;

/**
 * The hand-written methods of `klaviyo.profiles` (src/resources/generated/profiles.ts adds the rest): bodies
 * built from what the caller means, bulk calls chunked to each job's limit, jobs returned as waitable handles.
 */
export abstract class ProfilesHelpers extends Resource {
  /** Changes a profile's attributes. `update_profile` · PATCH /api/profiles/{id} · tier L · scopes profiles:write. */
  update(
    id: string,
    attributes: ProfileUpdateAttributes,
    extras: ProfileUpdateExtras = {},
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'update_profile'>> {
    const split = () => splitExtras(extras, ['patchProperties', ...queryOptionNames('update_profile')], 'profiles.update extras');
    const call = this.call(
      'update_profile',
      {
        path: { id },
        query: () => split().query,
        body: () => ({ data: { type: 'profile', id, attributes, ...meta(split().patchProperties) } }),
      },
      options,
    );
    return withAttributePaths(call, 'update_profile');
  }

  /**
   * Creates the profile, or updates the one its email / phone number / external id matches. Resolves to the
   * profile document with `created: true` when Klaviyo answered 201 (new profile), `false` on 200 (updated).
   * An upsert, so safe to re-send after a 5xx. `.withResponse()` works as on every call.
   * `create_or_update_profile` · POST /api/profile-import · tier L · scopes profiles:write.
   */
  createOrUpdate(
    attributes: ProfileUpsertAttributes,
    extras: ProfileUpsertExtras = {},
    options?: RequestOptions,
  ): APIPromise<ProfileUpsertResult> {
    const accepted = ['id', 'patchProperties', ...queryOptionNames('create_or_update_profile')];
    const split = () => splitExtras(extras, accepted, 'profiles.createOrUpdate extras');
    const body = () => {
      const { id, patchProperties } = split();
      return { data: { type: 'profile', ...(id === undefined ? {} : { id }), attributes, ...meta(patchProperties) } };
    };
    const sent = withAttributePaths(
      this.call('create_or_update_profile', { query: () => split().query, body }, options),
      'create_or_update_profile',
    ).withResponse();
    return new APIPromise(sent.then((r) => ({ ...r, data: { ...r.data, created: r.response.status === 201 } })));
  }

  /**
   * Merges profiles into `intoId`, deleting them. Klaviyo takes one source per call and runs the merge as a
   * background task; several sources are sent one after the other. Resolves to the destination's document.
   * Not safe to repeat, so never re-sent after a 5xx.
   * `merge_profiles` · POST /api/profile-merge · tier M · scopes profiles:write.
   */
  async merge(
    intoId: string,
    fromIds: string | readonly string[],
    options?: RequestOptions,
  ): Promise<ResponseOf<'merge_profiles'>> {
    checkString(intoId, 'profiles.merge', 'intoId');
    const sources = typeof fromIds === 'string' ? [fromIds] : checkArray(fromIds, 'profiles.merge', 'fromIds');
    sources.forEach((fromId, i) => checkString(fromId, 'profiles.merge', `fromIds.${i}`));
    if (sources.length === 0)
      throw new ValidationError('Nothing to merge', { issues: [{ path: 'fromIds', message: 'give at least one profile id' }] });
    let document: ResponseOf<'merge_profiles'> | undefined;
    for (const fromId of sources) {
      const relationships = { profiles: { data: [{ type: 'profile', id: fromId }] } };
      document = await this.call(
        'merge_profiles',
        { body: { data: { type: 'profile-merge', id: intoId, relationships } } },
        options,
      );
    }
    return document!;
  }

  /**
   * Gives marketing consent, any number of profiles: sent 1000 per job. A profile without `subscriptions` is
   * subscribed to email marketing by its email and SMS marketing by its phone number (see `channels`); every
   * profile and the `consentedAt` / `historicalImport` pairing are checked before anything is sent. Klaviyo
   * answers 202 with no body and has no job to read back, so this resolves (to nothing) once every job was
   * accepted. Not re-sent after a 5xx.
   * `bulk_subscribe_profiles` · POST /api/profile-subscription-bulk-create-jobs · tier L · scopes lists:write, profiles:write, subscriptions:write.
   */
  async subscribe(params: SubscribeParams, options?: RequestOptions): Promise<void> {
    checkArgumentObject(params, SUBSCRIBE_KEYS, 'profiles.subscribe params');
    const { listId, consentedAt, historicalImport, customSource } = params;
    const channels = consentChannels(params.channels);
    const consented_at = consentTime(consentedAt, historicalImport);
    const issues: ValidationIssue[] = [];
    const profiles = profileList(params.profiles).map((p, i) => {
      const attributes = withConsent(p, channels, 'SUBSCRIBED', i);
      const subscriptions =
        consented_at === undefined ? attributes.subscriptions : datedConsent(attributes.subscriptions, consented_at);
      issues.push(...consentTimeIssues(subscriptions, historicalImport === true, `profiles.${i}.subscriptions`));
      return { type: 'profile', attributes: { ...attributes, subscriptions } };
    });
    const extra = {
      ...(customSource === undefined ? {} : { custom_source: customSource }),
      ...(historicalImport === undefined ? {} : { historical_import: historicalImport }),
    };
    const body = (data: readonly object[]) => ({
      data: {
        type: 'profile-subscription-bulk-create-job',
        attributes: { ...extra, profiles: { data } },
        ...listRelationship(listId),
      },
    });
    // Every profile is checked before the first job goes, so a large call is never refused halfway; each is
    // named by its place in the caller's array (`profiles.1200.email`), not in its job.
    const chunks = chunk(profiles, { maxItems: PROFILE_JOB_LIMITS.subscribe });
    const jobs = entryJobs(chunks, body, { key: 'profiles', argument: 'profiles' });
    await checkJobBodies((whole) => this.checkBodies('bulk_subscribe_profiles', [whole]), jobs, 'Invalid profiles', issues);
    await sendAll(chunks, (_, i) => this.call('bulk_subscribe_profiles', { body: jobs[i]!.body, bodyChecked: true }, options));
  }

  /**
   * Withdraws marketing consent, any number of profiles: sent 100 per job (the spec's limit for this
   * operation). A profile without `subscriptions` is unsubscribed from email marketing by its email and SMS
   * marketing by its phone number (see `channels`). With `listId`, Klaviyo unsubscribes a profile that is not
   * on that list from every list ("Profiles not in the specified list will be globally unsubscribed"). Klaviyo
   * answers 202 with no body and no job to read back; resolves once every job was accepted.
   * `bulk_unsubscribe_profiles` · POST /api/profile-subscription-bulk-delete-jobs · tier L · scopes lists:write, profiles:write, subscriptions:write.
   */
  async unsubscribe(params: UnsubscribeParams, options?: RequestOptions): Promise<void> {
    checkArgumentObject(params, UNSUBSCRIBE_KEYS, 'profiles.unsubscribe params');
    const channels = consentChannels(params.channels);
    const profiles = profileList(params.profiles).map((p, i) => ({
      type: 'profile',
      attributes: withConsent(p, channels, 'UNSUBSCRIBED', i),
    }));
    const body = (data: readonly object[]) => ({
      data: {
        type: 'profile-subscription-bulk-delete-job',
        attributes: { profiles: { data } },
        ...listRelationship(params.listId),
      },
    });
    const chunks = chunk(profiles, { maxItems: PROFILE_JOB_LIMITS.unsubscribe });
    const jobs = entryJobs(chunks, body, { key: 'profiles', argument: 'profiles' });
    await checkJobBodies((whole) => this.checkBodies('bulk_unsubscribe_profiles', [whole]), jobs, 'Invalid profiles', []);
    await sendAll(chunks, (_, i) => this.call('bulk_unsubscribe_profiles', { body: jobs[i]!.body, bodyChecked: true }, options));
  }

  /**
   * Suppresses email addresses (no email marketing, whatever their consent): 100 per job, one job handle each.
   * `bulk_suppress_profiles` · POST /api/profile-suppression-bulk-create-jobs · tier L · scopes profiles:write, subscriptions:write.
   */
  async suppress(emails: readonly string[], options?: RequestOptions): Promise<SuppressionJob[]> {
    const chunks = chunk(checkArray(emails, 'profiles.suppress', 'emails').map(emailProfile), {
      maxItems: PROFILE_JOB_LIMITS.suppress,
    });
    const bodies = chunks.map((data) => ({
      data: { type: 'profile-suppression-bulk-create-job', attributes: { profiles: { data } } },
    }));
    await this.checkBodies('bulk_suppress_profiles', bodies);
    const created = await sendAll(chunks, (_, i) =>
      this.call('bulk_suppress_profiles', { body: bodies[i], bodyChecked: true }, options),
    );
    return created.map(
      (document) =>
        new JobHandle(document, 'suppression job', (signal) =>
          this.call(
            'get_bulk_suppress_profiles_job',
            { path: { job_id: document.data.id } },
            { ...options, signal: signal ?? options?.signal },
          ),
        ),
    );
  }

  /**
   * Lifts manual suppressions: 100 emails per job, one job handle each.
   * `bulk_unsuppress_profiles` · POST /api/profile-suppression-bulk-delete-jobs · tier L · scopes subscriptions:write.
   */
  async unsuppress(emails: readonly string[], options?: RequestOptions): Promise<UnsuppressionJob[]> {
    const chunks = chunk(checkArray(emails, 'profiles.unsuppress', 'emails').map(emailProfile), {
      maxItems: PROFILE_JOB_LIMITS.suppress,
    });
    const bodies = chunks.map((data) => ({
      data: { type: 'profile-suppression-bulk-delete-job', attributes: { profiles: { data } } },
    }));
    await this.checkBodies('bulk_unsuppress_profiles', bodies);
    const created = await sendAll(chunks, (_, i) =>
      this.call('bulk_unsuppress_profiles', { body: bodies[i], bodyChecked: true }, options),
    );
    return created.map(
      (document) =>
        new JobHandle(document, 'unsuppression job', (signal) =>
          this.call(
            'get_bulk_unsuppress_profiles_job',
            { path: { job_id: document.data.id } },
            { ...options, signal: signal ?? options?.signal },
          ),
        ),
    );
  }

  /**
   * Creates or updates any number of profiles in the background: 10,000 profiles and 5 MB per job, one job
   * handle each. `job.wait()` resolves to the settled job with `importErrors` (the rows Klaviyo refused,
   * fetched when it reports `failed_count > 0`); it throws `JobFailedError` carrying those rows when the job
   * was cancelled or failed, or with `{ failOnImportErrors: true }` when any row failed.
   * Not re-sent after a 5xx. Jobs already accepted go on if a later chunk fails.
   * `bulk_import_profiles` · POST /api/profile-bulk-import-jobs · tier M · scopes lists:write, profiles:write.
   */
  async bulkImport(
    profiles: readonly BulkImportProfile[],
    importOptions: BulkImportOptions = {},
    options?: RequestOptions,
  ): Promise<BulkImportJob[]> {
    const { listId } = checkArgumentObject(importOptions, ['listId'], 'profiles.bulkImport options', { optional: true });
    const items = checkArray(profiles, 'profiles.bulkImport', 'profiles').map((attributes) => ({ type: 'profile', attributes }));
    // Measuring each profile's bytes for the chunks serializes it: a BigInt or a cycle is refused first.
    const unsendable = jsonIssues(profiles, 'profiles');
    if (unsendable.length) throw new ValidationError('Profiles cannot be sent as JSON', { issues: unsendable });
    const relationships = listId === undefined ? {} : { relationships: { lists: { data: [{ type: 'list', id: listId }] } } };
    const chunks = chunk(items, { maxItems: PROFILE_JOB_LIMITS.importProfiles, maxBytes: PROFILE_JOB_LIMITS.importBytes });
    const body = (data: readonly object[]) => ({
      data: { type: 'profile-bulk-import-job', attributes: { profiles: { data } }, ...relationships },
    });
    // Every profile is checked (the schema, and the rules: an identifier, 100 KB) before the first job goes,
    // each named by its place in the caller's array (`profiles.12001.first_name`), not in its job.
    const jobs = entryJobs(chunks, body, { key: 'profiles', argument: 'profiles' });
    await checkJobBodies((whole) => this.checkBodies('bulk_import_profiles', [whole]), jobs, 'Invalid profiles', []);
    const created = await sendAll(chunks, (_, i) =>
      this.call('bulk_import_profiles', { body: jobs[i]!.body, bodyChecked: true }, options),
    );
    return created.map((document) => this.#importJob(document, options));
  }

  /** A handle on a started import that reads the job, and its import errors, with the call's options. */
  #importJob(document: ResponseOf<'bulk_import_profiles'>, options: RequestOptions | undefined): BulkImportJob {
    const id = document.data.id;
    const withSignal = (signal: AbortSignal | undefined) => ({ ...options, signal: signal ?? options?.signal });
    return new BulkImportJob(
      document,
      (signal) => this.call('get_bulk_import_profiles_job', { path: { job_id: id } }, withSignal(signal)),
      (signal) =>
        this.paginate(
          'get_errors_for_bulk_import_profiles_job',
          { path: { id }, query: { pageSize: 100 } },
          withSignal(signal),
        ).toArray(),
    );
  }
}

/** A bulk import job. `wait()` also fetches the rows it could not import. */
export class BulkImportJob extends JobHandle<ResponseOf<'bulk_import_profiles'>, ResponseOf<'get_bulk_import_profiles_job'>> {
  readonly #importErrors: (signal: AbortSignal | undefined) => Promise<ImportError[]>;

  constructor(
    document: ResponseOf<'bulk_import_profiles'>,
    read: (signal: AbortSignal | undefined) => Promise<ResponseOf<'get_bulk_import_profiles_job'>>,
    importErrors: (signal: AbortSignal | undefined) => Promise<ImportError[]>,
  ) {
    super(document, 'bulk import job', read);
    this.#importErrors = importErrors;
  }

  /**
   * Polls until the import settles, then fetches every row it could not import. Resolves to the job with
   * `importErrors`; throws `JobFailedError` (with `.errors`) when the job was cancelled or failed, or, with
   * `failOnImportErrors`, when any row failed.
   */
  override async wait(waitOptions: BulkImportWaitOptions = {}): Promise<BulkImportResult> {
    const accepted = ['failOnImportErrors', 'signal', 'intervalMs', 'maxIntervalMs', 'timeoutMs'] as const;
    const { failOnImportErrors = false, ...polling } = checkArgumentObject(waitOptions, accepted, 'wait options', {
      optional: true,
    });
    const last = await this.poll(polling);
    const failedRows = last.data.attributes.failed_count ?? 0;
    const importErrors = failedRows > 0 ? await this.#importErrors(polling.signal) : [];
    const status = jobStatusOf(last);
    if (!isSuccessful(status) || (failOnImportErrors && importErrors.length > 0)) {
      const why = isSuccessful(status)
        ? `${failedRows} of ${last.data.attributes.total_count} profiles failed`
        : `ended ${status}`;
      throw new JobFailedError(`Bulk import job ${this.id} ${why}`, last, importErrors);
    }
    return { ...last, importErrors };
  }
}

/** `complete` (or `completed`) is the one good ending; `cancelled`, `failed` and `error` are not. */
function meta(patchProperties: ProfilePatchProperties | undefined) {
  return patchProperties === undefined ? {} : { meta: { patch_properties: patchProperties } };
}

function listRelationship(listId: string | undefined) {
  return listId === undefined ? {} : { relationships: { list: { data: { type: 'list', id: listId } } } };
}

function emailProfile(email: string) {
  return { type: 'profile', attributes: { email } };
}

const CONSENT_CHANNELS: readonly ConsentChannel[] = ['email', 'sms'];

/** Every key `SubscribeParams` declares; any other is refused, with the closest one suggested. */
const SUBSCRIBE_KEYS = keysOf<SubscribeParams>()([
  'listId',
  'profiles',
  'channels',
  'consentedAt',
  'historicalImport',
  'customSource',
]);
/** Every key `UnsubscribeParams` declares. */
const UNSUBSCRIBE_KEYS = keysOf<UnsubscribeParams>()(['listId', 'profiles', 'channels']);

/** The `channels` of a (un)subscribe call: an array of `email` and `sms` (both when left out). */
function consentChannels(channels: readonly ConsentChannel[] | undefined): readonly ConsentChannel[] {
  if (channels === undefined) return CONSENT_CHANNELS;
  const issues = checkArray(channels, 'channels', 'channels').flatMap((channel, i) =>
    CONSENT_CHANNELS.includes(channel) ? [] : [{ path: `channels.${i}`, message: notOneOfMessage(channel, CONSENT_CHANNELS) }],
  );
  if (issues.length) throw new ValidationError('Invalid channels', { issues });
  return channels;
}

/** The `profiles` of a (un)subscribe call: an array of profile objects. */
function profileList<P>(profiles: readonly P[]): readonly P[] {
  checkArray(profiles, 'profiles', 'profiles').forEach((profile, i) => {
    if (!isPlainObject(profile)) {
      throw new ValidationError('Invalid profiles', {
        issues: [{ path: `profiles.${i}`, message: `must be an object such as { email }, got ${describeValue(profile)}` }],
      });
    }
  });
  return profiles;
}

/** Splits the extras of `update` / `createOrUpdate` into their own keys and the query options, refusing any other key. */
function splitExtras<E extends object>(
  extras: E,
  accepted: readonly string[],
  what: string,
): { id?: string; patchProperties?: ProfilePatchProperties; query: Record<string, unknown> } {
  const { id, patchProperties, ...query } = checkArgumentObject(extras, accepted, what, { optional: true }) as {
    id?: string | undefined;
    patchProperties?: ProfilePatchProperties | undefined;
  };
  return { id, patchProperties, query };
}

/**
 * A profile's attributes with `subscriptions` built when the caller gave none: marketing consent on email for
 * a profile with an email and on SMS for one with a phone number, for the channels in `channels`. That is the
 * consent Klaviyo's guide has a subscribe call give (https://developers.klaviyo.com/en/docs/collect_email_and_sms_consent_via_api).
 * Through revision 2024-10-15 Klaviyo itself filled in a missing `subscriptions` from the identifiers, on "all
 * message types"; we stop at marketing, as Klaviyo's client-side subscribe does ("subscriptions are defaulted
 * to MARKETING", https://developers.klaviyo.com/en/reference/create_client_subscription), because consent to
 * transactional SMS is a separate consent. A profile left with no channel is refused before anything is sent.
 */
function withConsent<P extends { email?: string | null; phone_number?: string | null; subscriptions?: unknown }>(
  profile: P,
  channels: readonly ConsentChannel[],
  consent: 'SUBSCRIBED' | 'UNSUBSCRIBED',
  index: number,
): P {
  if (profile.subscriptions != null) return profile;
  const marketing = { marketing: { consent } };
  const subscriptions = {
    ...(channels.includes('email') && profile.email ? { email: marketing } : {}),
    ...(channels.includes('sms') && profile.phone_number ? { sms: marketing } : {}),
  };
  if (Object.keys(subscriptions).length === 0) {
    throw new ValidationError('No consent channel for a profile', {
      issues: [
        {
          path: `profiles.${index}`,
          message: `give \`subscriptions\`, or an email (email) or phone_number (sms) among channels ${channels.join(', ') || '(none)'}`,
        },
      ],
    });
  }
  return { ...profile, subscriptions };
}

/** The message types of a channel's consent that carry a `consented_at` (`open_tracking` does not). */
const DATED_CONSENTS = ['marketing', 'transactional'] as const;
const ONLY_WITH_HISTORICAL_IMPORT = 'is for consent collected earlier: Klaviyo accepts it only with historicalImport: true';

/**
 * `consentedAt` as the wire's ISO string, once checked against Klaviyo's rule: `consented_at` "should only be
 * used when syncing over historical consent info; if the historical_import flag is not included, providing any
 * value for this field will raise an error" (spec, SubscriptionParameters).
 */
function consentTime(consentedAt: Date | string | undefined, historicalImport: boolean | undefined): string | undefined {
  if (consentedAt === undefined) return undefined;
  const time =
    consentedAt instanceof Date
      ? consentedAt.getTime()
      : typeof consentedAt === 'string'
        ? (parseIsoDatetime(consentedAt) ?? NaN)
        : NaN;
  const problem = Number.isNaN(time)
    ? 'must be a Date or an ISO 8601 datetime'
    : historicalImport !== true
      ? ONLY_WITH_HISTORICAL_IMPORT
      : time > Date.now()
        ? 'must be in the past'
        : undefined;
  if (problem)
    throw new ValidationError('Invalid profiles.subscribe params', { issues: [{ path: 'consentedAt', message: problem }] });
  return new Date(time).toISOString();
}

/** Every consent of `subscriptions` without a `consented_at` of its own, given `consented_at`. */
function datedConsent<S>(subscriptions: S, consented_at: string): S {
  const channels = Object.entries(subscriptions as Record<string, Record<string, unknown> | null | undefined>).map(
    ([channel, parameters]) => {
      if (parameters == null || typeof parameters !== 'object') return [channel, parameters];
      const dated = { ...parameters };
      for (const kind of DATED_CONSENTS) {
        const consent = dated[kind] as Record<string, unknown> | null | undefined;
        if (consent != null && typeof consent === 'object' && consent['consented_at'] == null) {
          dated[kind] = { ...consent, consented_at };
        }
      }
      return [channel, dated];
    },
  );
  return Object.fromEntries(channels) as S;
}

/**
 * How a profile's consents break Klaviyo's pairing of `consented_at` and `historical_import`
 * (bulk_subscribe_profiles in the spec): with `historical_import`, "the consented_at field is required and
 * must be in the past"; without it, any `consented_at` is an error.
 */
function consentTimeIssues(subscriptions: unknown, historicalImport: boolean, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [channel, parameters] of Object.entries((subscriptions ?? {}) as Record<string, unknown>)) {
    if (parameters == null || typeof parameters !== 'object') continue;
    for (const kind of DATED_CONSENTS) {
      const consent = (parameters as Record<string, unknown>)[kind];
      if (consent == null || typeof consent !== 'object') continue;
      const when = (consent as { consented_at?: unknown }).consented_at;
      const path = `${at}.${channel}.${kind}.consented_at`;
      if (!historicalImport && when != null) {
        issues.push({ path, message: ONLY_WITH_HISTORICAL_IMPORT });
      } else if (historicalImport && when == null) {
        issues.push({ path, message: 'is required with historicalImport (pass consentedAt, or set it on the consent)' });
      } else if (historicalImport && !(typeof when === 'string' && (parseIsoDatetime(when) ?? Infinity) <= Date.now())) {
        issues.push({ path, message: 'must be a valid date in the past' });
      }
    }
  }
  return issues;
}
