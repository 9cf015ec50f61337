/**
 * The one place HTTP happens. Every call goes: limiter → one attempt over ky → parse → retry policy
 * (p-retry runs the attempts; retry-policy.ts decides whether and how long to wait).
 * ky's own retry is off (`retry: 0`) so that every attempt, retries included, passes through the limiter;
 * ky and p-retry errors never leave this file: they become the SDK's own errors. ky costs some CPU per
 * attempt (it builds a Request; BENCHMARKS.md, "Where the time goes"): a well-kept HTTP client is worth it.
 */
import type { KyInstance } from 'ky';
import pRetry from 'p-retry';
import { APIPromise, rateLimitInfoOf, type WithResponse } from './api-promise.js';
import type { Authorization } from './authorization.js';
import {
  AbortError,
  AuthenticationError,
  collectIssues,
  ConnectionError,
  KlaviyoApiError,
  KlaviyoError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
} from './errors.js';
import { describeGiven, durationProblem, keysOf, signalProblem, unknownKeyIssues } from './known-keys.js';
import { type Logger, logsAt, warnOnce } from './logger.js';
import { findOperationId } from './operations.js';
import type { RateLimiter } from './rate-limit/index.js';
import { redactHeaders } from './redact.js';
import { loadOnce } from './runtime.js';
import {
  decideRetry,
  DEFAULT_BURST_WINDOW_MS,
  isSafeToRepeat,
  MAX_RETRY_AFTER_MS,
  mayHaveBeenProcessed,
  markUnreadableRead,
} from './retry-policy.js';
import { DEFAULT_REVISION, revisionStatus, warnRevisionOnce } from './revisions.js';
import {
  jsonCheck,
  loadEnglish,
  responseIssuesOf,
  safeParseInEnglish,
  sparseFieldsetsOf,
  takeChecked,
  type ZodSchema,
} from './validation.js';

/** A query parameter value: arrays are comma-joined, dates sent as ISO 8601. */
export type QueryValue = string | number | boolean | Date | readonly (string | number)[] | null | undefined;

/** One HTTP request, as resource methods and `klaviyo.request()` describe it. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** `/api/...`, or an absolute URL on the same host (a `links.next`). */
  path: string;
  query?: Record<string, QueryValue>;
  /**
   * The JSON:API document to send, as JSON; or a `FormData`, sent as `multipart/form-data` (the one
   * operation whose spec says so, `upload_image_from_file`).
   */
  body?: unknown;
  /** Klaviyo's operation id (`get_profiles`): selects the rate-limit bucket and the retry policy. */
  operationId?: string;
}

/**
 * What to do when Klaviyo's answer differs from the schema of the revision the SDK is typed for. Real
 * accounts send older shapes and new union members the spec does not list yet, so reads must not fail:
 * - `'warn'` (the default): return the data as Klaviyo sent it, and report each difference once per
 *   operation and path to the logger's `warn`;
 * - `'strict'`: throw `ValidationError` (for tests and CI that should notice a drift);
 * - `'off'`: do not check.
 * Either way the data returned is the JSON Klaviyo sent, unknown fields included.
 */
export type ResponseValidation = 'warn' | 'strict' | 'off';

/** Options every SDK method takes as its last argument. */
export interface RequestOptions {
  /** Aborts the call (queued, in flight or waiting to retry) with `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Per attempt; overrides the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /**
   * Overrides the client's API revision for this call. Answers to a revision other than the one the SDK is
   * typed for are returned unchecked, as their shapes are another revision's.
   */
  revision?: string | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Overrides the client's `responseValidation` for this call. */
  responseValidation?: ResponseValidation | undefined;
  /** Overrides the client's `maxResponseBytes` for this call: a larger export page, or a tighter cap. */
  maxResponseBytes?: number | undefined;
}

/**
 * Every key `RequestOptions` declares: any other is a misspelling (`{ timeOut: 5000 }`), refused before
 * anything is sent rather than ignored.
 */
export const REQUEST_OPTION_NAMES = keysOf<RequestOptions>()([
  'signal',
  'timeoutMs',
  'revision',
  'maxRetries',
  'responseValidation',
  'maxResponseBytes',
]);

