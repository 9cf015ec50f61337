/**
 * A storefront's script with the client API (`klaviyo-ts/client`): what runs in the shopper's browser or app,
 * with the account's public key (its 6-character site id) and never a private key. It tracks a product view,
 * saves what the shopper typed into a sign-up form, and subscribes them to the newsletter list.
 *
 *   npx tsx examples/client-api.ts          the local mock (demo account), as a browser would reach Klaviyo
 *   npx tsx examples/client-api.ts --live   your account: KLAVIYO_COMPANY_ID (public key) and KLAVIYO_LIST_ID
 *
 * Klaviyo's overview of the client API: https://developers.klaviyo.com/en/reference/api_overview#client-side-apis
 */
import { Klaviyo } from 'klaviyo-ts';
import { KlaviyoClient } from 'klaviyo-ts/client';
import { startMockServer } from 'klaviyo-ts/testing';
import { LIVE_FLAG, runIfMain } from './connect.js';

/** Who is shopping, as the sign-up form has them. */
export interface Shopper {
  email: string;
  firstName: string;
}

/** A product page. */
export interface Product {
  id: string;
  name: string;
  price: number;
}

/** A product page's script: one "Viewed Product" event, the metric Klaviyo's browse-abandonment flows use. */
export async function trackProductView(klaviyo: KlaviyoClient, shopper: Shopper, product: Product): Promise<void> {
  await klaviyo.events.create({
    metric: { data: { type: 'metric', attributes: { name: 'Viewed Product' } } },
    profile: { data: { type: 'profile', attributes: { email: shopper.email } } },
    properties: { ProductID: product.id, ProductName: product.name },
    value: product.price,
  });
}

/**
 * A sign-up form's script: saves the shopper's name on their profile, then subscribes their email to the list
 * (Klaviyo records the consent and, for a double opt-in list, sends the confirmation email).
 */
export async function signUp(klaviyo: KlaviyoClient, shopper: Shopper, listId: string): Promise<void> {
  await klaviyo.profiles.create({ email: shopper.email, first_name: shopper.firstName });
  await klaviyo.subscriptions.create({
    data: {
      type: 'subscription',
      attributes: {
        custom_source: 'Footer sign-up form',
        profile: {
          data: {
            type: 'profile',
            attributes: { email: shopper.email, subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } },
          },
        },
      },
      relationships: { list: { data: { type: 'list', id: listId } } },
    },
  });
}

/** What the example did: where, and what the shopper's browser sent. */
export interface StorefrontRun {
  mode: 'live' | 'mock';
  /** One line per request, as `create_client_event 202`, from the mock's log (mock only). */
  sent?: string[];
}

const shopper: Shopper = { email: 'sarah.mason@klaviyo-demo.com', firstName: 'Sarah' };
const product: Product = { id: '1111', name: 'Winnie the Pooh', price: 9.99 };

/** Runs the storefront's two scripts against the local mock, or your account with `--live`. */
export async function runStorefront(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<StorefrontRun> {
  if (argv.includes(LIVE_FLAG)) {
    const { KLAVIYO_COMPANY_ID: companyId, KLAVIYO_LIST_ID: listId } = env;
    if (!companyId || !listId) {
      throw new Error(
        `${LIVE_FLAG} uses your account: set KLAVIYO_COMPANY_ID to its public API key (6 characters) and KLAVIYO_LIST_ID to a list's id`,
      );
    }
    console.log('Using your Klaviyo account (--live).');
    const klaviyo = new KlaviyoClient({ companyId });
    await trackProductView(klaviyo, shopper, product);
    await signUp(klaviyo, shopper, listId);
    return { mode: 'live' };
  }
  const mock = await startMockServer({ seed: 'demo' });
  try {
    console.log(`Using the local Klaviyo mock (pass ${LIVE_FLAG} to use your account).`);
    // The list's id is what your account shows under Lists → Settings; here the server side looks it up in the mock.
    const server = new Klaviyo({ apiKey: 'pk_local_mock_0000000000000000', baseUrl: mock.url });
    const newsletter = (await server.lists.list().toArray()).find((list) => list.attributes.name === 'Newsletter');
    if (!newsletter) throw new Error('The demo account has no Newsletter list');
    const logged = mock.state.requests.length;

    // What the page's script does: the public key alone, no Authorization header.
    const klaviyo = new KlaviyoClient({ companyId: 'AbC123', baseUrl: mock.url });
    await trackProductView(klaviyo, shopper, product);
    await signUp(klaviyo, shopper, newsletter.id);
    return { mode: 'mock', sent: mock.state.requests.slice(logged).map((request) => `${request.operationId} ${request.status}`) };
  } finally {
    await mock.close();
  }
}

runIfMain(import.meta.url, async () => {
  const run = await runStorefront(process.argv.slice(2), process.env);
  for (const line of run.sent ?? []) console.log(`Sent: ${line}`);
  console.log(`${shopper.firstName} viewed ${product.name} and signed up for the newsletter.`);
});
