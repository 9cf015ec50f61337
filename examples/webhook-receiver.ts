/**
 * Receive Klaviyo's system webhooks: a node:http server that checks every request with `verifyWebhook` (its
 * signature, its age, its webhook id) before reading it, refuses anything else with 401, and prints each event
 * with the email of its profile, looked up with the SDK.
 *
 *   KLAVIYO_WEBHOOK_SECRET=... npx tsx examples/webhook-receiver.ts   # listens on $PORT (default 3000)
 *   npx tsx examples/webhook-receiver.ts                               # no secret: posts itself one signed
 *                                                                      # delivery and one forged copy
 *
 * Klaviyo posts to the webhook's `endpoint_url` (https), signed with its `secret_key`: see
 * https://developers.klaviyo.com/en/docs/working_with_system_webhooks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Klaviyo, verifyWebhook, type WebhookEvent, WebhookVerificationError } from 'klaviyo-ts';
import { signWebhook } from 'klaviyo-ts/testing';
import { connect, runIfMain } from './connect.js';

/** What the receiver needs. */
export interface ReceiverOptions {
  klaviyo: Klaviyo;
  /** The webhook's secret key. */
  secret: string;
  /** Where each line goes (console.log by default). */
  print?: (line: string) => void;
}

/**
 * The receiver. It handles a delivery before answering, so a failure answers 500 and Klaviyo sends it again;
 * a receiver with slow work would queue the events and answer at once, dropping repeats by `external_id`.
 */
export function createWebhookReceiver({ klaviyo, secret, print = console.log }: ReceiverOptions): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      try {
        // The raw bytes: a body parsed as JSON and serialised again would not match the signature.
        const delivery = await verifyWebhook({ body: Buffer.concat(chunks), headers: request.headers, secret });
        for (const event of delivery.data) print(await describeEvent(klaviyo, event));
        response.writeHead(204).end();
      } catch (error) {
        if (error instanceof WebhookVerificationError) {
          print(`refused (${error.check}): ${error.message}`);
          response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ refused: error.check }));
        } else {
          print(`failed: ${String(error)}`);
          response.writeHead(500).end();
        }
      }
    });
  });
}

/** `event:klaviyo.opened_email 4L3cwQae2TX ada@example.com "October Newsletter"` */
export async function describeEvent(klaviyo: Klaviyo, event: WebhookEvent): Promise<string> {
  const profileId = event.payload.data.relationships?.profile?.data?.id;
  const profile = profileId ? await klaviyo.profiles.get(profileId, { fields: { profile: ['email'] } }) : undefined;
  const email = profile?.data.attributes.email ?? '(no email)';
  const campaign = event.payload.data.attributes.event_properties?.['Campaign Name'];
  return `${event.topic} ${event.external_id} ${email}${typeof campaign === 'string' ? ` ${JSON.stringify(campaign)}` : ''}`;
}

/** A delivery of one event, shaped like the example in Klaviyo's guide (for the demo and the tests). */
export function sampleDelivery(options: { webhookId: string; profileId: string; eventId?: string; topic?: string }): string {
  const { webhookId, profileId, eventId = '4L3cwQae2TX', topic = 'event:klaviyo.opened_email' } = options;
  const now = new Date();
  return JSON.stringify({
    data: [
      {
        topic,
        external_id: eventId,
        payload: {
          data: {
            type: 'event',
            id: eventId,
            attributes: {
              timestamp: Math.floor(now.getTime() / 1000),
              datetime: now.toISOString(),
              event_properties: { 'Campaign Name': 'October Newsletter', Subject: 'Our October picks' },
            },
            relationships: { profile: { data: { type: 'profile', id: profileId } } },
          },
        },
      },
    ],
    meta: { klaviyo_account_id: 'AbC123', klaviyo_webhook_id: webhookId, timestamp: now.toISOString() },
  });
}

/** Starts `server` on `port` (0: any free port) and returns its URL. */
export async function listen(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

runIfMain(import.meta.url, async () => {
  const { klaviyo, mode, close } = await connect();
  const secret = process.env['KLAVIYO_WEBHOOK_SECRET'];
  if (secret) {
    const url = await listen(createWebhookReceiver({ klaviyo, secret }), Number(process.env['PORT'] ?? 3000));
    console.log(`[${mode}] receiving Klaviyo webhooks at ${url} (Ctrl-C stops)`);
    return;
  }
  // No secret: show the round trip with klaviyo-ts/testing's signWebhook, as a test of your receiver would.
  const demoSecret = 'demo-webhook-secret';
  const server = createWebhookReceiver({ klaviyo, secret: demoSecret });
  try {
    const url = await listen(server);
    const [profile] = await klaviyo.profiles.list({ pageSize: 1 }).toArray({ limit: 1 });
    const body = sampleDelivery({ webhookId: 'demo-webhook', profileId: profile?.id ?? 'unknown' });
    const headers = await signWebhook({ body, secret: demoSecret, webhookId: 'demo-webhook' });
    const signed = await fetch(url, { method: 'POST', headers, body });
    console.log(`[${mode}] signed delivery: ${signed.status}`);
    const forged = await fetch(url, { method: 'POST', headers, body: body.replace('October', 'November') });
    console.log(`[${mode}] forged delivery: ${forged.status} ${await forged.text()}`);
  } finally {
    server.close();
    await close();
  }
});