/**
 * The most bytes of one response body the SDK reads, unless the client or the call says otherwise: 64 MiB.
 * Klaviyo's largest pages (1,000 events with their profiles and metrics included, a report over many
 * campaigns) are a few megabytes, so this leaves room for ten times that, and still stops a runaway or
 * hostile answer (a proxy's endless stream, a decompression bomb) before it exhausts a small container.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 67_108_864;

/** What the transport is built from; the `Klaviyo` class fills it in from its options. */
export interface TransportConfig {
  /**
   * The credentials: gives each attempt its Authorization header, and a renewed one after a 401 when it can.
   * Absent: no Authorization header is sent (the browser `/client` API, authenticated by `company_id`).
   */
  authorization: Authorization | undefined;
  /** Query parameters every request carries: the client API's `company_id`. */
  query?: Readonly<Record<string, string>>;
  baseUrl: string;
  revision: string;
  timeoutMs: number;
  maxRetries: number;
  /** Sent as `User-Agent`; none in browsers (see `userAgent` in runtime.ts). */
  userAgent: string | undefined;
  fetch: typeof globalThis.fetch | undefined;
  logger: Logger;
  limiter: RateLimiter;
  /** How answers are checked against the typed revision's schemas; see `ResponseValidation`. */
  responseValidation: ResponseValidation;
  /** Today, for the revision lifecycle warnings. Default: the system clock. */
  now?: () => Date;
  /**
   * The length of Klaviyo's burst window (the limiter's `burstWindowMs`): the least a 429 waits when its
   * `Retry-After` says less than that or nothing usable. Default 1000, Klaviyo's.
   */
  burstWindowMs?: number;
  /** The longest response body read, in bytes. Default `DEFAULT_MAX_RESPONSE_BYTES`. */
  maxResponseBytes?: number;
}

const JSON_API = 'application/vnd.api+json';

type KyModule = typeof import('ky').default;
let kyModule: KyModule | undefined;

/**
 * Imports ky, once per process, on the first request rather than when the package loads: evaluating ky's
 * module probes the runtime's `Request`, which in Node loads the whole fetch implementation (undici), most of
 * a cold import (BENCHMARKS.md, target 1). The first request needs fetch anyway, so it pays nothing it would
 * not. Resolves once loaded; every client made after that starts its requests at once.
 */
export const loadKy: () => Promise<void> = /* @__PURE__ */ loadOnce(() =>
  import('ky').then(({ default: ky }) => {
    kyModule = ky;
  }),
);

