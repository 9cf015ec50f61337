/**
 * Klaviyo's bulk job operations of one shape (catalog items, variants and categories, coupon codes): a POST
 * whose body is `{ data: { type: '<…>-bulk-…-job', attributes: { <key>: { data: [resources] } } } }`,
 * answered 202 with the job, which a GET by `job_id` reads until it settles. Any number of resources is
 * split into jobs Klaviyo accepts, every resource checked before the first job is sent.
 */
import { chunk, sendAll } from '../core/chunk.js';
import { issuesBesides, joinPath, ValidationError, type ValidationIssue } from '../core/errors.js';
import { JobHandle } from '../core/jobs.js';
import type { OperationId } from '../core/operations.js';
import type { RequestOptions } from '../core/transport.js';
import { isPlainObject } from '../core/known-keys.js';
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
  /**
   * The resource a wire resource names (its id, or the id a create derives from `external_id`) and the
   * caller's key holding it (`external_id`, `id`; `''` for a bare id): one call names each resource once.
   */
  identity?: (resource: WireResource) => { id: string; at: string } | undefined;
}

/** A resource as a bulk job's body carries it. */
export interface WireResource {
  type: string;
  id?: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data: unknown }>;
}

/** A started job: what Klaviyo answered, and `wait()` reading it until it settles. */
export type BulkJob<Start extends OperationId, Read extends OperationId> = JobHandle<
  ResponseOf<Start> & { data: { id: string } },
  ResponseOf<Read>
>;

/**
 * The id a wire resource carries in place of one its entry got wrong: the entry's problem is already an issue,
 * so nothing is sent, and the schema's check of the same entry does not say it again.
 */
export const UNSENT = 'unsent';

/** Room left in a job's payload for the envelope around the resources. */
export const BULK_ENVELOPE_BYTES = 4_096;

/** Base of the resources whose helpers start bulk jobs. */
export abstract class BulkJobsResource extends Resource {
  /**
   * Starts as many jobs of `job` as `resources` (wire resource objects) need, in order, one handle each.
   * `argument` names the caller's array in issue paths (`items.3.title`). The whole input is checked against
   * the operation's schema first, so a bad resource in the last job is refused before the first is sent;
   * `issues` (the SDK's own, found while building `resources`) are reported with the schema's, in index order.
   */
  protected async startBulkJobs<Start extends OperationId, Read extends OperationId>(
    job: BulkJobKind<Start, Read>,
    resources: readonly WireResource[],
    argument: string,
    options: RequestOptions | undefined,
    issues: readonly ValidationIssue[] = [],
  ): Promise<BulkJob<Start, Read>[]> {
    if (resources.length === 0) return [];
    // Measuring each resource's bytes for the chunks serializes it: a BigInt or a cycle is refused first.
    // Said as the caller wrote them: `items.0.custom_metadata.stock`, not `items.0.attributes.custom_metadata.stock`.
    const unsendable = jsonIssues(resources, argument).map((issue) => ({
      ...issue,
      path: issue.path.replace(/^([^.]+\.\d+)\.attributes(?=$|[.[])/, '$1'),
    }));
    if (unsendable.length) throw new ValidationError(`${argument} cannot be sent as JSON`, { issues: unsendable });
    const envelope = (data: readonly object[]) => ({ data: { type: job.type, attributes: { [job.key]: { data } } } });
    const duplicates = job.identity ? duplicateIssues(resources, job.identity, argument) : [];
    const check = (body: unknown) => this.checkBodies(job.start, [body]);
    const jobs = entryJobs([resources], envelope, { key: job.key, argument });
    await checkJobBodies(check, jobs, `Invalid ${argument}`, [...issues, ...duplicates]);
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
 * One issue per resource named again after an earlier one (`items.5.external_id`): Klaviyo would fail the
 * second inside its job (a create of an id that exists) or apply two updates of one resource in no set order.
 */
function duplicateIssues(
  resources: readonly WireResource[],
  identity: NonNullable<BulkJobKind<OperationId, OperationId>['identity']>,
  argument: string,
): ValidationIssue[] {
  const first = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  resources.forEach((resource, i) => {
    // An entry that is not an object, or an id already refused, names nothing.
    const named = isPlainObject(resource) ? identity(resource) : undefined;
    if (named === undefined || named.id === UNSENT) return;
    const earlier = first.get(named.id);
    if (earlier === undefined) first.set(named.id, i);
    else {
      const what = resource.type.replaceAll('-', ' ');
      const message = `names ${JSON.stringify(named.id)} again, as ${argument}.${earlier} does: name each ${what} once`;
      issues.push({ path: joinPath(`${argument}.${i}`, named.at), message });
    }
  });
  return issues;
}

/** A job body to check before anything is sent, and how to say a path in it as the caller wrote it. */
export interface JobToCheck {
  body: unknown;
  callerPath: (path: string) => string;
}

/**
 * The jobs `body` builds from `chunks`, each entry of `data.attributes.<key>.data` said by its place in the
 * caller's whole array (`data.attributes.items.data.3.attributes.titel` of the second job of 100 →
 * `items.103.titel`; the entry itself, or a key beside its attributes, the same way).
 */
export function entryJobs<T>(
  chunks: readonly (readonly T[])[],
  body: (data: readonly T[]) => unknown,
  where: { key: string; argument: string },
): JobToCheck[] {
  const prefix = new RegExp(
    `^data\\.attributes\\.${where.key.replace(/[-.]/g, '\\$&')}\\.data\\.(\\d+)(?:$|\\.(?:attributes\\.)?)`,
  );
  let offset = 0;
  return chunks.map((data) => {
    const at = offset;
    offset += data.length;
    return {
      body: body(data),
      callerPath: (path: string) =>
        path.replace(
          prefix,
          (whole, index: string) => `${where.argument}.${at + Number(index)}${whole.endsWith('.') ? '.' : ''}`,
        ),
    };
  });
}

/**
 * Checks every job body (`check` throws `ValidationError` for a bad one), with each issue said where the
 * caller wrote it, merged with the SDK's own `issues` in index order, so that one error (`title`) names
 * every problem of every job.
 */
export async function checkJobBodies(
  check: (body: unknown) => Promise<void>,
  jobs: readonly JobToCheck[],
  title: string,
  issues: readonly ValidationIssue[],
): Promise<void> {
  const all = [...issues];
  for (const job of jobs) {
    try {
      await check(job.body);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Where the SDK already said what is wrong, in the caller's terms, the schema's or a body rule's wording
      // of the same problem (`historical_import` for `historicalImport`) is left out.
      all.push(
        ...issuesBesides(
          issues,
          error.issues.map((issue) => ({ ...issue, path: job.callerPath(issue.path) })),
        ),
      );
    }
  }
  if (all.length === 0) return;
  const index = (issue: ValidationIssue) => Number(/^[^.]+\.(\d+)/.exec(issue.path)?.[1] ?? -1);
  throw new ValidationError(title, { issues: all.sort((a, b) => index(a) - index(b)) });
}
