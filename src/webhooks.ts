/**
 * Checking that a request to your webhook endpoint came from Klaviyo's system webhooks (the ones the Webhooks
 * API or Advanced KDP creates) before you trust its body. Web Crypto only, so it runs on Node, Bun, Deno,
 * Cloudflare Workers and other edge runtimes.
 *
 * The scheme, from Klaviyo's guide "Working with system webhooks"
 * (https://developers.klaviyo.com/en/docs/working_with_system_webhooks), sections "Webhook request structure"
 * and "HMAC signature verification":
 * - Each request carries `Klaviyo-Webhook-Id`, `Klaviyo-Signature` and `Klaviyo-Timestamp` ("when the webhook
 *   request was sent", an HTTP date such as `Thu, 04 Jan 2024 18:05:25 GMT` in the guide's example).
 * - `Klaviyo-Signature` is the lowercase hex HMAC-SHA256, keyed with the webhook's secret key, of the raw
 *   request body followed directly by the `Klaviyo-Timestamp` value as sent (the guide's sample:
 *   `hmac.new(secret, body, sha256)`, then `.update(timestamp.encode())`, then `.hexdigest()`).
 * - The body's `meta.klaviyo_webhook_id` "must match the Klaviyo-Webhook-Id request header. If these values do
 *   not match, this indicates potential malicious activity and you should not process the webhook."
 * Klaviyo names no maximum age; we refuse timestamps more than five minutes from our clock by default, as the
 * timestamp is signed and so is the only protection against a captured request being replayed later.
 */
import { KlaviyoError, markErrorClass, ValidationError, type ValidationIssue } from './core/errors.js';
import { describeGiven, describeValue } from './core/known-keys.js';

/** Which of `verifyWebhook`'s checks refused the request. */
export type WebhookVerificationCheck =
  /** `Klaviyo-Signature`, `Klaviyo-Timestamp` or `Klaviyo-Webhook-Id` is missing or empty. */
  | 'headers'
  /** The signature does not match the body, the timestamp and the secret (or is not 64 hex digits). */
  | 'signature'
  /** Signed correctly, but sent longer ago (or further ahead) than `toleranceSeconds`, or not a date. */
  | 'timestamp'
  /** Signed correctly, but not a JSON webhook delivery (`data` array and `meta` object). */
  | 'body'
  /** The body's `meta.klaviyo_webhook_id` differs from the `Klaviyo-Webhook-Id` header. */
  | 'webhook-id';

/**
 * A request `verifyWebhook` refused; `check` says which check failed. Answer it with a 4xx and do not process
 * the body. The message never contains the secret.
 */
export class WebhookVerificationError extends KlaviyoError {
  static {
    markErrorClass(this, 'WebhookVerificationError');
  }

  override readonly name: string = 'WebhookVerificationError';
  /** Which check failed. */
  readonly check: WebhookVerificationCheck;

  constructor(check: WebhookVerificationCheck, message: string) {
    super(message);
    this.check = check;
  }
}

/**
 * One event of a delivery, as Klaviyo documents it. Klaviyo may add fields at any time; they are kept.
 * Only the delivery's `data` array and `meta.klaviyo_webhook_id` are checked: the fields below are typed as
 * documented, not validated.
 */
export interface WebhookEvent {
  /** The topic that fired, e.g. `event:klaviyo.sent_sms` (Get Webhook Topics lists an account's topics). */
  topic: string;
  /** The id of the event (the same as `payload.data.id`): use it to drop a delivery you already processed. */
  external_id: string;
  /** The event, "with the same structure as a Get Event API call". */
  payload: WebhookEventPayload;
  [key: string]: unknown;
}

/** The Get Event document of a delivered event. */
export interface WebhookEventPayload {
  data: WebhookEventResource;
  [key: string]: unknown;
}

/** A `{ type, id }` pointer to a related resource, as in any JSON:API relationship. */
export interface WebhookRelationship<T extends string> {
  data?: { type: T; id: string } | null;
  links?: { self?: string; related?: string };
  [key: string]: unknown;
}

