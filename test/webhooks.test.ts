/**
 * verifyWebhook and signWebhook: Klaviyo's system-webhook signature as its guide describes it
 * (https://developers.klaviyo.com/en/docs/working_with_system_webhooks), and every way a request is refused.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  KlaviyoError,
  ValidationError,
  verifyWebhook,
  WebhookVerificationError,
  type VerifyWebhookParams,
  type WebhookVerificationCheck,
} from 'klaviyo-ts';
import { signWebhook } from 'klaviyo-ts/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

const SECRET = 'example-webhook-secret-0123';
// The guide's example Klaviyo-Webhook-Id and Klaviyo-Timestamp; the body is shaped like its Sent SMS example.
const WEBHOOK_ID = 'a8b890458b4bbfaa26d961471b83c101d6de23bd826e7e5173a15310985ec3cb';
const GUIDE_TIMESTAMP = 'Thu, 04 Jan 2024 18:05:25 GMT';
const BODY =
  '{"data":[{"topic":"event:klaviyo.sent_sms","external_id":"4L3cwQae2TX","payload":{"data":{"type":"event","id":"4L3cwQae2TX","attributes":{"timestamp":1704391520,"event_properties":{"Campaign Name":"Winter Sale"},"datetime":"2024-01-04 18:05:20+00:00","uuid":"b3f1c9a0-ab2c-11ee-8001-5e2b6c8f0d11"},"relationships":{"profile":{"data":{"type":"profile","id":"01HKB1RAAZ1Z4N6V3M2W8Q7XYZ"}},"metric":{"data":{"type":"metric","id":"RSZy7G"}}}}}}],"meta":{"klaviyo_account_id":"AbC123","klaviyo_webhook_id":"a8b890458b4bbfaa26d961471b83c101d6de23bd826e7e5173a15310985ec3cb","timestamp":"2024-01-04T18:05:25.114871+00:00","version":"2024-10-15"}}';
// Computed outside this project, as the guide's Python sample does, and cross-checked with OpenSSL:
//   hmac.new(SECRET, BODY, sha256); .update(GUIDE_TIMESTAMP.encode()); .hexdigest()
//   printf '%s%s' "$BODY" "$GUIDE_TIMESTAMP" | openssl dgst -sha256 -hmac "$SECRET"
const GUIDE_SIGNATURE = '2eb948ba7784a8a44340365f75df7c7e0515841f8b7db62df96716ac11a96734';
// The signature printed in the guide's example request; Klaviyo publishes neither its body nor its secret.
const PUBLISHED_EXAMPLE_SIGNATURE = 'e6c00e313eaea50ca3b89a7de5a782a2014f96fb8315c065898c669d831912d1';

const guideHeaders = (overrides: Record<string, string> = {}) => ({
  'Klaviyo-Webhook-Id': WEBHOOK_ID,
  'Klaviyo-Timestamp': GUIDE_TIMESTAMP,
  'Klaviyo-Signature': GUIDE_SIGNATURE,
  ...overrides,
});

/** The way the guide's sample computes it, with Node's own HMAC: an implementation independent of ours. */
const klaviyoSignature = (body: string | Uint8Array, timestamp: string, secret: string) =>
  createHmac('sha256', secret).update(body).update(timestamp).digest('hex');

/** Freezes the clock at the guide's timestamp, plus `seconds`. */
const atGuideTime = (seconds = 0) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.parse(GUIDE_TIMESTAMP) + seconds * 1000);
};
afterEach(() => {
  vi.useRealTimers();
});

/** The error `promise` rejects with, checked to be a WebhookVerificationError for `check`. */
async function refusal(promise: Promise<unknown>, check: WebhookVerificationCheck): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => expect.fail(`expected a refusal by the ${check} check`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect(error).toBeInstanceOf(KlaviyoError);
  expect((error as WebhookVerificationError).check).toBe(check);
  return error as WebhookVerificationError;
}

