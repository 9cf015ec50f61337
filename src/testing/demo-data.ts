/**
 * The built-in demo account (`seed: 'demo'`): a small, deterministic Klaviyo account whose figures are
 * easy to check by hand. Every timestamp is relative to the mock's `now`, every id is generated in a fixed
 * order, so the same `now` gives byte-identical responses.
 *
 * - 12 profiles; lists "Newsletter" (10 members), "VIP" (3), "SMS Subscribers" (4)
 * - segments "Engaged Customers" (5 seeded members) and "Newsletter Members" (defined by list membership)
 * - email campaigns "October Newsletter" (10 received, 4 opened, 2 clicked, 2 orders worth 99.50 + 45.00)
 *   and "Flash Sale" (6 received, 3 opened, 1 clicked, 1 order worth 20.00), the draft "Holiday Preview",
 *   and the SMS campaign "SMS Flash Sale" (4 received, 2 clicked, 1 order worth 30.00)
 *   with a banner image
 * - flows "Welcome Series" (triggered by Newsletter; email, 1-day delay, email) and "Abandoned Cart"
 *   (triggered by Started Checkout; 4-hour delay, email)
 * - custom metric "Net Revenue" (Placed Order value), mapped as `revenue`; `started_checkout` mapped to its metric
 * - push tokens for Ada (iOS) and Ben (Android); SMS conversations with Ada and Ben
 * - signup form "UxK9aB" (versions 7301 and 7302): 8 views by 6 profiles, 3 submissions
 * - a catalog (Apparel: "Ocean Blue Shirt" in M and L; Accessories: "Leather Belt" in S), the coupon WELCOME10
 *   with two codes, three shirt reviews (two published), tag group "Seasonal" (tag "Holiday" on the draft
 *   campaign), a universal content block, a webhook, a web feed, a geofence, and the custom object type "Pet"
 *   (data source "Pets DB", an active and a draft schema, two pets, an ingestion log)
 */
import type { RecordSeed, SeedData, SeedResult } from './seed.js';
import type { MockState } from './state.js';

const DAY = 24 * 3600 * 1000;

