/**
 * `klaviyo-ts/client` in a browser-like runtime: bundled by scripts/test-runtimes.mjs for `platform: 'browser'`
 * (no Node built-ins, no nodejs_compat flag) and run as a Cloudflare Worker in workerd through miniflare.
 * `GET /?base=<URL>&list=<list id>` constructs a KlaviyoClient against it, as a storefront's script does, and
 * tracks an event, creates a profile and subscribes it to the list; resolves to the steps done, or `{ error }`.
 */
import { KlaviyoClient, ValidationError } from '../../dist/client.js';

export default {
  async fetch(request) {
    const { searchParams } = new URL(request.url);
    try {
      return Response.json({ runtime: 'workerd', steps: await clientSmoke(searchParams.get('base'), searchParams.get('list')) });
    } catch (error) {
      return Response.json({ runtime: 'workerd', error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};

async function clientSmoke(baseUrl, listId) {
  const steps = [];
  const refused = (() => {
    try {
      new KlaviyoClient({ companyId: 'pk_client_smoke_0123456789abcdef', baseUrl });
    } catch (error) {
      return error;
    }
  })();
  check(refused instanceof ValidationError, `a private key as companyId is refused with ValidationError (got ${refused})`);
  check(!String(refused.message).includes('pk_client_smoke'), 'the refusal does not quote the key');
  steps.push('pk_ key refused');

  const klaviyo = new KlaviyoClient({ companyId: 'AbC123', baseUrl });
  const email = 'sarah.mason@klaviyo-demo.com';
  await klaviyo.events.create({
    metric: { data: { type: 'metric', attributes: { name: 'Viewed Product' } } },
    profile: { data: { type: 'profile', attributes: { email } } },
    properties: { ProductName: 'Winnie the Pooh', note: 'naïve café ☕' },
    value: 9.99,
  });
  steps.push('track an event');

  await klaviyo.profiles.create({ email, first_name: 'Sarah', properties: { source: 'workerd' } });
  steps.push('create a profile');

  await klaviyo.subscriptions.create({
    data: {
      type: 'subscription',
      attributes: {
        profile: {
          data: { type: 'profile', attributes: { email, subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } } },
        },
      },
      relationships: { list: { data: { type: 'list', id: listId } } },
    },
  });
  steps.push('create a subscription');
  return steps;
}

function check(condition, what) {
  if (!condition) throw new Error(`client smoke: ${what}`);
}
