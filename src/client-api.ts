/**
 * `klaviyo-ts/client`: Klaviyo's client API (`/client/*`) for browsers, storefronts and mobile apps,
 * authenticated by the account's public key. Bundles with no Node built-in: the same transport, limiter,
 * retries and errors as the server client, and nothing of it that needs a private key.
 * https://developers.klaviyo.com/en/reference/api_overview#client-side-apis
 */
import { KlaviyoClientResources } from './resources/generated/client.js';

export { KlaviyoClientCore, type KlaviyoClientOptions } from './core/client-core.js';
export {
  ClientBackInStockSubscriptions,
  ClientEvents,
  ClientGeofences,
  ClientIpAllowlists,
  ClientProfiles,
  ClientPushTokens,
  ClientReviews,
  ClientSubscriptions,
  KlaviyoClientResources,
} from './resources/generated/client.js';
// The classes klaviyo-ts exports (one chunk, so instanceof holds whichever entry the catching code imported).
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
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from './core/errors.js';
export { APIPromise } from './core/api-promise.js';
export { PagePromise } from './core/pagination.js';
export type { Logger, LogLevel } from './core/logger.js';
export type { RequestOptions } from './core/transport.js';

/**
 * The client API: track events, create profiles and subscriptions, register push tokens and read reviews
 * from a browser or an app, with the public key (never a private key).
 *
 * @example
 * import { KlaviyoClient } from 'klaviyo-ts/client';
 * const klaviyo = new KlaviyoClient({ companyId: 'AbC123' });
 * await klaviyo.events.create({
 *   metric: { data: { type: 'metric', attributes: { name: 'Viewed Product' } } },
 *   profile: { data: { type: 'profile', attributes: { email: 'sarah.mason@klaviyo-demo.com' } } },
 *   properties: { ProductName: 'Winnie the Pooh' },
 * });
 *
 * @throws ValidationError when `companyId` is missing, not a 6-character public key, or a private key (`pk_…`).
 */
export class KlaviyoClient extends KlaviyoClientResources {}