/** Sends requests to Klaviyo. Holds the key in a private field, so it is invisible to inspect and JSON. */
export class Transport {
  readonly #config: TransportConfig;
  /** ky, made on the first request (see `#kyInstance`). */
  #ky: KyInstance | undefined;
  /** Revisions already checked (and warned about): the check runs once per revision, not once per call. */
  readonly #checkedRevisions = new Set<string>();
  /** Whether the logger reads debug lines: when not, the headers of each exchange are not copied for it. */
  readonly #debug: boolean;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#debug = logsAt(config.logger, 'debug');
    this.#checkRevision(config.revision);
  }

  /** This client's ky instance, made on its first request from the ky module `loadKy` loads. */
  #kyInstance(): KyInstance | Promise<KyInstance> {
    if (this.#ky) return this.#ky;
    const create = (ky: KyModule): KyInstance => {
      const { fetch } = this.#config;
      return (this.#ky = ky.create({
        retry: 0,
        timeout: false, // our own per-attempt timer, so a timeout is told apart from the caller's abort
        throwHttpErrors: false,
        // Called as a plain function: a runtime's own fetch (Workers) refuses to be a method of another object.
        ...(fetch ? { fetch: (input: Request | URL | string, init?: RequestInit) => fetch(input, init) } : {}),
      }));
    };
    return kyModule ? create(kyModule) : loadKy().then(() => create(kyModule!));
  }

  /** Sends `spec` with retries; `schema` validates the JSON body (returned as parsed when omitted). */
  request<T = unknown>(spec: RequestSpec, options: RequestOptions = {}, schema?: ZodSchema<T>): APIPromise<T> {
    return new APIPromise(this.#send(spec, options, schema));
  }

  async #send<T>(spec: RequestSpec, options: RequestOptions, schema: ZodSchema<T> | undefined): Promise<WithResponse<T>> {
    // First, so that the mark is taken off even when the options are refused.
    const bodyChecked = takeChecked(spec.body);
    checkRequestOptions(options);
    this.#checkRevision(options.revision ?? this.#config.revision);
    const call = this.#prepare(spec, options, schema, bodyChecked);
    if (options.signal?.aborted) throw abortError(call, options.signal);
    const maxRetries = options.maxRetries ?? this.#config.maxRetries;
    const safeToRepeat = isSafeToRepeat({ ...spec, operationId: call.operationId });
    const burstWindowMs = this.#config.burstWindowMs ?? DEFAULT_BURST_WINDOW_MS;
    const progress: Progress = { started: Date.now(), sent: 0, renewed: false };
    return pRetry((attempt) => this.#authorizedAttempt(call, attempt, progress), {
      retries: maxRetries,
      minTimeout: 0, // the policy below decides the wait, so Retry-After is honoured exactly
      randomize: false,
      shouldRetry: async ({ error, attemptNumber }) => {
        const failure = asKlaviyoError(error, call);
        const decision = decideRetry(failure, { attempt: attemptNumber, maxRetries, safeToRepeat, burstWindowMs });
        if (!decision.retry) return false;
        this.#config.logger.info(`retrying ${call.label} in ${decision.delayMs} ms`, {
          attempt: attemptNumber,
          error: failure.message,
        });
        await sleep(decision.delayMs, call.signal);
        return true;
      },
    }).catch((error: unknown) => {
      if (call.signal?.aborted && !(error instanceof KlaviyoError)) throw abortError(call, call.signal);
      throw finalError(asKlaviyoError(error, call), call, safeToRepeat, progress);
    });
  }

  /** Everything about a call that stays the same from one attempt to the next. */
  #prepare<T>(spec: RequestSpec, options: RequestOptions, schema: ZodSchema<T> | undefined, bodyChecked: boolean): Call<T> {
    const url = this.#url(spec);
    // The API path without a proxy's prefix (`https://proxy/klaviyo` + `/api/lists`), to name the operation.
    const apiPath = url.pathname.slice(new URL(this.#config.baseUrl).pathname.replace(/\/$/, '').length);
    const label = `${spec.method} ${apiPath}`;
    return {
      method: spec.method,
      url,
      path: apiPath,
      label,
      operationId: spec.operationId ?? findOperationId(spec.method, apiPath) ?? label,
      body: spec.body === undefined || spec.body instanceof FormData ? spec.body : jsonText(spec.body, label, bodyChecked),
      // fetch writes a FormData's own Content-Type, with the boundary between its parts.
      headers: this.#headers(options, spec.body !== undefined && !(spec.body instanceof FormData)),
      timeoutMs: options.timeoutMs ?? this.#config.timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? this.#config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      signal: options.signal,
      schema,
      // The schemas describe DEFAULT_REVISION; another revision's answers are another API's, so unchecked.
      validation:
        (options.revision ?? this.#config.revision) === DEFAULT_REVISION
          ? (options.responseValidation ?? this.#config.responseValidation)
          : 'off',
    };
  }

  /** Refuses a malformed revision before anything is sent, and warns once about one that needs attention. */
  #checkRevision(revision: string): void {
    if (this.#checkedRevisions.has(revision)) return;
    warnRevisionOnce(revision, this.#config.logger, this.#config.now?.() ?? new Date());
    this.#checkedRevisions.add(revision);
  }

  /**
   * One attempt with the current credentials; when Klaviyo refuses them (401) and they can be renewed (an
   * access token function), once per call, one more with renewed ones. A 401 means nothing was processed,
   * so any request, a write included, may be sent again.
   */
  async #authorizedAttempt<T>(call: Call<T>, attempt: number, progress: Progress): Promise<WithResponse<T>> {
    const { authorization } = this.#config;
    const header = authorization && (await untilAborted(authorization.current(), call));
    try {
      return await this.#attempt(call, attempt, progress, header);
    } catch (error) {
      if (!(error instanceof AuthenticationError) || !authorization?.renew || header === undefined || progress.renewed) {
        throw error;
      }
      progress.renewed = true;
      this.#config.logger.info(`${call.label} was refused (401): asking for a new access token and sending it again`);
      return this.#attempt(call, attempt, progress, await untilAborted(authorization.renew(header), call));
    }
  }

  /** One attempt: wait for the limiter, send, read, and turn every failure into an SDK error. */
  async #attempt<T>(
    call: Call<T>,
    attempt: number,
    progress: Progress,
    authorization: string | undefined,
  ): Promise<WithResponse<T>> {
    const { limiter, logger } = this.#config;
    const headers = authorization === undefined ? call.headers : { Authorization: authorization, ...call.headers };
    const ky = await this.#kyInstance();
    const send = async (): Promise<WithResponse<T>> => {
      const timer = new AbortController();
      const timeout = setTimeout(() => timer.abort(), call.timeoutMs);
      const signal = call.signal ? AbortSignal.any([call.signal, timer.signal]) : timer.signal;
      const started = Date.now();
      if (this.#debug) logger.debug(`→ ${call.label}`, { attempt, headers: redactHeaders(headers) });
      try {
        progress.sent++;
        const response = await ky(call.url, { method: call.method, headers, body: call.body, signal });
        limiter.observe(call.operationId, response.status, response.headers);
        if (this.#debug) {
          logger.debug(`← ${response.status} ${call.label} (${Date.now() - started} ms)`, {
            headers: redactHeaders(response.headers),
          });
        }
        const text = await readBody(call, response);
        // zod's English messages, for a mismatch (loaded with the operation's schemas; awaited only once).
        const english = call.schema && call.validation !== 'off' ? loadEnglish() : undefined;
        if (english) await english;
        return parseResponse(call, response, text, logger);
      } catch (error) {
        if (error instanceof KlaviyoError) throw error;
        if (call.signal?.aborted) throw abortError(call, call.signal);
        if (timer.signal.aborted) throw new TimeoutError(`${whereOf(call)} got no answer within ${call.timeoutMs} ms`);
        throw new ConnectionError(`${whereOf(call)} failed: ${describeCause(error)}`, { cause: error });
      } finally {
        clearTimeout(timeout);
      }
    };
    try {
      return await limiter.schedule(call.operationId, send, call.signal ? { signal: call.signal } : {});
    } catch (error) {
      // The limiter rejects with the signal's reason when the caller aborts while the call is queued.
      if (!(error instanceof KlaviyoError) && call.signal?.aborted) throw abortError(call, call.signal);
      throw error;
    }
  }

  #url(spec: RequestSpec): URL {
    const { baseUrl } = this.#config;
    const absolute = /^https?:\/\//i.test(spec.path);
    if (absolute ? !spec.path.startsWith(`${baseUrl}/`) : !spec.path.startsWith('/')) {
      // Never send the key to a host the caller did not configure.
      throw new ValidationError(`Request path must start with "/" (or with the configured baseUrl): ${spec.path}`);
    }
    const url = new URL(absolute ? spec.path : `${baseUrl}${spec.path}`);
    for (const [name, value] of Object.entries({ ...this.#config.query, ...spec.query })) {
      const text = queryValueToString(value);
      if (text !== undefined) url.searchParams.set(name, text);
    }
    return url;
  }

  /** The headers every attempt sends; the Authorization header is added per attempt, as a token may change. */
  #headers(options: RequestOptions, hasBody: boolean): Record<string, string> {
    return {
      revision: options.revision ?? this.#config.revision,
      Accept: JSON_API,
      ...(this.#config.userAgent !== undefined && { 'User-Agent': this.#config.userAgent }),
      ...(hasBody ? { 'Content-Type': JSON_API } : {}),
    };
  }
}

/** The fixed parts of one call. */
interface Call<T> {
  method: RequestSpec['method'];
  url: URL;
  /** The API path, `/api/profiles/01H…`, without a proxy's prefix. */
  path: string;
  /** `GET /api/profiles`, for messages and logs. */
  label: string;
  operationId: string;
  /** JSON text, or a `FormData` fetch encodes as multipart (and can encode again for a retry). */
  body: string | FormData | undefined;
  /** Every header but Authorization. */
  headers: Record<string, string>;
  timeoutMs: number;
  /** The longest body read, in bytes (`maxResponseBytes`). */
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  schema: ZodSchema<T> | undefined;
  /** The effective `responseValidation`: `'off'` for a revision other than the typed one. */
  validation: ResponseValidation;
}

/**
 * The body as text, counting bytes as they arrive: past `maxResponseBytes` the stream is cancelled (which
 * closes the connection) and `ResponseTooLargeError` thrown, so a huge answer never sits whole in memory; a
 * `Content-Length` over the cap is refused before anything is read. Bytes are counted as decoded by fetch (a
 * gzip body's inflated size), which is what memory holds. Decoding is `response.text()`'s: UTF-8, BOM dropped.
 */
async function readBody(call: Call<unknown>, response: Response): Promise<string> {
  const limit = call.maxResponseBytes;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    response.body?.cancel().catch(() => {});
    throw responseTooLarge(call, response.status);
  }
  if (!response.body) return '';
  // A body of a declared length, sent as is, cannot outgrow that length: read it whole, as fetch does best.
  // A compressed one (fetch inflates it) or one of no declared length is counted as it arrives.
  const encoding = response.headers.get('content-encoding');
  if (declared >= 0 && (encoding === null || encoding === 'identity')) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      // Not awaited: the error is the caller's now, whenever the connection finishes closing.
      reader.cancel().catch(() => {});
      throw responseTooLarge(call, response.status);
    }
    chunks.push(value);
  }
  // Decoded once, whole: a string grown chunk by chunk is a rope that JSON.parse must flatten first, which a
  // CPU profile showed as a quarter of a 100-profile page's cost (BENCHMARKS.md, target 3).
  const whole = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(whole);
}

