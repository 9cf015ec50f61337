/**
 * klaviyo-ts: a typed, rate-limited, retry-safe client for Klaviyo's REST API.
 * Public exports only; see README.md for examples.
 */
export { Klaviyo, KlaviyoCore, DEFAULT_BASE_URL, DEFAULT_REVISION, type KlaviyoOptions, type KlaviyoRequest } from './client.js';
export { revisionStatus, type RevisionLifecycle, type RevisionStatus } from './core/revisions.js';
export { APIPromise, type RateLimitInfo, type WithResponse } from './core/api-promise.js';
export {
  AbortError,
  AccessTokenError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  KlaviyoApiError,
  KlaviyoError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  ValidationError,
  type KlaviyoErrorObject,
  type ValidationIssue,
} from './core/errors.js';
export { BatchError, type BatchFailure } from './core/chunk.js';
export { JobFailedError, JobHandle, JobTimeoutError, type WaitOptions } from './core/jobs.js';
export type { AccessToken } from './core/authorization.js';
export type { Logger, LogLevel } from './core/logger.js';
export type { OperationId } from './core/operations.js';
export { related, type IncludedOf, type RelatedOf, type RelationshipName } from './core/included.js';
export { Page, PagePromise, type CollectionDocument } from './core/pagination.js';
export {
  and,
  type AndFilter,
  type DatetimeValue,
  type Filter,
  type FilterConditions,
  type FilterValue,
  type QueryOptions,
} from './core/query.js';
export type {
  RateLimitOption,
  RateLimitOptions,
  RateLimitStats,
  RateLimitValues,
  RateLimitWindowStats,
  RedisClientLike,
} from './core/rate-limit/index.js';
export type { QueryValue, RequestOptions, ResponseValidation } from './core/transport.js';
export type { FieldsOf, SparseResource } from './core/operation.js';
export type {
  CampaignChannel,
  CampaignCreateParams,
  CampaignListQuery,
  CampaignMessageDefinition,
  CampaignMessageUpdateDefinition,
} from './resources/campaigns.js';
export {
  CATALOG_JOB_LIMITS,
  type CatalogCategoryBulkCreateJob,
  type CatalogCategoryBulkDeleteJob,
  type CatalogCategoryBulkUpdateJob,
  type CatalogCategoryCreate,
  type CatalogCategoryUpdate,
  type CatalogItemBulkCreateJob,
  type CatalogItemBulkDeleteJob,
  type CatalogItemBulkUpdateJob,
  type CatalogItemCreate,
  type CatalogItemUpdate,
  type CatalogVariantBulkCreateJob,
  type CatalogVariantBulkDeleteJob,
  type CatalogVariantBulkUpdateJob,
  type CatalogVariantCreate,
  type CatalogVariantUpdate,
} from './resources/catalogs.js';
export { COUPON_CODE_JOB_LIMITS, type CouponCodeBulkCreateJob, type CouponCodeCreate } from './resources/coupons.js';
export type { ProfileDeletionTarget } from './resources/dataPrivacy.js';
export { IMAGE_LIMITS, type ImageSource, type ImageUploadOptions, type ImageUploadResult } from './resources/images.js';
export type { TemplateRenderContext, TemplateRenderResult } from './resources/templates.js';
export type { EventInput, EventProfile } from './resources/events.js';
export type { FlowStatus } from './resources/flows.js';
export type { ListCreateAttributes, ListUpdateAttributes } from './resources/lists.js';
export type { MetricAggregateParams, MetricAggregateResponse } from './resources/metrics.js';
export type {
  BulkImportJob,
  BulkImportProfile,
  BulkImportResult,
  ImportError,
  ProfileCreateAttributes,
  ProfileUpdateAttributes,
  ProfileUpsertAttributes,
  ProfileUpsertResult,
  SubscribeParams,
  SubscribeProfile,
  SubscriptionChannels,
  SuppressionJob,
  UnsubscribeParams,
  UnsubscribeProfile,
  UnsubscriptionChannels,
  UnsuppressionJob,
} from './resources/profiles.js';
export type {
  CampaignStatistic,
  CampaignValuesRow,
  FlowStatistic,
  FlowValuesRow,
  Report,
  ReportTimeframe,
  SegmentStatistic,
} from './resources/reports.js';
export type { ItemOf, PageOf, RequestBodyOf, ResponseOf } from './resources/resource.js';
export type { SegmentCreateAttributes, SegmentUpdateAttributes } from './resources/segments.js';
// The resource classes: generated methods on top of the hand-written helpers.
export type {
  BulkImportJobs,
  CampaignMessages,
  Campaigns,
  CustomMetrics,
  Events,
  FlowActions,
  FlowMessages,
  Flows,
  Lists,
  MappedMetrics,
  MetricProperties,
  Metrics,
  Profiles,
  PushTokens,
  Reports,
  Segments,
  SuppressionJobs,
  UnsuppressionJobs,
} from './resources/generated/index.js';
export {
  verifyWebhook,
  WebhookVerificationError,
  type VerifyWebhookParams,
  type WebhookEvent,
  type WebhookEventPayload,
  type WebhookEventResource,
  type WebhookHeaders,
  type WebhookMeta,
  type WebhookPayload,
  type WebhookRelationship,
  type WebhookVerificationCheck,
} from './webhooks.js';
export { VERSION } from './version.js';
