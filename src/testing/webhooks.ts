/**
 * Signing a webhook body as Klaviyo does, so you can test your webhook receiver without Klaviyo: post the body
 * with these headers and your receiver's `verifyWebhook` accepts it. The scheme is in `src/webhooks.ts`, from
 * https://developers.klaviyo.com/en/docs/working_with_system_webhooks.
 */
import { WEBHOOK_HEADERS, bodyBytes, webhookSignatureBytes } from '../webhooks.js';

/** What `signWebhook` signs. */
export interface SignWebhookParams {
  /** The exact body you will send (a JSON delivery: `{ data: [...], meta: { klaviyo_webhook_id, ... } }`). */
  body: string | Uint8Array;
  /** The secret your receiver verifies with. */
  secret: string;
  /** The `Klaviyo-Webhook-Id` header; a genuine delivery has the same value as its `meta.klaviyo_webhook_id`. */
  webhookId: string;
  /**
   * When the request was "sent": a `Date` becomes an HTTP date (`Thu, 04 Jan 2024 18:05:25 GMT`, as in
   * Klaviyo's guide), a string is sent as it is. Default: now. Use an old date to test replay refusal.
   */
  timestamp?: Date | string;
}

/** The headers of a signed delivery; pass them to `fetch` (or any HTTP client) with the same body. */
export type SignedWebhookHeaders = {
  'Content-Type': 'application/json';
  'Klaviyo-Webhook-Id': string;
  'Klaviyo-Timestamp': string;
  'Klaviyo-Signature': string;
};

/**
 * The headers Klaviyo would send with `body`: `Klaviyo-Signature` is the hex HMAC-SHA256, keyed with `secret`,
 * of the body followed by `Klaviyo-Timestamp`. Web Crypto only.
 *
 * @example
 * const body = JSON.stringify({ data: [], meta: { klaviyo_webhook_id: 'wh_1' } });
 * const headers = await signWebhook({ body, secret: 'test-secret', webhookId: 'wh_1' });
 * await fetch('http://localhost:3000/klaviyo', { method: 'POST', headers, body });
 */
export async function signWebhook(params: SignWebhookParams): Promise<SignedWebhookHeaders> {
  const { timestamp = new Date() } = params;
  const stamp = typeof timestamp === 'string' ? timestamp : timestamp.toUTCString();
  const digest = await webhookSignatureBytes(bodyBytes(params.body), stamp, params.secret);
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return {
    'Content-Type': 'application/json',
    [WEBHOOK_HEADERS.webhookId]: params.webhookId,
    [WEBHOOK_HEADERS.timestamp]: stamp,
    [WEBHOOK_HEADERS.signature]: hex,
  };
}
