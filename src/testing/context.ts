/** The contract between the router and the per-resource handlers. */
import type { OperationId, OperationSpec } from '../core/operations.generated.js';
import type { ParsedQuery } from './query.js';
import type { MockState } from './state.js';

/** Everything a handler needs about the request it serves. */
export interface HandlerContext {
  state: MockState;
  op: OperationSpec & { id: OperationId };
  /** Path parameters by template name (`id`, `job_id`). */
  params: Record<string, string>;
  /** The absolute request URL; links in responses are built from its origin. */
  url: URL;
  query: ParsedQuery;
  /** The parsed JSON body (already validated), or undefined. */
  body: any;
  /** The `multipart/form-data` body of a file upload (`upload_image_from_file`), or undefined. */
  form?: FormData | undefined;
}

/** What a handler answers; the router adds headers and serialises `body`. */
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether the call changed state (counted in `state.writes`). Defaults to true for non-GET operations. */
  wrote?: boolean;
}

/** One operation's implementation. */
export type Handler = (ctx: HandlerContext) => HandlerResult;
