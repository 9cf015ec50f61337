/**
 * Klaviyo's bulk job operations of one shape (catalog items, variants and categories, coupon codes): a POST
 * whose body is `{ data: { type: '<…>-bulk-…-job', attributes: { <key>: { data: [resources] } } } }`,
 * answered 202 with the job, which a GET by `job_id` reads until it settles. Any number of resources is
 * split into jobs Klaviyo accepts, every resource checked before the first job is sent.
 */
import { chunk, sendAll } from '../core/chunk.js';
import { ValidationError } from '../core/errors.js';
import { JobHandle } from '../core/jobs.js';
import type { OperationId } from '../core/operations.js';
import type { RequestOptions } from '../core/transport.js';
import { jsonIssues } from '../core/validation.js';
import { Resource, type ResourceCallArgs, type ResponseOf } from './resource.js';

/** One kind of bulk job: the operation that starts it, the one that reads it, and its per-job limits. */
export interface BulkJobKind<Start extends OperationId, Read extends OperationId> {
  /** Starts a job, e.g. `bulk_create_catalog_items`. */
  start: Start;
  /** Reads a job by `job_id`, e.g. `get_bulk_create_catalog_items_job`. */
  read: Read;
  /** The job's JSON:API type, e.g. `catalog-item-bulk-create-job`. */
  type: string;
  /** The attribute holding the resources, e.g. `items`, `variants`, `coupon-codes`. */
  key: string;
  /** The job in messages, e.g. `catalog item bulk create job`. */
  kind: string;
  /** Resources per job. */
  maxItems: number;
  /** Bytes of the resources' JSON per job, when Klaviyo limits the payload. */
  maxBytes?: number;
}

/** A started job: what Klaviyo answered, and `wait()` reading it until it settles. */
export type BulkJob<Start extends OperationId, Read extends OperationId> = JobHandle<
  ResponseOf<Start> & { data: { id: string } },
  ResponseOf<Read>
>;

/** Room left in a job's payload for the envelope around the resources. */
export const BULK_ENVELOPE_BYTES = 4_096;

/** Base of the resources whose helpers start bulk jobs. */
export abstract class BulkJobsResource extends Resource {
  /**
   * Starts as many jobs of `job` as `resources` (wire resource objects) need, in order, one handle each.
   * `argument` names the caller's array in issue paths (`items.3.title`). The whole input is checked against
   * the operation's schema first, so a bad resource in the last job is refused before the first is sent.
   */
  protected async startBulkJobs<Start extends OperationId, Read extends OperationId>(
    job: BulkJobKind<Start, Read>,
    resources: readonly object[],
    argument: string,
    options: RequestOptions | undefined,
  ): Promise<BulkJob<Start, Read>[]> {
    if (resources.length === 0) return [];
    // Measuring each resource's bytes for the chunks serializes it: a BigInt or a cycle is refused first.
    const unsendable = jsonIssues(resources, argument);
    if (unsendable.length) throw new ValidationError(`${argument} cannot be sent as JSON`, { issues: unsendable });
    const envelope = (data: readonly object[]) => ({ data: { type: job.type, attributes: { [job.key]: { data } } } });
    await checkAsOneBody(this.checkBodies(job.start, [envelope(resources)]), job.key, argument);
    const chunks = chunk(resources, {
      maxItems: job.maxItems,
      ...(job.maxBytes === undefined ? {} : { maxBytes: job.maxBytes }),
    });
    const started = await sendAll(chunks, (data) =>
      this.call(job.start, { body: envelope(data), bodyChecked: true } as ResourceCallArgs<Start>, options),
    );
    return started.map((document) => {
      const id = (document as { data: { id: string } }).data.id;
      return new JobHandle(document as ResponseOf<Start> & { data: { id: string } }, job.kind, (signal) =>
        this.call(job.read, { path: { job_id: id } } as ResourceCallArgs<Read>, {
          ...options,
          signal: signal ?? options?.signal,
        }),
      );
    });
  }
}

/**
 * Waits for `check` of the body holding every resource, with its issues' paths said as the caller wrote them:
 * `data.attributes.items.data.3.attributes.titel` → `items.3.titel`.
 */
async function checkAsOneBody(check: Promise<void>, key: string, argument: string): Promise<void> {
  try {
    await check;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const prefix = new RegExp(`^data\\.attributes\\.${key.replace(/[-.]/g, '\\$&')}\\.data\\.(\\d+)\\.(?:attributes\\.)?`);
    const issues = error.issues.map((issue) => ({ ...issue, path: issue.path.replace(prefix, `${argument}.$1.`) }));
    throw new ValidationError(`Invalid ${argument}`, { issues });
  }
}
