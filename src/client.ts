/**
 * `Klaviyo`: the client with every resource (`klaviyo.profiles.list()`, `klaviyo.lists.addProfiles()`, …).
 * It is `KlaviyoCore` (options, transport, limiter: src/core/klaviyo-core.ts) plus the resource facade
 * generated from the naming table (src/resources/generated/). For the smallest bundles, use `KlaviyoCore`
 * with the functions of `klaviyo-ts/operations` instead.
 */
import { KlaviyoResources } from './resources/generated/index.js';

export {
  DEFAULT_BASE_URL,
  DEFAULT_REVISION,
  KlaviyoCore,
  type KlaviyoOptions,
  type KlaviyoRequest,
} from './core/klaviyo-core.js';

/**
 * The Klaviyo API client: one property per resource, one method per operation of revision 2026-07-15 in
 * this package's scope. One per account key; instances with the same key share rate-limit buckets.
 *
 * @example
 * const klaviyo = new Klaviyo({ apiKey: 'pk_…' });
 * for await (const profile of klaviyo.profiles.list({ pageSize: 100 })) console.log(profile.attributes.email);
 *
 * @throws KlaviyoError when the key is missing or not a private key, or `baseUrl` is not https (loopback aside).
 */
export class Klaviyo extends KlaviyoResources {}
