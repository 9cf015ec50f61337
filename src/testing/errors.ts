/**
 * Klaviyo-shaped error bodies. Every failure inside the mock is thrown as an `ApiError` and turned into
 * `{"errors":[{id,status,code,title,detail,source}]}` in one place (router), like Klaviyo's JSON:API errors
 * (https://developers.klaviyo.com/en/docs/api_overview#errors).
 */

/** Where in the request an error points: a JSON pointer into the body or a query parameter name. */
export type ErrorSource = { pointer: string } | { parameter: string } | Record<string, never>;

/** One entry of the `errors` array. */
export interface KlaviyoErrorObject {
  id: string;
  status: number;
  code: string;
  title: string;
  detail: string;
  source: ErrorSource;
  meta?: Record<string, unknown>;
}

const TITLES: Record<number, [code: string, title: string]> = {
  400: ['invalid', 'Invalid input.'],
  401: ['not_authenticated', 'Authentication credentials were not provided.'],
  403: ['permission_denied', 'You do not have permission to perform this action.'],
  404: ['not_found', 'Not found.'],
  405: ['method_not_allowed', 'Method not allowed.'],
  409: ['duplicate_profile', 'Conflict.'],
  415: ['unsupported_media_type', 'Unsupported media type.'],
  429: ['throttled', 'Request was throttled.'],
  500: ['error', 'A server error occurred.'],
  503: ['service_unavailable', 'Service unavailable.'],
};

/** An error the mock answers with. Throw it from any handler; the router serialises it. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: KlaviyoErrorObject[];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options: {
      source?: ErrorSource;
      code?: string;
      title?: string;
      meta?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.headers = options.headers ?? {};
    const [code, title] = TITLES[status] ?? ['error', 'Error.'];
    const entry: KlaviyoErrorObject = {
      id: errorId(),
      status,
      code: options.code ?? code,
      title: options.title ?? title,
      detail,
      source: options.source ?? {},
    };
    if (options.meta) entry.meta = options.meta;
    this.errors = [entry];
  }
}

/** 400 pointing at a body field, e.g. `invalidBody('/data/attributes/email', 'Invalid email address')`. */
export function invalidBody(pointer: string, detail: string): ApiError {
  return new ApiError(400, detail, { source: { pointer } });
}

/** 400 pointing at a query parameter, e.g. `invalidParam('filter', 'Invalid filter')`. */
export function invalidParam(parameter: string, detail: string): ApiError {
  return new ApiError(400, detail, { source: { parameter } });
}

/** 404 for an unknown resource id, worded like Klaviyo. */
export function notFound(type: string, id: string): ApiError {
  return new ApiError(404, `A ${type} with id ${id} does not exist.`);
}

let errorCounter = 0;
/** Error ids are UUID-shaped like Klaviyo's and unique per process (not part of deterministic state). */
function errorId(): string {
  errorCounter += 1;
  const hex = errorCounter.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}