function responseTooLarge(call: Call<unknown>, status: number): ResponseTooLargeError {
  const limit = call.maxResponseBytes;
  const problem =
    `Klaviyo's answer (${status}) to ${call.label} is larger than maxResponseBytes (${limit} bytes), ` +
    'so the SDK stopped reading it; pass a larger maxResponseBytes to the client or the call if such answers are expected';
  const applied = call.method !== 'GET' && status >= 200 && status < 300;
  const message = applied
    ? `${call.label} WAS applied (Klaviyo answered ${status}), so it must not be re-sent; but ${problem}`
    : problem;
  const error = new ResponseTooLargeError(message, { limitBytes: limit, operation: call.label, status });
  error.mayHaveApplied = applied;
  return error;
}

/** Turns an HTTP answer into data (the JSON as Klaviyo sent it), or into the SDK error that describes it. */
function parseResponse<T>(call: Call<T>, response: Response, text: string, logger: Logger): WithResponse<T> {
  const { headers, status } = response;
  const base = { response, requestId: headers.get('x-klaviyo-req-id') ?? undefined, rateLimit: rateLimitInfoOf(headers) };
  // An empty body (a write's 202 or 204) is not parsed: JSON.parse('') would throw a SyntaxError, stack and
  // all, for every such answer (about 5 µs).
  const json = text.trim() === '' ? undefined : parseJson(text);
  if (!response.ok) {
    const body = json?.ok ? json.value : text;
    const url = requestedUrl(call);
    throw KlaviyoApiError.from({ status, method: call.method, path: call.path, headers, body, ...(url && { url }) });
  }
  if (json === undefined) return { ...base, data: undefined as T };
  if (!json.ok) {
    const problem = `Klaviyo answered ${status} to ${call.label} with a body that is not valid JSON`;
    const error = unusableAnswer(call, status, problem, { body: text, cause: json.error });
    throw call.method === 'GET' ? markUnreadableRead(error) : error;
  }
  // Returned as sent, not as zod's output: the schema is a check on Klaviyo's answer, never a filter of it.
  const result = { ...base, data: json.value as T };
  if (call.validation === 'off' || !call.schema) return result;
  const parsed = safeParseInEnglish(call.schema, json.value);
  if (parsed.success) return result;
  const issues = responseIssuesOf(parsed.error, json.value, sparseFieldsetsOf(call.url.searchParams));
  if (issues.length === 0) return result;
  if (call.validation === 'strict') {
    const operation = call.operationId === call.label ? call.label : `${call.label} (${call.operationId})`;
    const problem = `Klaviyo's answer to ${operation} does not match the documented schema`;
    throw unusableAnswer(call, status, problem, { issues, body: json.value });
  }
  for (const { path, message } of issues) {
    warnOnce(
      logger,
      `response ${call.operationId} ${path}`,
      `Klaviyo's answer to ${call.operationId} differs from the documented schema at ${path}: ${message}. ` +
        'The data is returned as Klaviyo sent it; this difference is reported once.',
      { operationId: call.operationId, path, problem: message },
    );
  }
  return result;
}

