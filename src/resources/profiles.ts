/**
 * Profiles: the people in an account, their consent, suppressions and bulk imports
 * (https://developers.klaviyo.com/en/reference/profiles_api_overview).
 */
import type { Klaviyo } from '../client.js';
import { APIPromise } from '../core/api-promise.js';
import { chunk, sendAll } from '../core/chunk.js';
import { ValidationError } from '../core/errors.js';
import { isSuccessful, JobFailedError, JobHandle, jobStatusOf, type WaitOptions } from '../core/jobs.js';
import type { PagePromise } from '../core/pagination.js';
import type { QueryOptions } from '../core/query.js';
import type { RequestOptions } from '../core/transport.js';
import { type ItemOf, type RequestBodyOf, Resource, type PageOf, type ResponseOf } from './resource.js';

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
/** One profile to subscribe: `email` and/or `phone_number`, optionally its exact `subscriptions`. */
export type SubscribeProfile =
  RequestBodyOf<'bulk_subscribe_profiles'>['data']['attributes']['profiles']['data'][number]['attributes'];
/** One profile to unsubscribe: `email` and/or `phone_number`, optionally its exact `subscriptions`. */
export type UnsubscribeProfile =
  RequestBodyOf<'bulk_unsubscribe_profiles'>['data']['attributes']['profiles']['data'][number]['attributes'];
/** A marketing channel consent is given or withdrawn on. */
export type ConsentChannel = 'email' | 'sms';
/** One row Klaviyo could not import. */
export type ImportError = ItemOf<'get_errors_for_bulk_import_profiles_job'>;

/** What `update` and `createOrUpdate` take besides attributes. */
export type ProfileUpdateExtras = QueryOptions<'update_profile'> & {
  /** Append to, remove from or unset custom properties (`meta.patch_properties`). */
  patchProperties?: ProfilePatchProperties;
};
/** What `createOrUpdate` takes besides attributes. */
export type ProfileUpsertExtras = QueryOptions<'create_or_update_profile'> & {
  /** Update this profile, whatever its identifiers match. */
  id?: string;
  /** Append to, remove from or unset custom properties (`meta.patch_properties`). */
  patchProperties?: ProfilePatchProperties;
};

/** `createOrUpdate`'s answer: the profile document plus whether Klaviyo created it (201) or updated it (200). */
export type ProfileUpsertResult = ResponseOf<'create_or_update_profile'> & { created: boolean };

/** What `subscribe` takes. */
export interface SubscribeParams {
  /** The list to subscribe them to; its opt-in setting applies. Without it the account's default opt-in applies. */
  listId?: string;
  profiles: readonly SubscribeProfile[];
  /**
   * Marketing consent to record for profiles given without `subscriptions`: `email` for those with an email,
   * `sms` for those with a phone number. Consent is never assumed: a profile left with no channel is an error.
   */
  channels?: readonly ConsentChannel[];
  /** When consent was collected, set on the consent built from `channels` (Klaviyo requires it with `historicalImport`). */
  consentedAt?: Date | string;
  /** Subscribe at once, skipping double opt-in and "Added to list" flows: for consent collected earlier. */
  historicalImport?: boolean;
  /** Where the consent came from, shown in Klaviyo (`custom_source`). */
  customSource?: string;
}

/** What `unsubscribe` takes. */
export interface UnsubscribeParams {
  listId?: string;
  profiles: readonly UnsubscribeProfile[];
  /** Marketing consent to withdraw for profiles given without `subscriptions` (by email / by phone number). */
  channels?: readonly ConsentChannel[];
}

/** What `bulkImport` takes besides the profiles. */
export interface BulkImportOptions {
  /** Also add every imported profile to this list. */
  listId?: string;
}

/** How `BulkImportJob.wait` polls, and what it counts as failure. */
export interface BulkImportWaitOptions extends WaitOptions {
  /** Throw `JobFailedError` when any row failed, not only when the whole job did. Default false. */
  failOnImportErrors?: boolean;
}

/**
 * A Klaviyo bulk job: its id, the document Klaviyo answered with (status `queued` as a rule), and `wait()`,
 * which reads the job with backoff until it settles.
 */
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
} as const;

