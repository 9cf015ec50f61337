/**
 * examples/client-api.ts: a storefront's scripts on the client API (klaviyo-ts/client) against the local mock,
 * with the public key as `company_id` and no Authorization header.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Klaviyo } from 'klaviyo-ts';
import { KlaviyoClient } from 'klaviyo-ts/client';
import { startMockServer } from 'klaviyo-ts/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runStorefront, signUp, trackProductView } from '../examples/client-api.js';

afterEach(() => vi.restoreAllMocks());

const quietly = () => vi.spyOn(console, 'log').mockImplementation(() => {});
const shopper = { email: 'ben.example@klaviyo-demo.com', firstName: 'Ben' };

describe('examples/client-api against the local mock', () => {
  it('tracks a product view, saves the profile and subscribes it, each accepted', async () => {
    quietly();
    const run = await runStorefront([], {});
    expect(run).toEqual({
      mode: 'mock',
      sent: ['create_client_event 202', 'create_client_profile 202', 'create_client_subscription 202'],
    });
  });

  it('runs as a script and says what it used', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'examples/client-api.ts'], { timeout: 60_000 });
    expect(stdout.split('\n')[0]).toBe('Using the local Klaviyo mock (pass --live to use your account).');
    expect(stdout).toMatch(/^Sent: create_client_subscription 202$/m);
    expect(stdout).toMatch(/^Sarah viewed Winnie the Pooh and signed up for the newsletter\.$/m);
  });

  it('--live without the public key and a list is refused before anything is sent', async () => {
    await expect(runStorefront(['--live'], { KLAVIYO_API_KEY: 'pk_not_for_browsers_0123456789' })).rejects.toThrow(
      /set KLAVIYO_COMPANY_ID to its public API key \(6 characters\) and KLAVIYO_LIST_ID/,
    );
  });

  it('leaves what the storefront sent where the server side reads it', async () => {
    const mock = await startMockServer({ seed: 'demo' });
    try {
      const server = new Klaviyo({ apiKey: 'pk_examples_0123456789abcdef', baseUrl: mock.url });
      const newsletter = (await server.lists.list().toArray()).find((list) => list.attributes.name === 'Newsletter')!;
      const klaviyo = new KlaviyoClient({ companyId: 'AbC123', baseUrl: mock.url });
      await trackProductView(klaviyo, shopper, { id: '2222', name: 'Tigger', price: 12.5 });
      await signUp(klaviyo, shopper, newsletter.id);

      const [profile] = await server.profiles.list({ filter: { email: { equals: shopper.email } } }).toArray();
      expect(profile?.attributes.first_name).toBe('Ben');
      const members = await server.lists.profiles(newsletter.id).toArray();
      expect(members.map((member) => member.attributes.email)).toContain(shopper.email);
      const viewed = await server.events.list({ filter: { profile_id: { equals: profile!.id } } }).toArray();
      expect(viewed.map((event) => event.attributes.event_properties)).toContainEqual(
        expect.objectContaining({ ProductID: '2222', ProductName: 'Tigger' }),
      );
    } finally {
      await mock.close();
    }
  });
});