/**
 * The error for a 2xx answer the SDK cannot use. To a write, a 2xx means Klaviyo applied it: the error says
 * so, so nobody re-sends it (Klaviyo has no idempotency keys; a second send applies it twice).
 */
function unusableAnswer(
  call: Call<unknown>,
  status: number,
  problem: string,
  init: ConstructorParameters<typeof ValidationError>[1],
): ValidationError {
  const write = call.method !== 'GET';
  const message = write
    ? `${call.label} WAS applied (Klaviyo answered ${status}), so it must not be re-sent; but ${problem}`
    : problem;
  const error = new ValidationError(message, init);
  error.mayHaveApplied = write;
  return error;
}

/** Anything an attempt threw, as an SDK error (the attempt already converts what it knows). */
function asKlaviyoError(error: unknown, call: Call<unknown>): KlaviyoError {
  if (error instanceof KlaviyoError) return error;
  if (call.signal?.aborted) return abortError(call, call.signal);
  return new KlaviyoError(`${whereOf(call)} failed: ${describeCause(error)}`, { cause: error });
}

/**
 * The URL a call went to, without its query, when that is not Klaviyo's own host (a proxy, the mock): errors
 * name it in full, so that a proxy's wrong prefix or a mock's wrong port shows. Undefined for Klaviyo, whose
 * errors name the API path alone.
 */