/** `klaviyo.profiles` */
export class Profiles extends Resource {
  /** Bulk import jobs and what they did. */
  readonly bulkImportJobs: BulkImportJobs;
  /** Suppression jobs started by `suppress`. */
  readonly suppressionJobs: SuppressionJobs;
  /** Unsuppression jobs started by `unsuppress`. */
  readonly unsuppressionJobs: UnsuppressionJobs;

  constructor(klaviyo: Klaviyo) {
    super(klaviyo);
    this.bulkImportJobs = new BulkImportJobs(klaviyo);
    this.suppressionJobs = new SuppressionJobs(klaviyo);
    this.unsuppressionJobs = new UnsuppressionJobs(klaviyo);
  }

  /** Every profile. `get_profiles` · GET /api/profiles · tier L · scopes profiles:read. 20 per page (1–100). */
  list(query?: QueryOptions<'get_profiles'>, options?: RequestOptions): PageOf<'get_profiles'> {
    return this.paginate('get_profiles', { query }, options);
  }

  /** One profile. `get_profile` · GET /api/profiles/{id} · tier L · scopes profiles:read. */
  get(id: string, query?: QueryOptions<'get_profile'>, options?: RequestOptions): APIPromise<ResponseOf<'get_profile'>> {
    return this.call('get_profile', { path: { id }, query }, options);
  }

