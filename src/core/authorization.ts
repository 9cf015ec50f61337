/**
 * The Authorization header, as the one small piece of the transport that knows about credentials: a private
 * key's (`Klaviyo-API-Key pk_…`), or an OAuth app's access token (`Bearer …`), which a function renews when
 * Klaviyo refuses it. A transport given none sends no Authorization header (the browser `/client` API).
 *
 * OAuth access tokens expire, and an app gets new ones from `POST https://a.klaviyo.com/oauth/token` with its
 * refresh token: https://developers.klaviyo.com/en/docs/set_up_oauth
 */
import { AccessTokenError } from './errors.js';
import { describeValue } from './known-keys.js';
import { forgetSecret, registerSecret } from './redact.js';

/**
 * An OAuth app's access token, or a function that gets a fresh one. The function is called when the first
 * request needs a token and again whenever Klaviyo refuses the token with 401 (it expired or was revoked);
 * the refused call is then sent once more with the new token. Clients built with the same function share its
 * token, so calls refused together wait for one refresh.
 */
export type AccessToken = string | (() => string | Promise<string>);

/** What the transport asks of its credentials, per attempt. */
export interface Authorization {
  /** The Authorization header value to send. */
  current(): string | Promise<string>;
  /**
   * After Klaviyo answered 401 to a request sent with `rejected`: the value to send it again with, once.
   * Absent when the credentials cannot change (a private key, a fixed token): the 401 is the caller's.
   */
  renew?(rejected: string): Promise<string>;
}

/** `Klaviyo-API-Key pk_…`, always the same. */
export function apiKeyAuthorization(apiKey: string): Authorization {
  const header = `Klaviyo-API-Key ${apiKey}`;
  return { current: () => header };
}

/** `Bearer …`: a fixed token (never renewed), or the token source shared by every client of this function. */
export function accessTokenAuthorization(accessToken: AccessToken): Authorization {
  if (typeof accessToken === 'function') {
    let source = sources.get(accessToken);
    if (!source) sources.set(accessToken, (source = new TokenSource(accessToken)));
    return source;
  }
  registerSecret(accessToken, TOKEN_MASK);
  const header = `Bearer ${accessToken}`;
  return { current: () => header };
}

/**
 * What is wrong with `value` as an access token, or `undefined` when nothing is. The messages never quote
 * the value: it may be a secret.
 */
export function accessTokenProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value.trim() === '') return 'must not be empty';
  const scheme = /^(Bearer|Klaviyo-API-Key)\s+/i.exec(value);
  if (scheme)
    return `starts with "${scheme[1]} ", the Authorization header's scheme: give the token alone; the SDK adds the header`;
  if (value.startsWith('pk_')) return 'is a private API key (pk_…): pass it as apiKey instead';
  if (/\s/.test(value)) return 'must not contain spaces or line breaks';
  return undefined;
}

const TOKEN_MASK = '[redacted]';
type TokenFunction = () => string | Promise<string>;
/** One source per function, process-wide: two clients of one app ask for one token, and refresh it once. */
const sources = new WeakMap<TokenFunction, TokenSource>();

/** The token a function last gave, and the one refresh in flight, if any. */
class TokenSource implements Authorization {
  readonly #get: TokenFunction;
  /** `Bearer <token>`, once the function has given one. */
  #header: string | undefined;
  /** The function's call in flight: every call that needs a token meanwhile waits for it. */
  #pending: Promise<string> | undefined;
  /** The tokens still masked: the current one and the one before (requests sent with it may still answer). */
  #registered: string[] = [];

  constructor(get: TokenFunction) {
    this.#get = get;
  }

  current(): string | Promise<string> {
    return this.#pending ?? this.#header ?? this.#ask();
  }

  renew(rejected: string): Promise<string> {
    // Calls refused together refresh once: the first asks, the others wait for its answer, or use the token
    // it already got (a call refused with an older token than the current one).
    if (this.#pending) return this.#pending;
    if (this.#header !== undefined && this.#header !== rejected) return Promise.resolve(this.#header);
    return this.#ask();
  }

  #ask(): Promise<string> {
    const pending = this.#call().finally(() => {
      if (this.#pending === pending) this.#pending = undefined;
    });
    this.#pending = pending;
    return pending;
  }

  async #call(): Promise<string> {
    let token: unknown;
    try {
      token = await this.#get();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AccessTokenError(`Could not get an OAuth access token: the accessToken function threw (${reason})`, {
        cause: error,
      });
    }
    const problem = accessTokenProblem(token);
    if (problem) throw new AccessTokenError(`Could not get an OAuth access token: the accessToken function's result ${problem}`);
    this.#remember(token as string);
    this.#header = `Bearer ${token as string}`;
    return this.#header;
  }

  #remember(token: string): void {
    registerSecret(token, TOKEN_MASK);
    this.#registered = [...this.#registered.filter((t) => t !== token), token];
    while (this.#registered.length > 2) forgetSecret(this.#registered.shift()!);
  }
}