function requestedUrl(call: Call<unknown>): string | undefined {
  const { url } = call;
  return isKlaviyoHost(url.hostname) ? undefined : url.origin + url.pathname;
}

/** Whether `hostname` is Klaviyo's own (`a.klaviyo.com`, any `*.klaviyo.com`), not a proxy's or a mock's. */
export function isKlaviyoHost(hostname: string): boolean {
  return /(^|\.)klaviyo\.com$/i.test(hostname);
}

/** `GET /api/profiles/01H…`, or `GET http://127.0.0.1:4010/klaviyo/api/profiles/01H…` (`requestedUrl`). */
function whereOf(call: Call<unknown>): string {
  return `${call.method} ${requestedUrl(call) ?? call.path}`;
}

/** What one call has done so far, across its attempts. */
interface Progress {
  /** When the call started (epoch ms). */
  started: number;
  /** Requests handed to `fetch`: attempts the limiter refused (a daily cap) are not among them. */
  sent: number;
  /** Whether a 401 has already renewed the credentials: they are renewed once per call at most. */
  renewed: boolean;
}

/**
 * The error the caller gets: marks writes that may have landed, and, when the call was re-sent or Klaviyo
 * throttled it, says how many requests were sent over how long, so a `RateLimitError` tells how hard the SDK
 * tried before giving up.
 */
function finalError(error: KlaviyoError, call: Call<unknown>, safeToRepeat: boolean, progress: Progress): KlaviyoError {
  if (error instanceof AbortError) return error;
  const notes: string[] = [];
  const throttled = error instanceof RateLimitError && progress.sent > 0;
  if (progress.sent > 1 || throttled) {
    const attempts = `${progress.sent} ${progress.sent === 1 ? 'attempt' : 'attempts'}`;
    notes.push(`after ${attempts} over ${Date.now() - progress.started} ms`);
  }
  const askedMs = throttled ? (error as RateLimitError).retryAfterMs : undefined;
  if (askedMs !== undefined && askedMs > MAX_RETRY_AFTER_MS) {
    notes.push(
      `Klaviyo asked to wait ${Math.ceil(askedMs / 1000)} s, longer than the ${MAX_RETRY_AFTER_MS / 1000} s the SDK waits for; ` +
        'retryAfterMs says when to try again',
    );
  }
  if (call.method !== 'GET' && mayHaveBeenProcessed(error)) {
    error.mayHaveApplied = true;
    const resent = safeToRepeat ? '' : '; it was not re-sent, because repeating it could apply it twice';
    notes.push(`the write may or may not have been applied${resent}`);
  }
  if (notes.length) error.message += ` (${notes.join('; ')})`;
  return error;
}

/**
 * The options of one call: known keys only (a misspelt one is refused, naming the closest), valid values,
 * every problem in one `ValidationError` ("Invalid request options").
 */
