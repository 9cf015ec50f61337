/**
 * `klaviyo-ts/testing`: a stateful local Klaviyo for tests — msw handlers (`createKlaviyoMock`) and a
 * loopback HTTP server (`startMockServer`) sharing one core. Only `createKlaviyoMock` needs msw (an optional
 * peer dependency); nothing else here loads it, and these declarations do not name its types.
 */
export {
  createKlaviyoMock,
  MswUnavailableError,
  type CreateKlaviyoMockOptions,
  type KlaviyoMock,
  type MswRequestHandler,
} from './msw.js';
export { startMockServer, type MockServer, type StartMockServerOptions } from './server.js';
export { preloadOperations } from './preload.js';
export type { KlaviyoMockOptions } from './mock.js';
export { MockState, WriteCounter, type RequestLogEntry, type StoredRecord } from './state.js';
export { Faults, type FaultRule } from './faults.js';
export type { MockRateLimitOptions } from './rate-limit.js';
export type {
  SeedData,
  SeedResult,
  ProfileSeed,
  ListSeed,
  SegmentSeed,
  MetricSeed,
  EventSeed,
  CampaignSeed,
  FlowSeed,
  FlowActionSeed,
  ImageSeed,
  PushTokenSeed,
  ConversationSeed,
  CustomMetricSeed,
  MappedMetricSeed,
  RecordSeed,
} from './seed.js';
export type { MockRequest, MockResponse, TransportFault } from './types.js';
export type { BodySchema, RequestSchemas } from './validate.js';
export { parseFilter, evaluateFilter, FilterSyntaxError, type FilterNode, type FilterValue } from './filter.js';
export { signWebhook, type SignWebhookParams, type SignedWebhookHeaders } from './webhooks.js';
