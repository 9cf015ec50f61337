/**
 * `klaviyo-ts/core`: the light client for use with the standalone functions of `klaviyo-ts/operations`.
 * Importing this brings no resource and no schema. The error classes and query helpers come from the main
 * entry, which bundlers shake down to the names imported (`"sideEffects": false`).
 */
export {
  DEFAULT_BASE_URL,
  DEFAULT_REVISION,
  KlaviyoCore,
  type KlaviyoOptions,
  type KlaviyoRequest,
} from './core/klaviyo-core.js';
export type { AccessToken } from './core/authorization.js';
export { AccessTokenError, ResponseTooLargeError } from './core/errors.js';
export type { ItemOf, PageOf, RequestBodyOf, ResponseOf } from './core/operation.js';