describe('verifyWebhook accepts what Klaviyo signs', () => {
  it('returns the parsed delivery of a body signed as the guide describes (hex HMAC-SHA256 of body + timestamp)', async () => {
    atGuideTime(3);
    const delivery = await verifyWebhook({ body: BODY, headers: guideHeaders(), secret: SECRET });
    expect(delivery).toEqual(JSON.parse(BODY));
    expect(delivery.meta.klaviyo_webhook_id).toBe(WEBHOOK_ID);
    const [event] = delivery.data;
    expect(event?.topic).toBe('event:klaviyo.sent_sms');
    expect(event?.payload.data.relationships?.profile?.data?.id).toBe('01HKB1RAAZ1Z4N6V3M2W8Q7XYZ');
    expect(event?.payload.data.attributes.event_properties).toEqual({ 'Campaign Name': 'Winter Sale' });
  });

  it('verifies the raw body given as a string, a Uint8Array (a Node Buffer) or an ArrayBuffer', async () => {
    atGuideTime();
    const bytes = new TextEncoder().encode(BODY);
    for (const body of [BODY, bytes, Buffer.from(BODY), bytes.slice().buffer]) {
      await expect(verifyWebhook({ body, headers: guideHeaders(), secret: SECRET })).resolves.toMatchObject({
        meta: { klaviyo_webhook_id: WEBHOOK_ID },
      });
    }
  });

  it('signs non-ASCII bodies over their UTF-8 bytes, as Klaviyo does', async () => {
    const body = JSON.stringify({
      data: [{ topic: 'event:klaviyo.opened_email', subject: 'Café ☕ — 🎉' }],
      meta: { klaviyo_webhook_id: 'wh1' },
    });
    const timestamp = new Date().toUTCString();
    const headers = {
      'Klaviyo-Webhook-Id': 'wh1',
      'Klaviyo-Timestamp': timestamp,
      'Klaviyo-Signature': klaviyoSignature(body, timestamp, SECRET),
    };
    await expect(verifyWebhook({ body, headers, secret: SECRET })).resolves.toMatchObject({
      data: [{ subject: 'Café ☕ — 🎉' }],
    });
    await expect(verifyWebhook({ body: new TextEncoder().encode(body), headers, secret: SECRET })).resolves.toBeDefined();
  });

  it('reads the headers from a fetch Headers object, or a plain record in any case (Node req.headers)', async () => {
    atGuideTime();
    const lower = Object.fromEntries(Object.entries(guideHeaders()).map(([k, v]) => [k.toLowerCase(), v]));
    const upper = Object.fromEntries(Object.entries(guideHeaders()).map(([k, v]) => [k.toUpperCase(), v]));
    for (const headers of [new Headers(guideHeaders()), lower, upper, guideHeaders()]) {
      await expect(verifyWebhook({ body: BODY, headers, secret: SECRET })).resolves.toBeDefined();
    }
  });

  it('accepts the signature in upper-case hex', async () => {
    atGuideTime();
    const headers = guideHeaders({ 'Klaviyo-Signature': GUIDE_SIGNATURE.toUpperCase() });
    await expect(verifyWebhook({ body: BODY, headers, secret: SECRET })).resolves.toBeDefined();
  });

  it('reads a Klaviyo-Timestamp sent as Unix seconds or ISO 8601 as well as an HTTP date', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ data: [], meta: { klaviyo_webhook_id: 'wh1' } });
    for (const timestamp of [String(now), new Date(now * 1000).toISOString(), new Date(now * 1000).toUTCString()]) {
      const headers = {
        'Klaviyo-Webhook-Id': 'wh1',
        'Klaviyo-Timestamp': timestamp,
        'Klaviyo-Signature': klaviyoSignature(body, timestamp, SECRET),
      };
      await expect(verifyWebhook({ body, headers, secret: SECRET }), timestamp).resolves.toBeDefined();
    }
  });
});

