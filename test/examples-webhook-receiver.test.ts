/**
 * examples/webhook-receiver.ts over real loopback HTTP: deliveries signed with klaviyo-ts/testing's signWebhook,
 * profiles looked up in the local mock.
 */
import type { Server } from 'node:http';
import { Klaviyo } from 'klaviyo-ts';
import { type MockServer, signWebhook, startMockServer } from 'klaviyo-ts/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookReceiver, listen, sampleDelivery } from '../examples/webhook-receiver.js';

const SECRET = 'receiver-test-secret';
let mock: MockServer;
let receiver: Server;
let url: string;
let lines: string[];
let adaId: string;

beforeEach(async () => {
  mock = await startMockServer({ seed: 'demo' });
  const klaviyo = new Klaviyo({ apiKey: 'pk_examples_0123456789abcdef', baseUrl: mock.url });
  const [ada] = await klaviyo.profiles.list({ filter: { email: { equals: 'ada@example.com' } } }).toArray();
  adaId = ada!.id;
  lines = [];
  receiver = createWebhookReceiver({ klaviyo, secret: SECRET, print: (line) => lines.push(line) });
  url = await listen(receiver);
});
afterEach(async () => {
  receiver.close();
  await mock.close();
});

describe('examples/webhook-receiver', () => {
  it("accepts a signed delivery and prints each event with its profile's email from Klaviyo", async () => {
    const body = sampleDelivery({ webhookId: 'wh-1', profileId: adaId, eventId: 'evt-1' });
    const headers = await signWebhook({ body, secret: SECRET, webhookId: 'wh-1' });
    const response = await fetch(url, { method: 'POST', headers, body });
    expect(response.status).toBe(204);
    expect(lines).toEqual(['event:klaviyo.opened_email evt-1 ada@example.com "October Newsletter"']);
  });

  it('refuses a tampered body with 401, saying which check failed, and prints no event', async () => {
    const body = sampleDelivery({ webhookId: 'wh-1', profileId: adaId });
    const headers = await signWebhook({ body, secret: SECRET, webhookId: 'wh-1' });
    const response = await fetch(url, { method: 'POST', headers, body: body.replace('October', 'November') });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ refused: 'signature' });
    expect(lines).toEqual([expect.stringMatching(/^refused \(signature\)/)]);
  });

  it('refuses a delivery signed with another secret, a replayed one and one for another webhook', async () => {
    const body = sampleDelivery({ webhookId: 'wh-1', profileId: adaId });
    const cases = [
      { headers: await signWebhook({ body, secret: 'not-the-secret', webhookId: 'wh-1' }), refused: 'signature' },
      {
        headers: await signWebhook({ body, secret: SECRET, webhookId: 'wh-1', timestamp: new Date(Date.now() - 3_600_000) }),
        refused: 'timestamp',
      },
      { headers: await signWebhook({ body, secret: SECRET, webhookId: 'wh-2' }), refused: 'webhook-id' },
      { headers: { 'content-type': 'application/json' }, refused: 'headers' },
    ];
    for (const { headers, refused } of cases) {
      const response = await fetch(url, { method: 'POST', headers, body });
      expect(response.status, refused).toBe(401);
      expect(await response.json()).toEqual({ refused });
    }
    expect(lines.every((line) => line.startsWith('refused'))).toBe(true);
  });

  it('answers 500 when the lookup fails, so Klaviyo delivers again', async () => {
    const body = sampleDelivery({ webhookId: 'wh-1', profileId: 'no-such-profile' });
    const headers = await signWebhook({ body, secret: SECRET, webhookId: 'wh-1' });
    const response = await fetch(url, { method: 'POST', headers, body });
    expect(response.status).toBe(500);
    expect(lines).toEqual([expect.stringMatching(/^failed: /)]);
  });
});
