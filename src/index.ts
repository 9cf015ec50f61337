/**
 * klaviyo-ts: a typed, rate-limited, retry-safe client for Klaviyo's REST API.
 * Public exports only; see README.md for examples.
 */
export { Klaviyo, DEFAULT_BASE_URL, DEFAULT_REVISION, type KlaviyoOptions, type KlaviyoRequest } from './client.js';
export { APIPromise, type RateLimitInfo, type WithResponse } from './core/api-promise.js';
export {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  KlaviyoApiError,
  KlaviyoError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  type KlaviyoErrorObject,
  type ValidationIssue,
} from './core/errors.js';
export { BatchError } from './core/chunk.js';
export { JobFailedError, JobHandle, JobTimeoutError, type WaitOptions } from './core/jobs.js';
export type { Logger } from './core/logger.js';
export type { OperationId } from './core/operations.js';
export { Page, PagePromise, type CollectionDocument } from './core/pagination.js';
export { and, type AndFilter, type Filter, type FilterConditions, type FilterValue, type QueryOptions } from './core/query.js';
export type {
  RateLimitOption,
  RateLimitOptions,
  RateLimitStats,
  RateLimitValues,
  RateLimitWindowStats,
  RedisClientLike,
} from './core/rate-limit/index.js';
export type { QueryValue, RequestOptions } from './core/transport.js';
export type { EventInput } from './resources/events.js';
export { VERSION } from './version.js';