/** Loads the demo account into `state`; returns the ids created, by kind. */
export function loadDemoData(state: MockState): SeedResult {
  const now = state.now();
  const at = (daysAgo: number, hours = 0) => new Date(now.getTime() - daysAgo * DAY + hours * 3600 * 1000).toISOString();
  const names = ['Ada', 'Ben', 'Cleo', 'Dev', 'Eva', 'Finn', 'Gia', 'Hugo', 'Iris', 'Jon', 'Kai', 'Lena'];
  const emails = names.map((n) => `${n.toLowerCase()}@example.com`);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  // Step 1: everything that events and definitions point at.
  const base = state.seed({
    tags: [{ name: 'Promo' }, { name: 'Welcome' }],
    templates: [{ name: 'Newsletter Template' }, { name: 'Welcome Email' }],
    images: [{ name: 'Flash Sale Banner', format: 'jpeg', size: 48_213 }],
    profiles: names.map((first, i) => ({
      email: emails[i]!,
      first_name: first,
      last_name: 'Demo',
      ...(i < 4 ? { phone_number: `+1555010${String(i).padStart(4, '0')}` } : {}),
      properties: { plan: i < 3 ? 'vip' : 'standard' },
      created: at(90 - i),
    })),
    metrics: [
      'Received Email',
      'Opened Email',
      'Clicked Email',
      'Placed Order',
      'Received SMS',
      'Clicked SMS',
      'Started Checkout',
      'Viewed Form',
      'Submitted Form',
    ].map((name) => ({ name })),
    lists: [
      { name: 'Newsletter', profiles: emails.slice(0, 10), tags: ['Promo'], created: at(120), joined_at: at(60) },
      { name: 'VIP', profiles: emails.slice(0, 3), created: at(100), joined_at: at(50) },
      { name: 'SMS Subscribers', profiles: emails.slice(0, 4), created: at(80), joined_at: at(40) },
    ],
  });
  const newsletter = base.lists[0]!;
  const rest = state.seed({
    segments: [
      { name: 'Engaged Customers', profiles: emails.slice(0, 5), is_starred: true, created: at(70), joined_at: at(20) },
      {
        name: 'Newsletter Members',
        definition: {
          condition_groups: [{ conditions: [{ type: 'profile-group-membership', is_member: true, group_ids: [newsletter] }] }],
        },
        created: at(65),
      },
    ],
    campaigns: [
      {
        name: 'October Newsletter',
        channel: 'email',
        status: 'Sent',
        audiences: { included: ['Newsletter'] },
        send_time: at(10),
        created_at: at(12),
        tags: ['Promo'],
        messages: [
          {
            label: 'October Newsletter',
            template: 'Newsletter Template',
            content: {
              subject: 'October news',
              preview_text: 'What is new',
              from_email: 'news@example.com',
              from_label: 'Demo Store',
            },
          },
        ],
      },
      {
        name: 'Flash Sale',
        channel: 'email',
        status: 'Sent',
        audiences: { included: ['VIP', 'Newsletter'] },
        send_time: at(5),
        created_at: at(6),
        tags: ['Promo'],
      },
      {
        name: 'Holiday Preview',
        channel: 'email',
        status: 'Draft',
        audiences: { included: ['Newsletter'], excluded: ['VIP'] },
        created_at: at(1),
      },
      {
        name: 'SMS Flash Sale',
        channel: 'sms',
        status: 'Sent',
        audiences: { included: ['SMS Subscribers'] },
        send_time: at(4),
        created_at: at(5),
        messages: [
          {
            label: 'SMS Flash Sale',
            content: { body: 'Flash sale today only!', media_url: null },
            image: 'Flash Sale Banner',
          },
        ],
      },
    ],
    flows: [
      {
        name: 'Welcome Series',
        status: 'live',
        trigger: { list: 'Newsletter' },
        tags: ['Welcome'],
        created: at(110),
        actions: [
          { message: { name: 'Welcome 1', template: 'Welcome Email' } },
          { type: 'time-delay', data: { unit: 'days', value: 1 } },
          { message: { name: 'Welcome 2' } },
        ],
      },
      {
        name: 'Abandoned Cart',
        status: 'draft',
        trigger: { metric: 'Started Checkout' },
        created: at(30),
        actions: [{ type: 'time-delay', data: { unit: 'hours', value: 4 } }, { message: { name: 'Cart reminder' } }],
      },
    ],
    customMetrics: [{ name: 'Net Revenue', metrics: ['Placed Order'] }],
    mappedMetrics: [
      { id: 'revenue', custom_metric: 'Net Revenue' },
      { id: 'started_checkout', metric: 'Started Checkout' },
    ],
    pushTokens: [
      { profile: emails[0]!, token: 'demo-apns-token-ada', platform: 'ios' },
      { profile: emails[1]!, token: 'demo-fcm-token-ben', platform: 'android' },
    ],
    conversations: [{ profile: emails[0]! }, { profile: emails[1]! }],
  });

  // Step 2: message events, with `$message`/`$flow` pointing at the ids just created.
  const events: NonNullable<SeedData['events']> = [];
  const send = (
    message: string,
    flow: string | undefined,
    channel: 'email' | 'sms',
    daysAgo: number,
    received: number[],
    opened: number[],
    clicked: number[],
    orders: Array<[number, number]>,
  ) => {
    const tag = flow ? { $message: message, $flow: flow } : { $message: message };
    for (const i of received)
      events.push({
        metric: channel === 'email' ? 'Received Email' : 'Received SMS',
        profile: emails[i]!,
        time: at(daysAgo),
        properties: { ...tag },
      });
    for (const i of opened)
      events.push({ metric: 'Opened Email', profile: emails[i]!, time: at(daysAgo, 2), properties: { ...tag } });
    for (const i of clicked)
      events.push({
        metric: channel === 'email' ? 'Clicked Email' : 'Clicked SMS',
        profile: emails[i]!,
        time: at(daysAgo, 3),
        properties: { ...tag },
      });
    for (const [i, value] of orders) {
      const attribution = flow ? { $attributed_message: message, $attributed_flow: flow } : { $attributed_message: message };
      events.push({
        metric: 'Placed Order',
        profile: emails[i]!,
        time: at(daysAgo, 5),
        value,
        properties: { ...attribution, ItemNames: ['Demo item'] },
      });
    }
  };
  const [october, flash, , sms] = rest.campaigns as [string, string, string, string];
  send(
    october,
    undefined,
    'email',
    10,
    range(10),
    [0, 1, 2, 3],
    [0, 1],
    [
      [0, 99.5],
      [1, 45],
    ],
  );
  send(flash, undefined, 'email', 5, range(6), [0, 2, 4], [2], [[2, 20]]);
  send(sms, undefined, 'sms', 4, range(4), [], [0, 1], [[1, 30]]);
  send(rest.flowMessages[0]!, rest.flows[0]!, 'email', 20, range(6), [0, 1, 2], [0], [[0, 25]]);
  send(rest.flowMessages[1]!, rest.flows[0]!, 'email', 17, range(5), [1], [], []);
  // A signup form with two versions: six profiles view it (two of them twice), three submit.
  const form = (metric: string, i: number, version: string, daysAgo: number) =>
    events.push({
      metric,
      profile: emails[i]!,
      time: at(daysAgo),
      properties: { $form_id: 'UxK9aB', $form_version_id: version },
    });
  for (const i of range(6)) form('Viewed Form', i, i % 2 === 0 ? '7301' : '7302', 8);
  form('Viewed Form', 0, '7301', 7);
  form('Viewed Form', 1, '7302', 7);
  for (const i of [0, 1, 2]) form('Submitted Form', i, i % 2 === 0 ? '7301' : '7302', 7);
  const seeded = state.seed({ events });
  const more = seedRestOfAccount(state, base.profiles[0]!, rest.campaigns[2]!, at);

  const merged = { ...base } as SeedResult;
  for (const key of Object.keys(merged) as Array<keyof SeedResult>)
    merged[key] = [...base[key], ...rest[key], ...seeded[key], ...more[key]];
  return merged;
}