function checkRequestOptions(options: RequestOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('Invalid request options', { issues: [{ path: '', message: 'must be an object of options' }] });
  }
  const issues = unknownKeyIssues(options, REQUEST_OPTION_NAMES);
  const collect = (check: () => unknown) => collectIssues(issues, check);
  if (options.revision !== undefined) collect(() => revisionStatus(options.revision!, new Date()));
  if (options.timeoutMs !== undefined) collect(() => checkTimeoutMs(options.timeoutMs!));
  if (options.maxRetries !== undefined) collect(() => checkMaxRetries(options.maxRetries!));
  if (options.responseValidation !== undefined) collect(() => checkResponseValidation(options.responseValidation!));
  if (options.maxResponseBytes !== undefined) collect(() => checkMaxResponseBytes(options.maxResponseBytes!));
  const signal = signalProblem(options.signal);
  if (signal) issues.push({ path: 'signal', message: signal });
  if (issues.length) throw new ValidationError('Invalid request options', { issues });
}

function abortError(call: Call<unknown>, signal: AbortSignal): AbortError {
  return new AbortError(`${call.label} was aborted`, { cause: signal.reason });
}

/** `timeoutMs`, from the client's options or a call's: a duration (`durationProblem`). */
export function checkTimeoutMs(value: number): number {
  const problem = durationProblem(value);
  if (problem) throw new ValidationError('Invalid options', { issues: [{ path: 'timeoutMs', message: problem }] });
  return value;
}

/** `maxRetries`, from the client's options or a call's: a whole number, 0 or more. */
export function checkMaxRetries(value: number): number {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new ValidationError('Invalid options', {
      issues: [{ path: 'maxRetries', message: `must be a whole number, 0 or more, got ${describeGiven(value)}` }],
    });
  }
  return value;
}

/** `maxResponseBytes`, from the client's options or a call's: a whole number of bytes, 1 or more. */
export function checkMaxResponseBytes(value: number): number {
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new ValidationError('Invalid options', {
      issues: [{ path: 'maxResponseBytes', message: `must be a whole number of bytes, 1 or more, got ${describeGiven(value)}` }],
    });
  }
  return value;
}

/** `responseValidation`, from the client's options or a call's: `'warn'`, `'strict'` or `'off'`. */
export function checkResponseValidation(value: ResponseValidation): ResponseValidation {
  if (value !== 'warn' && value !== 'strict' && value !== 'off') {
    throw new ValidationError('Invalid options', {
      issues: [{ path: 'responseValidation', message: `must be 'warn', 'strict' or 'off', not ${JSON.stringify(value)}` }],
    });
  }
  return value;
}

/** Serializes one query value the way Klaviyo reads it. */
export function queryValueToString(value: QueryValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(',');
  return String(value);
}

/**
 * A body as the JSON text sent, refused (naming each place) where `JSON.stringify` would throw or change what the
 * caller wrote: `klaviyo.request()`'s bodies are checked here, those `callOperation` checked are not walked again
 * (`markChecked`), and a `toJSON` that throws only on a later read still ends as a `ValidationError`.
 */
function jsonText(body: unknown, label: string, checked: boolean): string {
  const problem = `Request body for ${label} cannot be sent as JSON`;
  const issues = checked ? [] : jsonCheck(body).issues;
  if (issues.length) throw new ValidationError(problem, { issues });
  try {
    return JSON.stringify(body);
  } catch (cause) {
    throw new ValidationError(problem, { issues: [{ path: '', message: describeCause(cause) }], cause });
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  // undici says why in the cause: a system error's code (ECONNREFUSED), or only a message ("bad port").
  const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return why && why !== error.message ? `${error.message} (${why})` : error.message;
}

/**
 * `value` once it resolves, or `AbortError` as soon as the call's signal aborts: the user's access token
 * function cannot be cancelled, but the call waiting for it can.
 */
function untilAborted<V>(value: V | Promise<V>, call: Call<unknown>): V | Promise<V> {
  const { signal } = call;
  if (!signal || !(value instanceof Promise)) return value;
  if (signal.aborted) return Promise.reject(abortError(call, signal));
  return new Promise<V>((resolve, reject) => {
    const onAbort = () => reject(abortError(call, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    value.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Waits `ms`, or rejects with AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError('aborted while waiting to retry', { cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('aborted while waiting to retry', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
