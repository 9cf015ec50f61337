/**
 * Coupons and their codes: the unique codes Klaviyo hands out to profiles, created in bulk as jobs
 * (https://developers.klaviyo.com/en/reference/coupons_api_overview).
 */
import type { ValidationIssue } from '../core/errors.js';
import { checkArray, isPlainObject, misspeltKeys, stringProblem } from '../core/known-keys.js';
import type { RequestOptions } from '../core/transport.js';
import { type BulkJob, type BulkJobKind, BulkJobsResource, UNSENT, type WireResource } from './bulk-jobs.js';
import type { RequestBodyOf } from './resource.js';

/**
 * Klaviyo's limit on coupon code bulk jobs, from bulk_create_coupon_codes in the spec: "Max number of coupon
 * codes per job we allow for is 1000." (It also allows at most 100 jobs queued at once.)
 */
export const COUPON_CODE_JOB_LIMITS = {
  /** Codes per job. */
  codes: 1000,
} as const;

/** Attributes of a new coupon code: `unique_code`, and `expires_at` (ISO 8601; Klaviyo's default is one year from now). */
export type CouponCodeCreateAttributes =
  RequestBodyOf<'bulk_create_coupon_codes'>['data']['attributes']['coupon-codes']['data'][number]['attributes'];

/** One coupon code to create: its attributes and the id of its coupon (e.g. `'10OFF'`). */
export type CouponCodeCreate = CouponCodeCreateAttributes & {
  /** The coupon the code belongs to, by its id (e.g. `'10OFF'`). */
  couponId: string;
};

/** A job creating coupon codes; `wait()` resolves to the settled job (`completed_count`, `failed_count`, `errors`). */
export type CouponCodeBulkCreateJob = BulkJob<'bulk_create_coupon_codes', 'get_bulk_create_coupon_codes_job'>;

const CREATE_CODES: BulkJobKind<'bulk_create_coupon_codes', 'get_bulk_create_coupon_codes_job'> = {
  start: 'bulk_create_coupon_codes',
  read: 'get_bulk_create_coupon_codes_job',
  type: 'coupon-code-bulk-create-job',
  key: 'coupon-codes',
  kind: 'coupon code bulk create job',
  maxItems: COUPON_CODE_JOB_LIMITS.codes,
  // A code is unique within its coupon: named `<coupon id>/<code>` in messages.
  identity: ({ attributes, relationships }) => {
    const code = attributes?.['unique_code'];
    const coupon = (relationships?.['coupon']?.data as { id?: unknown } | undefined)?.id;
    return typeof code === 'string' && typeof coupon === 'string' ? { id: `${coupon}/${code}`, at: 'unique_code' } : undefined;
  },
};

/**
 * The hand-written methods of `klaviyo.coupons.codes` (src/resources/generated/coupons.ts adds the rest):
 * any number of codes, sent as jobs of 1000, every code checked before the first job.
 */
export abstract class CouponCodesHelpers extends BulkJobsResource {
  /**
   * Creates any number of coupon codes in the background, each naming its coupon by `couponId`: 1000 codes
   * per job, one waitable job handle each, in order. Every code is checked before the first job is sent.
   * Not re-sent after a 5xx; jobs already accepted go on if a later one fails (`BatchError` says which).
   * Klaviyo queues at most 100 of these jobs at once, so more than 100,000 codes may need waiting in between.
   * `bulk_create_coupon_codes` · POST /api/coupon-code-bulk-create-jobs · tier L · scopes coupon-codes:write.
   * @throws {ValidationError} for a bad code (`codes.3.unique_code`, `codes.3.couponId`), or one naming what an earlier one names (`names "…" again`); nothing is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_create_coupon_codes
   */
  async bulkCreate(codes: readonly CouponCodeCreate[], options?: RequestOptions): Promise<CouponCodeBulkCreateJob[]> {
    const issues: ValidationIssue[] = [];
    // Not an object: sent to the schema's check as it is, which names it (`codes.3: … expected object`).
    const wire = checkArray(codes, 'coupons.codes.bulkCreate', 'codes').map((code, i): WireResource => {
      if (!isPlainObject(code)) return code as WireResource;
      const { couponId, ...attributes } = code;
      // `couponID`: named as the key meant, not as a missing couponId and an unknown attribute.
      const typos = misspeltKeys(code, ['couponId'], `codes.${i}`);
      issues.push(...typos.issues);
      for (const key of typos.misspelt.keys()) delete (attributes as Record<string, unknown>)[key];
      const problem = stringProblem(couponId);
      if (problem && typos.misspelt.size === 0) issues.push({ path: `codes.${i}.couponId`, message: problem });
      const coupon = { data: { type: 'coupon', id: problem ? UNSENT : couponId } };
      return { type: 'coupon-code', attributes, relationships: { coupon } };
    });
    return this.startBulkJobs(CREATE_CODES, wire, 'codes', options, issues);
  }
}