  /**
   * Creates a profile. A profile with the same email, phone number or external id already existing is a
   * `ConflictError` whose `duplicateProfileId` names it (or use `createOrUpdate`). Not re-sent after a 5xx.
   * `create_profile` · POST /api/profiles · tier L · scopes profiles:write.
   */
  create(
    attributes: ProfileCreateAttributes,
    query?: QueryOptions<'create_profile'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'create_profile'>> {
    return this.call('create_profile', { query, body: { data: { type: 'profile', attributes } } }, options);
  }

  /** Changes a profile's attributes. `update_profile` · PATCH /api/profiles/{id} · tier L · scopes profiles:write. */
  update(
    id: string,
    attributes: ProfileUpdateAttributes,
    extras: ProfileUpdateExtras = {},
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'update_profile'>> {
    const { patchProperties, ...query } = extras;
    return this.call(
      'update_profile',
      { path: { id }, query, body: { data: { type: 'profile', id, attributes, ...meta(patchProperties) } } },
      options,
    );
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
    const { id, patchProperties, ...query } = extras;
    const body = { data: { type: 'profile', ...(id === undefined ? {} : { id }), attributes, ...meta(patchProperties) } };
    const sent = this.call('create_or_update_profile', { query, body }, options).withResponse();
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
    const sources = typeof fromIds === 'string' ? [fromIds] : fromIds;
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

  /** Lists the profile is on. `get_lists_for_profile` · GET /api/profiles/{id}/lists · tier S · scopes lists:read, profiles:read. */
  lists(
    id: string,
    query?: QueryOptions<'get_lists_for_profile'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_lists_for_profile'>> {
    return this.call('get_lists_for_profile', { path: { id }, query }, options);
  }

  /** Ids of the lists the profile is on. `get_list_ids_for_profile` · GET /api/profiles/{id}/relationships/lists · tier S · scopes lists:read, profiles:read. */
  listIds(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_list_ids_for_profile'>> {
    return this.call('get_list_ids_for_profile', { path: { id } }, options);
  }

  /** Segments the profile is in. `get_segments_for_profile` · GET /api/profiles/{id}/segments · tier S · scopes profiles:read, segments:read. */
  segments(
    id: string,
    query?: QueryOptions<'get_segments_for_profile'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_segments_for_profile'>> {
    return this.call('get_segments_for_profile', { path: { id }, query }, options);
  }

  /** Ids of the segments the profile is in. `get_segment_ids_for_profile` · GET /api/profiles/{id}/relationships/segments · tier S · scopes profiles:read, segments:read. */
  segmentIds(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_segment_ids_for_profile'>> {
    return this.call('get_segment_ids_for_profile', { path: { id } }, options);
  }

  /**
   * Gives marketing consent, any number of profiles: sent 1000 per job. Klaviyo answers 202 with no body and
   * has no job to read back, so this resolves (to nothing) once every job was accepted. Not re-sent after a 5xx.
   * `bulk_subscribe_profiles` · POST /api/profile-subscription-bulk-create-jobs · tier L · scopes lists:write, profiles:write, subscriptions:write.
   */
  async subscribe(params: SubscribeParams, options?: RequestOptions): Promise<void> {
    const { listId, channels = [], consentedAt, historicalImport, customSource } = params;
    const consented_at = consentedAt instanceof Date ? consentedAt.toISOString() : consentedAt;
    const consent = { consent: 'SUBSCRIBED' as const, ...(consented_at === undefined ? {} : { consented_at }) };
    const profiles = params.profiles.map((p, i) => ({ type: 'profile', attributes: withConsent(p, channels, consent, i) }));
    const extra = {
      ...(customSource === undefined ? {} : { custom_source: customSource }),
      ...(historicalImport === undefined ? {} : { historical_import: historicalImport }),
    };
    await sendAll(chunk(profiles, { maxItems: PROFILE_JOB_LIMITS.subscribe }), (data) =>
      this.call(
        'bulk_subscribe_profiles',
        {
          body: {
            data: {
              type: 'profile-subscription-bulk-create-job',
              attributes: { ...extra, profiles: { data } },
              ...listRelationship(listId),
            },
          },
        },
        options,
      ),
    );
  }

  /**
   * Withdraws marketing consent, any number of profiles: sent 100 per job (the spec's limit for this
   * operation). Klaviyo answers 202 with no body and no job to read back; resolves once every job was accepted.
   * `bulk_unsubscribe_profiles` · POST /api/profile-subscription-bulk-delete-jobs · tier L · scopes lists:write, profiles:write, subscriptions:write.
   */
  async unsubscribe(params: UnsubscribeParams, options?: RequestOptions): Promise<void> {
    const { listId, channels = [] } = params;
    const consent = { consent: 'UNSUBSCRIBED' as const };
    const profiles = params.profiles.map((p, i) => ({ type: 'profile', attributes: withConsent(p, channels, consent, i) }));
    await sendAll(chunk(profiles, { maxItems: PROFILE_JOB_LIMITS.unsubscribe }), (data) =>
      this.call(
        'bulk_unsubscribe_profiles',
        {
          body: {
            data: {
              type: 'profile-subscription-bulk-delete-job',
              attributes: { profiles: { data } },
              ...listRelationship(listId),
            },
          },
        },
        options,
      ),
    );
  }

  /**
   * Suppresses email addresses (no email marketing, whatever their consent): 100 per job, one job handle each.
   * `bulk_suppress_profiles` · POST /api/profile-suppression-bulk-create-jobs · tier L · scopes profiles:write, subscriptions:write.
   */
  async suppress(emails: readonly string[], options?: RequestOptions): Promise<SuppressionJob[]> {
    const chunks = chunk(emails.map(emailProfile), { maxItems: PROFILE_JOB_LIMITS.suppress });
    const created = await sendAll(chunks, (data) =>
      this.call(
        'bulk_suppress_profiles',
        { body: { data: { type: 'profile-suppression-bulk-create-job', attributes: { profiles: { data } } } } },
        options,
      ),
    );
    return created.map(
      (document) =>
        new JobHandle(document, 'suppression job', (signal) =>
          this.suppressionJobs.get(document.data.id, undefined, { ...options, signal: signal ?? options?.signal }),
        ),
    );
  }

  /**
   * Lifts manual suppressions: 100 emails per job, one job handle each.
   * `bulk_unsuppress_profiles` · POST /api/profile-suppression-bulk-delete-jobs · tier L · scopes subscriptions:write.
   */
  async unsuppress(emails: readonly string[], options?: RequestOptions): Promise<UnsuppressionJob[]> {
    const chunks = chunk(emails.map(emailProfile), { maxItems: PROFILE_JOB_LIMITS.suppress });
    const created = await sendAll(chunks, (data) =>
      this.call(
        'bulk_unsuppress_profiles',
        { body: { data: { type: 'profile-suppression-bulk-delete-job', attributes: { profiles: { data } } } } },
        options,
      ),
    );
    return created.map(
      (document) =>
        new JobHandle(document, 'unsuppression job', (signal) =>
          this.unsuppressionJobs.get(document.data.id, undefined, { ...options, signal: signal ?? options?.signal }),
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
    const items = profiles.map((attributes) => ({ type: 'profile', attributes }));
    const relationships =
      importOptions.listId === undefined
        ? {}
        : { relationships: { lists: { data: [{ type: 'list', id: importOptions.listId }] } } };
    const chunks = chunk(items, { maxItems: PROFILE_JOB_LIMITS.importProfiles, maxBytes: PROFILE_JOB_LIMITS.importBytes });
    const created = await sendAll(chunks, (data) =>
      this.call(
        'bulk_import_profiles',
        { body: { data: { type: 'profile-bulk-import-job', attributes: { profiles: { data } }, ...relationships } } },
        options,
      ),
    );
    return created.map((document) => this.#importJob(document, options));
  }

  #importJob(document: ResponseOf<'bulk_import_profiles'>, options: RequestOptions | undefined): BulkImportJob {
    return new BulkImportJob(document, this.bulkImportJobs, options);
  }
}

/** A bulk import job. `wait()` also fetches the rows it could not import. */
export class BulkImportJob extends JobHandle<ResponseOf<'bulk_import_profiles'>, ResponseOf<'get_bulk_import_profiles_job'>> {
  readonly #jobs: BulkImportJobs;
  readonly #options: RequestOptions | undefined;

  constructor(document: ResponseOf<'bulk_import_profiles'>, jobs: BulkImportJobs, options: RequestOptions | undefined) {
    super(document, 'bulk import job', (signal) =>
      jobs.get(document.data.id, undefined, { ...options, signal: signal ?? options?.signal }),
    );
    this.#jobs = jobs;
    this.#options = options;
  }

  /**
   * Polls until the import settles, then fetches every row it could not import. Resolves to the job with
   * `importErrors`; throws `JobFailedError` (with `.errors`) when the job was cancelled or failed, or, with
   * `failOnImportErrors`, when any row failed.
   */
  override async wait(waitOptions: BulkImportWaitOptions = {}): Promise<BulkImportResult> {
    const { failOnImportErrors = false, ...polling } = waitOptions;
    const last = await this.poll(polling);
    const failedRows = last.data.attributes.failed_count ?? 0;
    const callOptions = { ...this.#options, signal: polling.signal ?? this.#options?.signal };
    const importErrors = failedRows > 0 ? await this.#jobs.importErrors(this.id, { pageSize: 100 }, callOptions).toArray() : [];
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

/** `klaviyo.profiles.bulkImportJobs` */
export class BulkImportJobs extends Resource {
  /** Every bulk import job. `get_bulk_import_profiles_jobs` · GET /api/profile-bulk-import-jobs · tier M · scopes lists:read, profiles:read. */
  list(query?: QueryOptions<'get_bulk_import_profiles_jobs'>, options?: RequestOptions): PageOf<'get_bulk_import_profiles_jobs'> {
    return this.paginate('get_bulk_import_profiles_jobs', { query }, options);
  }

  /** One job and its progress. `get_bulk_import_profiles_job` · GET /api/profile-bulk-import-jobs/{job_id} · tier M · scopes lists:read, profiles:read. */
  get(
    jobId: string,
    query?: QueryOptions<'get_bulk_import_profiles_job'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_bulk_import_profiles_job'>> {
    return this.call('get_bulk_import_profiles_job', { path: { job_id: jobId }, query }, options);
  }

  /** Rows the job could not import. `get_errors_for_bulk_import_profiles_job` · GET /api/profile-bulk-import-jobs/{id}/import-errors · tier M · scopes profiles:read. */
  importErrors(
    jobId: string,
    query?: QueryOptions<'get_errors_for_bulk_import_profiles_job'>,
    options?: RequestOptions,
  ): PagePromise<ImportError> {
    return this.paginate('get_errors_for_bulk_import_profiles_job', { path: { id: jobId }, query }, options);
  }

  /** Profiles the job created or updated. `get_profiles_for_bulk_import_profiles_job` · GET /api/profile-bulk-import-jobs/{id}/profiles · tier M · scopes profiles:read. */
  profiles(
    jobId: string,
    query?: QueryOptions<'get_profiles_for_bulk_import_profiles_job'>,
    options?: RequestOptions,
  ): PageOf<'get_profiles_for_bulk_import_profiles_job'> {
    return this.paginate('get_profiles_for_bulk_import_profiles_job', { path: { id: jobId }, query }, options);
  }

  /** Ids of those profiles. `get_profile_ids_for_bulk_import_profiles_job` · GET /api/profile-bulk-import-jobs/{id}/relationships/profiles · tier M · scopes profiles:read. */
  profileIds(
    jobId: string,
    query?: QueryOptions<'get_profile_ids_for_bulk_import_profiles_job'>,
    options?: RequestOptions,
  ): PageOf<'get_profile_ids_for_bulk_import_profiles_job'> {
    return this.paginate('get_profile_ids_for_bulk_import_profiles_job', { path: { id: jobId }, query }, options);
  }

  /** The list the job adds profiles to. `get_list_for_bulk_import_profiles_job` · GET /api/profile-bulk-import-jobs/{id}/lists · tier M · scopes lists:read. */
  lists(
    jobId: string,
    query?: QueryOptions<'get_list_for_bulk_import_profiles_job'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_list_for_bulk_import_profiles_job'>> {
    return this.call('get_list_for_bulk_import_profiles_job', { path: { id: jobId }, query }, options);
  }

  /** Id of that list. `get_list_ids_for_bulk_import_profiles_job` · GET /api/profile-bulk-import-jobs/{id}/relationships/lists · tier M · scopes lists:read. */
  listIds(jobId: string, options?: RequestOptions): APIPromise<ResponseOf<'get_list_ids_for_bulk_import_profiles_job'>> {
    return this.call('get_list_ids_for_bulk_import_profiles_job', { path: { id: jobId } }, options);
  }
}

/** `klaviyo.profiles.suppressionJobs` */
export class SuppressionJobs extends Resource {
  /** Every suppression job. `get_bulk_suppress_profiles_jobs` · GET /api/profile-suppression-bulk-create-jobs · tier L · scopes subscriptions:read. */
  list(
    query?: QueryOptions<'get_bulk_suppress_profiles_jobs'>,
    options?: RequestOptions,
  ): PageOf<'get_bulk_suppress_profiles_jobs'> {
    return this.paginate('get_bulk_suppress_profiles_jobs', { query }, options);
  }

  /** One suppression job. `get_bulk_suppress_profiles_job` · GET /api/profile-suppression-bulk-create-jobs/{job_id} · tier L · scopes subscriptions:read. */
  get(
    jobId: string,
    query?: QueryOptions<'get_bulk_suppress_profiles_job'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_bulk_suppress_profiles_job'>> {
    return this.call('get_bulk_suppress_profiles_job', { path: { job_id: jobId }, query }, options);
  }
}

/** `klaviyo.profiles.unsuppressionJobs` */
export class UnsuppressionJobs extends Resource {
  /** Every unsuppression job. `get_bulk_unsuppress_profiles_jobs` · GET /api/profile-suppression-bulk-delete-jobs · tier L · scopes subscriptions:read. */
  list(
    query?: QueryOptions<'get_bulk_unsuppress_profiles_jobs'>,
    options?: RequestOptions,
  ): PageOf<'get_bulk_unsuppress_profiles_jobs'> {
    return this.paginate('get_bulk_unsuppress_profiles_jobs', { query }, options);
  }

  /** One unsuppression job. `get_bulk_unsuppress_profiles_job` · GET /api/profile-suppression-bulk-delete-jobs/{job_id} · tier L · scopes subscriptions:read. */
  get(
    jobId: string,
    query?: QueryOptions<'get_bulk_unsuppress_profiles_job'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_bulk_unsuppress_profiles_job'>> {
    return this.call('get_bulk_unsuppress_profiles_job', { path: { job_id: jobId }, query }, options);
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

/**
 * A profile's attributes with `subscriptions` filled in from `channels` when the caller gave none: email
 * consent for a profile with an email, SMS consent for one with a phone number. Consent is never invented
 * for a channel the caller did not name, so a profile left with none is refused before anything is sent.
 */
function withConsent<P extends { email?: string | null; phone_number?: string | null; subscriptions?: unknown }>(
  profile: P,
  channels: readonly ConsentChannel[],
  consent: { consent: 'SUBSCRIBED' | 'UNSUBSCRIBED'; consented_at?: string },
  index: number,
): P {
  if (profile.subscriptions != null) return profile;
  const subscriptions = {
    ...(channels.includes('email') && profile.email ? { email: { marketing: consent } } : {}),
    ...(channels.includes('sms') && profile.phone_number ? { sms: { marketing: consent } } : {}),
  };
  if (Object.keys(subscriptions).length === 0) {
    throw new ValidationError('No consent channel for a profile', {
      issues: [
        {
          path: `profiles.${index}`,
          message: 'give `subscriptions`, or `channels` matching its email (email) or phone_number (sms)',
        },
      ],
    });
  }
  return { ...profile, subscriptions };
}
