/**
 * `KlaviyoClientCore`: the core of the client API (`/client/*`), which browsers, storefronts and mobile apps
 * call with the account's public key (its 6-character site id) sent as the `company_id` query parameter and
 * no Authorization header. Same transport, limiter, retries and errors as `KlaviyoCore`; no private key ever.
 * https://developers.klaviyo.com/en/reference/api_overview#client-side-apis
 */
import { ValidationError } from './errors.js';
import { describeValue, rejectUnknownKeys } from './known-keys.js';
import { type KlaviyoOptions, KlaviyoCore, OPTION_NAMES } from './klaviyo-core.js';

/** Options of `KlaviyoClient`: the public key, and the transport options `Klaviyo` takes (no key, no token). */
export interface KlaviyoClientOptions extends Omit<KlaviyoOptions, 'apiKey' | 'accessToken'> {
  /**
   * The account's public API key (site id): 6 characters, e.g. `'AbC123'`, sent as `company_id`
   * (Klaviyo: Settings → API keys → Public API key). Never a private key (`pk_…`), which would reach every
   * browser that loads the page.
   */
  companyId: string;
}

/** `KlaviyoClientOptions`' keys: the public key, and `KlaviyoOptions`' own but for the credentials. */
const CLIENT_OPTION_NAMES: readonly (keyof KlaviyoClientOptions)[] = [
  'companyId',
  ...OPTION_NAMES.filter((name) => name !== 'apiKey' && name !== 'accessToken'),
];

/** A public API key: six letters and digits. */
const PUBLIC_KEY = /^[A-Za-z0-9]{6}$/;

/**
 * Checks `companyId`, throwing `ValidationError` before anything is built. The messages never quote a value
 * that looks like a private key.
 */
function checkCompanyId(companyId: unknown): string {
  const refuse = (message: string): never => {
    throw new ValidationError('Invalid companyId', { issues: [{ path: 'companyId', message }] });
  };
  if (companyId === undefined || companyId === '') {
    return refuse('is required: the account’s 6-character public API key (site id), e.g. "AbC123"');
  }
  if (typeof companyId !== 'string') {
    return refuse(`must be a string, the 6-character public API key (site id), not ${describeValue(companyId)}`);
  }
  if (/^pk_/i.test(companyId.trim()) || /Klaviyo-API-Key/i.test(companyId)) {
    return refuse(
      'is a private API key (pk_…): the client API runs in browsers and apps, where anyone can read it. Pass the 6-character public key; keep pk_ keys on your server (new Klaviyo({ apiKey }))',
    );
  }
  if (!PUBLIC_KEY.test(companyId))
    return refuse(`must be the 6-character public API key (letters and digits), got ${companyId.length} characters`);
  return companyId;
}

/**
 * Refuses `apiKey` and `accessToken`, saying why, before the generic unknown-key check would list the options:
 * someone porting server code passes them first. Never quotes their values.
 */
function refuseServerCredentials(options: object): void {
  const given = (['apiKey', 'accessToken'] as const).filter((name) => Object.hasOwn(options, name));
  if (given.length === 0) return;
  throw new ValidationError('Invalid KlaviyoClient options', {
    issues: given.map((name) => ({
      path: name,
      message: `the client API takes no ${name === 'apiKey' ? 'private key' : 'access token'}: it runs in browsers and apps, where anyone can read it. Pass { companyId } (the 6-character public key); keep ${name === 'apiKey' ? 'private keys' : 'tokens'} on your server (new Klaviyo({ ${name} }))`,
    })),
  });
}

/**
 * The client API's core: pass it to the client functions of `klaviyo-ts/operations` (`createClientEvent(core, …)`),
 * or use `KlaviyoClient` (klaviyo-ts/client), which adds the resources.
 *
 * @throws ValidationError when `companyId` is missing, not a 6-character public key, or a private key; or for an
 * unknown option (`apiKey` included: the client API takes none).
 */
export class KlaviyoClientCore extends KlaviyoCore {
  constructor(options: KlaviyoClientOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('Invalid client options', {
        issues: [{ path: '', message: 'must be an object of options, with companyId' }],
      });
    }
    refuseServerCredentials(options);
    rejectUnknownKeys(options, CLIENT_OPTION_NAMES, 'KlaviyoClient options');
    const { companyId, ...transport } = options;
    const publicKey = checkCompanyId(companyId);
    // No Authorization header; every request names the account by `company_id`. Its rate-limit buckets are its
    // own: Klaviyo counts the client API per public key (and per visitor's IP), apart from the private key's.
    super(transport, {
      authorization: undefined,
      quota: { apiKey: `company_id:${publicKey}` },
      query: { company_id: publicKey },
    });
  }
}