const catalogId = (externalId: string) => `$custom:::$default:::${externalId}`;

function catalogItem(externalId: string, title: string, price: number, category: string): RecordSeed {
  return {
    type: 'catalog-item',
    attributes: {
      external_id: externalId,
      title,
      description: `${title}, from the demo catalog.`,
      price,
      url: `https://shop.example.com/products/${externalId.toLowerCase()}`,
      image_full_url: `https://shop.example.com/images/${externalId.toLowerCase()}.jpg`,
      images: [],
      custom_metadata: {},
      published: true,
    },
    relationships: { categories: [catalogId(category)] },
  };
}

function catalogVariant(itemId: string, size: string, quantity: number, price: number): RecordSeed {
  return {
    type: 'catalog-variant',
    attributes: {
      external_id: `${itemId}-${size}`,
      title: `${itemId} ${size}`,
      description: `Size ${size}.`,
      sku: `${itemId}-${size}`,
      inventory_policy: 1,
      inventory_quantity: quantity,
      price,
      url: `https://shop.example.com/products/${itemId.toLowerCase()}?size=${size}`,
      images: [],
      custom_metadata: {},
      published: true,
    },
    relationships: { item: catalogId(itemId) },
  };
}

function shirtReview(author: string, rating: number, status: string, created: string): RecordSeed {
  return {
    type: 'review',
    attributes: {
      email: `${author.toLowerCase()}@example.com`,
      status: { value: status },
      verified: true,
      review_type: 'review',
      created,
      updated: created,
      images: [],
      product: {
        url: 'https://shop.example.com/products/shirt-1',
        name: 'Ocean Blue Shirt',
        image_url: null,
        external_id: 'SHIRT-1',
      },
      rating,
      author,
      content: `Rated ${rating} by ${author}.`,
      title: rating >= 4 ? 'Great shirt' : 'Not for me',
      smart_quote: null,
    },
    relationships: { item: catalogId('SHIRT-1') },
  };
}

/**
 * The rest of the account: a catalog (categories Apparel and Accessories, a shirt in two sizes and a belt), the
 * coupon WELCOME10 with two codes (one assigned to Ada), the signup form "UxK9aB" with its versions 7301 and 7302,
 * three shirt reviews (two published, one pending), a "Seasonal" tag group whose tag "Holiday" tags the draft
 * campaign, a universal content block, a webhook, a web feed, a geofence, and the custom object type "Pet" (a
 * data source, an active and a draft schema, two pets and an ingestion log).
 */