describe('verifyWebhook refuses what Klaviyo did not sign', () => {
  it('refuses a tampered body (signature)', async () => {
    atGuideTime();
    const tampered = BODY.replace('Winter Sale', 'Winter Salf');
    const error = await refusal(verifyWebhook({ body: tampered, headers: guideHeaders(), secret: SECRET }), 'signature');
    expect(error.message).toMatch(/Klaviyo-Signature does not match/);
  });

  it('refuses a body parsed and serialised again, which changes the signed bytes (signature)', async () => {
    atGuideTime();
    const reserialised = JSON.stringify(JSON.parse(BODY), null, 2);
    await refusal(verifyWebhook({ body: reserialised, headers: guideHeaders(), secret: SECRET }), 'signature');
  });

  it('refuses a signature made with another secret (signature)', async () => {
    atGuideTime();
    await refusal(verifyWebhook({ body: BODY, headers: guideHeaders(), secret: `${SECRET}x` }), 'signature');
  });

  it('refuses a valid signature moved onto another timestamp, since the timestamp is signed too (signature)', async () => {
    atGuideTime();
    const headers = guideHeaders({ 'Klaviyo-Timestamp': 'Thu, 04 Jan 2024 18:05:26 GMT' });
    await refusal(verifyWebhook({ body: BODY, headers, secret: SECRET }), 'signature');
  });

  it('refuses the signature printed in the guide, made for a body and secret Klaviyo does not publish (signature)', async () => {
    atGuideTime();
    const headers = guideHeaders({ 'Klaviyo-Signature': PUBLISHED_EXAMPLE_SIGNATURE });
    await refusal(verifyWebhook({ body: BODY, headers, secret: SECRET }), 'signature');
  });

  it('refuses signatures that are not 64 hex digits, or differ in the first or the last byte (signature)', async () => {
    atGuideTime();
    const flip = (hex: string, at: number) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);
    const bad = [
      flip(GUIDE_SIGNATURE, 0),
      flip(GUIDE_SIGNATURE, 63),
      GUIDE_SIGNATURE.slice(0, 62),
      `${GUIDE_SIGNATURE}00`,
      `sha256=${GUIDE_SIGNATURE}`,
      'z'.repeat(64),
      Buffer.from(GUIDE_SIGNATURE, 'hex').toString('base64'),
    ];
    for (const signature of bad) {
      await refusal(
        verifyWebhook({ body: BODY, headers: guideHeaders({ 'Klaviyo-Signature': signature }), secret: SECRET }),
        'signature',
      );
    }
  });

  it('refuses a request signed longer ago than the tolerance, five minutes by default (timestamp)', async () => {
    atGuideTime(300);
    await expect(verifyWebhook({ body: BODY, headers: guideHeaders(), secret: SECRET })).resolves.toBeDefined();
    atGuideTime(301);
    const error = await refusal(verifyWebhook({ body: BODY, headers: guideHeaders(), secret: SECRET }), 'timestamp');
    expect(error.message).toMatch(/signed 301 s ago .* beyond the 300 s tolerance/);
  });

  it('refuses a request dated further ahead of this clock than the tolerance (timestamp)', async () => {
    atGuideTime(-301);
    const error = await refusal(verifyWebhook({ body: BODY, headers: guideHeaders(), secret: SECRET }), 'timestamp');
    expect(error.message).toMatch(/301 s ahead of this clock/);
  });

  it('takes toleranceSeconds, and Infinity to replay stored deliveries', async () => {
    atGuideTime(3600);
    await refusal(verifyWebhook({ body: BODY, headers: guideHeaders(), secret: SECRET, toleranceSeconds: 3599 }), 'timestamp');
    await expect(
      verifyWebhook({ body: BODY, headers: guideHeaders(), secret: SECRET, toleranceSeconds: 3600 }),
    ).resolves.toBeDefined();
    vi.useRealTimers();
    await expect(
      verifyWebhook({ body: BODY, headers: guideHeaders(), secret: SECRET, toleranceSeconds: Infinity }),
    ).resolves.toBeDefined();
  });

  it('refuses a signed timestamp that is not a date (timestamp)', async () => {
    const body = JSON.stringify({ data: [], meta: { klaviyo_webhook_id: 'wh1' } });
    const headers = {
      'Klaviyo-Webhook-Id': 'wh1',
      'Klaviyo-Timestamp': 'yesterday',
      'Klaviyo-Signature': klaviyoSignature(body, 'yesterday', SECRET),
    };
    await refusal(verifyWebhook({ body, headers, secret: SECRET }), 'timestamp');
  });

  it('refuses a body whose meta.klaviyo_webhook_id is not the Klaviyo-Webhook-Id header (webhook-id)', async () => {
    const body = JSON.stringify({ data: [], meta: { klaviyo_webhook_id: 'wh-other' } });
    const headers = await signWebhook({ body, secret: SECRET, webhookId: 'wh-mine' });
    const error = await refusal(verifyWebhook({ body, headers, secret: SECRET }), 'webhook-id');
    expect(error.message).toContain('"wh-other"');
    expect(error.message).toContain('"wh-mine"');
    const withoutId = JSON.stringify({ data: [], meta: {} });
    await refusal(
      verifyWebhook({
        body: withoutId,
        headers: await signWebhook({ body: withoutId, secret: SECRET, webhookId: 'wh-mine' }),
        secret: SECRET,
      }),
      'webhook-id',
    );
  });

  it('refuses a request without the Klaviyo headers, naming the ones missing (headers)', async () => {
    atGuideTime();
    const { 'Klaviyo-Signature': _, ...noSignature } = guideHeaders();
    const error = await refusal(verifyWebhook({ body: BODY, headers: noSignature, secret: SECRET }), 'headers');
    expect(error.message).toMatch(/no Klaviyo-Signature header/);
    const none = await refusal(
      verifyWebhook({ body: BODY, headers: new Headers({ 'content-type': 'application/json' }), secret: SECRET }),
      'headers',
    );
    expect(none.message).toMatch(/no Klaviyo-Signature, Klaviyo-Timestamp, Klaviyo-Webhook-Id header/);
    await refusal(verifyWebhook({ body: BODY, headers: guideHeaders({ 'Klaviyo-Webhook-Id': ' ' }), secret: SECRET }), 'headers');
  });

  it('refuses a correctly signed body that is not JSON, or not a delivery (body)', async () => {
    for (const body of ['not json', '[1,2]', '{"data":{},"meta":{}}', '{"data":[]}', new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const headers = await signWebhook({ body, secret: SECRET, webhookId: 'wh1' });
      await refusal(verifyWebhook({ body, headers, secret: SECRET }), 'body');
    }
  });

  it('checks the signature before anything else is believed: a forged, stale, mismatched body fails on signature', async () => {
    atGuideTime(86_400);
    const forged = JSON.stringify({ data: 'x', meta: { klaviyo_webhook_id: 'other' } });
    await refusal(verifyWebhook({ body: forged, headers: guideHeaders(), secret: SECRET }), 'signature');
  });

  it('never puts the secret in an error message, its JSON or its stack', async () => {
    atGuideTime();
    const secret = 'super-secret-webhook-key-XYZ';
    const tries: VerifyWebhookParams[] = [
      { body: BODY, headers: guideHeaders(), secret },
      { body: BODY, headers: {}, secret },
      { body: BODY, headers: guideHeaders(), secret, toleranceSeconds: -1 },
    ];
    for (const params of tries) {
      const error = (await verifyWebhook(params).catch((e: unknown) => e)) as KlaviyoError;
      expect(error).toBeInstanceOf(KlaviyoError);
      expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(secret);
    }
  });

  it('throws a ValidationError naming the argument, not a verification failure, when the secret or tolerance is misconfigured', async () => {
    for (const [params, path] of [
      [{ body: BODY, headers: guideHeaders(), secret: '' }, 'secret'],
      [{ body: BODY, headers: guideHeaders(), secret: undefined as unknown as string }, 'secret'],
      [{ body: BODY, headers: guideHeaders(), secret: SECRET, toleranceSeconds: Number.NaN }, 'toleranceSeconds'],
      [{ body: 5 as unknown as string, headers: guideHeaders(), secret: SECRET }, 'body'],
    ] as const) {
      const error = await verifyWebhook(params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).not.toBeInstanceOf(WebhookVerificationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([path]);
    }
  });
});

describe('signWebhook (klaviyo-ts/testing)', () => {
  it('returns the headers Klaviyo sends, dated now as an HTTP date, which verifyWebhook accepts', async () => {
    const body = JSON.stringify({ data: [], meta: { klaviyo_webhook_id: 'wh1' } });
    const before = Math.floor(Date.now() / 1000) * 1000;
    const headers = await signWebhook({ body, secret: SECRET, webhookId: 'wh1' });
    expect(Object.keys(headers)).toEqual(['Content-Type', 'Klaviyo-Webhook-Id', 'Klaviyo-Timestamp', 'Klaviyo-Signature']);
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers['Klaviyo-Webhook-Id']).toBe('wh1');
    expect(headers['Klaviyo-Timestamp']).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(headers['Klaviyo-Timestamp'])).toBeGreaterThanOrEqual(before);
    await expect(verifyWebhook({ body, headers, secret: SECRET })).resolves.toEqual(JSON.parse(body));
  });

  it('signs as the guide does: the same signature as an independent HMAC of body + timestamp', async () => {
    const headers = await signWebhook({
      body: BODY,
      secret: SECRET,
      webhookId: WEBHOOK_ID,
      timestamp: new Date(GUIDE_TIMESTAMP),
    });
    expect(headers['Klaviyo-Timestamp']).toBe(GUIDE_TIMESTAMP);
    expect(headers['Klaviyo-Signature']).toBe(GUIDE_SIGNATURE);
    const bytes = new TextEncoder().encode(BODY);
    const fromBytes = await signWebhook({ body: bytes, secret: 'other', webhookId: WEBHOOK_ID, timestamp: '1704391525' });
    expect(fromBytes['Klaviyo-Timestamp']).toBe('1704391525');
    expect(fromBytes['Klaviyo-Signature']).toBe(klaviyoSignature(bytes, '1704391525', 'other'));
  });

  it('signs an old timestamp that verifyWebhook refuses as a replay', async () => {
    const body = JSON.stringify({ data: [], meta: { klaviyo_webhook_id: 'wh1' } });
    const headers = await signWebhook({ body, secret: SECRET, webhookId: 'wh1', timestamp: new Date(Date.now() - 10 * 60_000) });
    await refusal(verifyWebhook({ body, headers, secret: SECRET }), 'timestamp');
  });
});

describe('runs on edge runtimes', () => {
  it('uses Web Crypto and TextEncoder only: no Node built-in, no Buffer', () => {
    for (const file of ['src/webhooks.ts', 'src/testing/webhooks.ts']) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/from ['"]node:|require\(|\bBuffer\b|\bprocess\b/);
    }
  });

  it('verifies with Buffer and process absent from the global scope', async () => {
    const body = JSON.stringify({ data: [], meta: { klaviyo_webhook_id: 'wh1' } });
    const headers = await signWebhook({ body, secret: SECRET, webhookId: 'wh1' });
    vi.stubGlobal('Buffer', undefined);
    try {
      await expect(
        verifyWebhook({ body: new TextEncoder().encode(body), headers: new Headers(headers), secret: SECRET }),
      ).resolves.toBeDefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