/** The event resource itself: what happened, when, to which profile, for which metric. */
export interface WebhookEventResource {
  type: 'event';
  id: string;
  attributes: {
    /** Seconds since the epoch. */
    timestamp?: number;
    /** When the event happened; in Klaviyo's examples as `2023-08-10 07:21:56+00:00`. */
    datetime?: string;
    uuid?: string;
    /** The event's properties, e.g. `Campaign Name`, `$message`, `$value`. */
    event_properties?: Record<string, unknown>;
    [key: string]: unknown;
  };
  relationships?: {
    profile?: WebhookRelationship<'profile'>;
    metric?: WebhookRelationship<'metric'>;
    [key: string]: unknown;
  };
  links?: { self?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Who sent the delivery, and when. */
export interface WebhookMeta {
  /** The webhook that sent it; `verifyWebhook` has checked it equals the `Klaviyo-Webhook-Id` header. */
  klaviyo_webhook_id: string;
  /** The account where the events happened. */
  klaviyo_account_id?: string;
  /** When the request was sent (ISO 8601). */
  timestamp?: string;
  /** The API revision the payloads are shaped by. */
  version?: string;
  [key: string]: unknown;
}

/**
 * The body of a system webhook request, as described in "Webhook request structure" of
 * https://developers.klaviyo.com/en/docs/working_with_system_webhooks. One request may carry several events.
 */
export interface WebhookPayload {
  data: WebhookEvent[];
  meta: WebhookMeta;
  [key: string]: unknown;
}

/** Request headers: a fetch `Headers` object, or a plain record such as Node's `req.headers`, in any case. */
export type WebhookHeaders = { get(name: string): string | null } | Record<string, string | readonly string[] | undefined>;

/** What `verifyWebhook` checks. */
export interface VerifyWebhookParams {
  /**
   * The request body exactly as received: `await request.text()` (or `arrayBuffer()`) in a fetch handler, the
   * collected chunks in `node:http`, `express.raw()` in Express. A body parsed as JSON and serialised again
   * will not verify: whitespace, key order and escapes change the signed bytes.
   */
  body: string | Uint8Array | ArrayBuffer;
  /** The request's headers (names in any case). */
  headers: WebhookHeaders;
  /** The webhook's secret key (`secret_key` when the webhook was created). Never included in errors. */
  secret: string;
  /**
   * How far `Klaviyo-Timestamp` may be from this machine's clock, in seconds, either way. Default 300.
   * Klaviyo sets no limit; a longer one accepts a captured request replayed later. `Infinity` turns the
   * check off (to replay stored deliveries in tests).
   */
  toleranceSeconds?: number;
}

/** The default `toleranceSeconds`: five minutes. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** The headers Klaviyo signs a delivery with, as its guide spells them. */
export const WEBHOOK_HEADERS = {
  webhookId: 'Klaviyo-Webhook-Id',
  signature: 'Klaviyo-Signature',
  timestamp: 'Klaviyo-Timestamp',
} as const;

/**
 * Checks that a request came from one of your Klaviyo system webhooks and returns its parsed body.
 *
 * In order: the three `Klaviyo-*` headers are present; `Klaviyo-Signature` matches the body, the timestamp and
 * `secret` (compared in constant time); `Klaviyo-Timestamp` is within `toleranceSeconds` of now; the body is a
 * JSON delivery; its `meta.klaviyo_webhook_id` equals `Klaviyo-Webhook-Id`. Nothing of the body is read
 * before its signature has been checked. Throws `WebhookVerificationError` naming the failed `check`, or
 * `ValidationError` naming each bad argument (`secret` empty, `toleranceSeconds` negative, `body` not raw).
 * Scheme: https://developers.klaviyo.com/en/docs/working_with_system_webhooks ("HMAC signature verification").
 *
 * @example
 * export default {
 *   async fetch(request: Request, env: { KLAVIYO_WEBHOOK_SECRET: string }) {
 *     const body = await request.text(); // the raw body, not request.json()
 *     const delivery = await verifyWebhook({ body, headers: request.headers, secret: env.KLAVIYO_WEBHOOK_SECRET });
 *     for (const event of delivery.data) console.log(event.topic, event.external_id);
 *     return new Response(null, { status: 204 });
 *   },
 * };
 */
export async function verifyWebhook(params: VerifyWebhookParams): Promise<WebhookPayload> {
  const { secret, toleranceSeconds = DEFAULT_WEBHOOK_TOLERANCE_SECONDS } = params;
  // Bad arguments, all at once; the secret itself is never quoted.
  const issues: ValidationIssue[] = [];
  if (typeof secret !== 'string' || secret === '')
    issues.push({
      path: 'secret',
      message: `must be the webhook's secret key, got ${secret === '' ? 'an empty string' : describeValue(secret)}`,
    });
  if (typeof toleranceSeconds !== 'number' || Number.isNaN(toleranceSeconds) || toleranceSeconds < 0)
    issues.push({
      path: 'toleranceSeconds',
      message: `must be a number of seconds, 0 or more, got ${describeGiven(toleranceSeconds)}`,
    });
  if (issues.length) throw new ValidationError('Invalid verifyWebhook arguments', { issues });

  const webhookId = headerValue(params.headers, WEBHOOK_HEADERS.webhookId);
  const signature = headerValue(params.headers, WEBHOOK_HEADERS.signature);
  const timestamp = headerValue(params.headers, WEBHOOK_HEADERS.timestamp);
  const missing = [
    [WEBHOOK_HEADERS.signature, signature],
    [WEBHOOK_HEADERS.timestamp, timestamp],
    [WEBHOOK_HEADERS.webhookId, webhookId],
  ].flatMap(([name, value]) => (value ? [] : [name]));
  if (missing.length > 0 || !signature || !timestamp || !webhookId)
    throw new WebhookVerificationError(
      'headers',
      `The request has no ${missing.join(', ')} header: only Klaviyo's system webhooks are signed (a flow's webhook action sends the headers you configured)`,
    );

  const bytes = bodyBytes(params.body);
  const expected = await webhookSignatureBytes(bytes, timestamp, secret);
  if (!equalsInConstantTime(expected, hexDigest(signature)))
    throw new WebhookVerificationError(
      'signature',
      `${WEBHOOK_HEADERS.signature} does not match the body: the secret differs, or the body was changed (it must be the raw bytes received, not JSON serialised again)`,
    );

  const sentAt = parseWebhookTimestamp(timestamp);
  if (sentAt === undefined)
    throw new WebhookVerificationError('timestamp', `${WEBHOOK_HEADERS.timestamp} is not a date: ${JSON.stringify(timestamp)}`);
  const ageSeconds = (Date.now() - sentAt) / 1000;
  if (Math.abs(ageSeconds) > toleranceSeconds) {
    const when = ageSeconds > 0 ? `${Math.round(ageSeconds)} s ago` : `${Math.round(-ageSeconds)} s ahead of this clock`;
    throw new WebhookVerificationError(
      'timestamp',
      `The request was signed ${when} (${timestamp}), beyond the ${toleranceSeconds} s tolerance: a replayed request, or a clock out of sync`,
    );
  }

  const payload = parseDelivery(bytes, params.body);
  const bodyWebhookId = payload.meta.klaviyo_webhook_id;
  if (bodyWebhookId !== webhookId)
    throw new WebhookVerificationError(
      'webhook-id',
      `The body's meta.klaviyo_webhook_id (${JSON.stringify(bodyWebhookId ?? null)}) is not the ${WEBHOOK_HEADERS.webhookId} header (${JSON.stringify(webhookId)})`,
    );
  return payload;
}

/**
 * The HMAC-SHA256 Klaviyo puts in `Klaviyo-Signature`, as 32 bytes: keyed with the secret's UTF-8 bytes, over
 * the body's bytes followed by the timestamp header's UTF-8 bytes. Shared with `signWebhook` (testing).
 */
export async function webhookSignatureBytes(body: Uint8Array, timestamp: string, secret: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const stamp = encoder.encode(timestamp);
  const message = new Uint8Array(body.length + stamp.length);
  message.set(body, 0);
  message.set(stamp, body.length);
  const subtle = webCryptoSubtle();
  const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', key, message));
}

/** A request body as bytes: a string as UTF-8, binary as it is. */
export function bodyBytes(body: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new ValidationError('Invalid verifyWebhook arguments', {
    issues: [
      {
        path: 'body',
        message: `must be the raw request body, as a string, Uint8Array or ArrayBuffer, got ${describeValue(body)}`,
      },
    ],
  });
}

/**
 * Milliseconds since the epoch from a `Klaviyo-Timestamp` value: an HTTP date (what Klaviyo's guide shows)
 * or ISO 8601; a run of digits is read as Unix seconds (milliseconds from 13 digits on).
 */
export function parseWebhookTimestamp(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return text.length >= 13 ? Number(text) : Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The part of Web Crypto used here (typed locally: the project's types do not include the DOM's). */
interface HmacSubtle {
  importKey(
    format: 'raw',
    key: Uint8Array,
    algorithm: { name: 'HMAC'; hash: 'SHA-256' },
    extractable: boolean,
    usages: ['sign'],
  ): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

function webCryptoSubtle(): HmacSubtle {
  const subtle = (globalThis as { crypto?: { subtle?: HmacSubtle } }).crypto?.subtle;
  if (!subtle) throw new KlaviyoError('Verifying webhooks needs the Web Crypto API (globalThis.crypto.subtle)');
  return subtle;
}

/** One header's value, by case-insensitive name; several values are joined as `Headers.get` joins them. */
function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  let value: string | readonly string[] | null | undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    value = (headers as { get(name: string): string | null }).get(name);
  } else {
    const record = headers as Record<string, string | readonly string[] | undefined>;
    const lower = name.toLowerCase();
    const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
    value = key === undefined ? undefined : record[key];
  }
  const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

const DIGEST_BYTES = 32;

/**
 * The signature header as the 32 bytes it should encode. Anything else (not hex, another length) becomes
 * bytes that cannot match, so it is refused by the same comparison as a wrong signature.
 */
function hexDigest(hex: string): { bytes: Uint8Array; wellFormed: boolean } {
  const bytes = new Uint8Array(DIGEST_BYTES);
  const wellFormed = hex.length === DIGEST_BYTES * 2 && /^[0-9a-fA-F]+$/.test(hex);
  if (wellFormed) for (let i = 0; i < DIGEST_BYTES; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { bytes, wellFormed };
}

/**
 * Compares the expected digest with the received one in time that does not depend on where they differ: every
 * byte is visited and differences are OR-ed together, with no early exit. Both sides are always 32 bytes.
 */
function equalsInConstantTime(expected: Uint8Array, received: { bytes: Uint8Array; wellFormed: boolean }): boolean {
  let difference = received.wellFormed && expected.length === DIGEST_BYTES ? 0 : 1;
  for (let i = 0; i < DIGEST_BYTES; i++) difference |= (expected[i] ?? 0) ^ (received.bytes[i] ?? 0);
  return difference === 0;
}

/** The verified body as a delivery, or a `body` error when it is not JSON of that shape. */
function parseDelivery(bytes: Uint8Array, body: string | Uint8Array | ArrayBuffer): WebhookPayload {
  let parsed: unknown;
  try {
    const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    throw new WebhookVerificationError('body', 'The signed body is not JSON (UTF-8)');
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parsed) || !Array.isArray(parsed['data']) || !isObject(parsed['meta']))
    throw new WebhookVerificationError(
      'body',
      'The signed body is not a webhook delivery: it needs a `data` array and a `meta` object',
    );
  return parsed as unknown as WebhookPayload;
}