function seedRestOfAccount(state: MockState, ada: string, draftCampaign: string, at: (daysAgo: number) => string): SeedResult {
  const first = state.seed({
    records: [
      { type: 'catalog-category', attributes: { external_id: 'APPAREL', name: 'Apparel' } },
      { type: 'catalog-category', attributes: { external_id: 'ACCESSORIES', name: 'Accessories' } },
      catalogItem('SHIRT-1', 'Ocean Blue Shirt', 42, 'APPAREL'),
      catalogItem('BELT-1', 'Leather Belt', 25, 'ACCESSORIES'),
      catalogVariant('SHIRT-1', 'M', 25, 42),
      catalogVariant('SHIRT-1', 'L', 0, 42),
      catalogVariant('BELT-1', 'S', 12, 25),
      { type: 'coupon', attributes: { external_id: 'WELCOME10', description: '10% off a first order' } },
      {
        type: 'coupon-code',
        attributes: { unique_code: 'ADA', expires_at: null, status: 'ASSIGNED_TO_PROFILE' },
        relationships: { coupon: 'WELCOME10', profile: ada },
      },
      { type: 'coupon-code', attributes: { unique_code: 'FREE', expires_at: null }, relationships: { coupon: 'WELCOME10' } },
      {
        type: 'form',
        id: 'UxK9aB',
        attributes: { name: 'Newsletter Signup', status: 'live', ab_test: true, definition: { versions: [] } },
      },
      ...(['7301', '7302'] as const).map((id, i) => ({
        type: 'form-version',
        id,
        attributes: {
          form_type: i === 0 ? 'popup' : 'flyout',
          variation_name: `Version ${i === 0 ? 'A' : 'B'}`,
          ab_test: { variation_name: i === 0 ? 'A' : 'B' },
          status: 'live',
        },
        relationships: { form: 'UxK9aB' },
      })),
      shirtReview('Ada', 5, 'published', at(9)),
      shirtReview('Ben', 4, 'published', at(6)),
      shirtReview('Cleo', 2, 'pending', at(1)),
      { type: 'tag-group', attributes: { name: 'Seasonal', exclusive: false } },
      { type: 'template-universal-content', attributes: { name: 'Footer', definition: null } },
      {
        type: 'webhook',
        attributes: {
          name: 'Email activity',
          description: null,
          endpoint_url: 'https://hooks.example.com/klaviyo',
          enabled: true,
        },
        relationships: { 'webhook-topics': ['event:klaviyo.received_email', 'event:klaviyo.clicked_email'] },
      },
      {
        type: 'web-feed',
        attributes: {
          name: 'Blog posts',
          url: 'https://blog.example.com/feed.json',
          request_method: 'get',
          content_type: 'json',
        },
      },
      { type: 'geofence', attributes: { latitude: 42.3523, longitude: -71.0556, radius: 250 } },
      {
        type: 'data-source',
        attributes: {
          title: 'Pets DB',
          visibility: 'private',
          description: 'Pets from the shop database',
          namespace: 'custom-objects',
        },
      },
      {
        type: 'object-type',
        attributes: { title: 'Pet', description: "Customers' pets", status: 'active', namespace: 'custom-objects' },
      },
    ],
  });
  const byName = (type: string, key: string, value: string) => state.all(type).find((r) => r.attributes[key] === value)!.id;
  const seasonal = byName('tag-group', 'name', 'Seasonal');
  const source = byName('data-source', 'title', 'Pets DB');
  const pet = byName('object-type', 'title', 'Pet');
  const mappings = state.seed({
    records: [
      {
        type: 'source-mapping',
        attributes: {
          property_mappings: ['name', 'age'].map((name, i) => ({
            id: i + 1,
            type: 'simple',
            source: { source_id: source, id_path: "$['id']", data_path: `$['${name}']` },
          })),
          relationship_mappings: [],
        },
      },
      { type: 'source-mapping', attributes: { property_mappings: [], relationship_mappings: [] } },
    ],
  });
  const properties = [
    { id: 1, name: 'name', type: 'string' },
    { id: 2, name: 'age', type: 'int' },
  ];
  const schema = (status: string, mapping: string): RecordSeed => ({
    type: 'object-schema',
    attributes: {
      title: 'Pet',
      description: "Customers' pets",
      status,
      properties,
      required: ['name'],
      published_at: status === 'active' ? at(30) : null,
      visibility: 'private',
    },
    relationships: { 'object-type': pet, 'source-mapping': mapping },
  });
  const last = state.seed({
    records: [
      { type: 'tag', attributes: { name: 'Holiday' }, relationships: { 'tag-group': seasonal, campaigns: [draftCampaign] } },
      schema('active', mappings.records[0]!),
      schema('draft', mappings.records[1]!),
      { type: 'object-record', id: `${pet}:::pet-1`, attributes: { record_properties: { name: 'Rex', age: 3 } } },
      { type: 'object-record', id: `${pet}:::pet-2`, attributes: { record_properties: { name: 'Tom', age: 5 } } },
      {
        type: 'object-ingestion-log',
        attributes: {
          status: 'warning',
          event_type: 'validation_error',
          timestamp: at(2),
          summary: "A record had no 'name'.",
          errors: [],
        },
        relationships: { 'object-type': pet },
      },
    ],
  });
  const merged = { ...first } as SeedResult;
  for (const key of Object.keys(merged) as Array<keyof SeedResult>) merged[key] = [...first[key], ...mappings[key], ...last[key]];
  return merged;
}
