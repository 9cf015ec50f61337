/**
 * What a client observes of the resources beyond the core categories: catalogs and their bulk jobs, coupons,
 * tags, templates, images, forms, webhooks, custom objects, data privacy and the client API. Each test reads
 * back through the API what an earlier call wrote.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, DEFAULT_TAG_GROUP_ID } from '../../src/testing/account.js';
import { createKlaviyoMock, startMockServer, type KlaviyoMock, type MockServer } from '../../src/testing/index.js';
import { call, HEADERS, NOW } from './helpers.js';

const demo = () => createKlaviyoMock({ seed: 'demo', now: NOW, rateLimit: false });
const shirt = '$custom:::$default:::SHIRT-1';
const apparel = '$custom:::$default:::APPAREL';
const named = (mock: KlaviyoMock, type: string, key: string, value: string) =>
  mock.state.all(type).find((r) => r.attributes[key] === value)!.id;
const ids = (body: { data: Array<{ id: string }> }) => body.data.map((r) => r.id);

describe('catalogs', () => {
  it('gives a new item the catalog id of its external id and lists it under its categories', () => {
    const mock = demo();
    const created = call(mock.handle, 'POST', '/api/catalog-items', {
      data: {
        type: 'catalog-item',
        attributes: { external_id: 'HAT-1', title: 'Hat', description: 'A hat', url: 'https://shop.example.com/hat' },
        relationships: { categories: { data: [{ type: 'catalog-category', id: apparel }] } },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.data.id).toBe('$custom:::$default:::HAT-1');
    expect(created.json.data.attributes).toMatchObject({ title: 'Hat', price: null, published: null });
    expect(created.json.data.attributes).not.toHaveProperty('integration_type');
    expect(ids(call(mock.handle, 'GET', `/api/catalog-categories/${encodeURIComponent(apparel)}/items`).json)).toContain(
      '$custom:::$default:::HAT-1',
    );
    const categories = call(mock.handle, 'GET', `/api/catalog-items/${encodeURIComponent(created.json.data.id)}/categories`);
    expect(ids(categories.json)).toEqual([apparel]);
  });

  it('answers 409 for an item whose external id is taken', () => {
    const r = call(demo().handle, 'POST', '/api/catalog-items', {
      data: { type: 'catalog-item', attributes: { external_id: 'SHIRT-1', title: 'Shirt', description: '', url: 'https://x' } },
    });
    expect(r.status).toBe(409);
  });

  it("lists a variant created with an item among the item's variants, and forgets it once deleted", () => {
    const mock = demo();
    const variant = call(mock.handle, 'POST', '/api/catalog-variants', {
      data: {
        type: 'catalog-variant',
        attributes: {
          external_id: 'SHIRT-1-S',
          title: 'Shirt S',
          description: '',
          sku: 'SHIRT-1-S',
          inventory_quantity: 3,
          price: 42,
          url: 'https://x',
        },
        relationships: { item: { data: { type: 'catalog-item', id: shirt } } },
      },
    }).json.data.id;
    const variants = () => ids(call(mock.handle, 'GET', `/api/catalog-items/${encodeURIComponent(shirt)}/variants`).json);
    expect(variants()).toContain(variant);
    expect(call(mock.handle, 'DELETE', `/api/catalog-variants/${encodeURIComponent(variant)}`).status).toBe(204);
    expect(variants()).not.toContain(variant);
  });

  it('moves an item between categories from either side of the relationship', () => {
    const mock = demo();
    const accessories = '$custom:::$default:::ACCESSORIES';
    const r = call(mock.handle, 'POST', `/api/catalog-categories/${encodeURIComponent(accessories)}/relationships/items`, {
      data: [{ type: 'catalog-item', id: shirt }],
    });
    expect(r.status).toBe(204);
    const categoriesOfShirt = () =>
      ids(call(mock.handle, 'GET', `/api/catalog-items/${encodeURIComponent(shirt)}/relationships/categories`).json);
    expect(categoriesOfShirt().sort()).toEqual([accessories, apparel].sort());
    call(mock.handle, 'DELETE', `/api/catalog-items/${encodeURIComponent(shirt)}/relationships/categories`, {
      data: [{ type: 'catalog-category', id: apparel }],
    });
    expect(categoriesOfShirt()).toEqual([accessories]);
  });

  it('runs a bulk create job: the good rows are created, a bad row is one of the errors, the counts show once complete', () => {
    const mock = demo();
    const row = (externalId: string, category: string) => ({
      type: 'catalog-item',
      attributes: { external_id: externalId, title: externalId, description: '', url: 'https://x' },
      relationships: { categories: { data: [{ type: 'catalog-category', id: category }] } },
    });
    const started = call(mock.handle, 'POST', '/api/catalog-item-bulk-create-jobs', {
      data: {
        type: 'catalog-item-bulk-create-job',
        attributes: { items: { data: [row('SOCK-1', apparel), row('SOCK-2', 'no-such-category')] } },
      },
    });
    expect(started.status).toBe(202);
    expect(started.json.data.attributes).toMatchObject({ status: 'queued', total_count: 2, completed_count: 0 });
    const job = `/api/catalog-item-bulk-create-jobs/${started.json.data.id}`;
    expect(call(mock.handle, 'GET', job).json.data.attributes.status).toBe('processing');
    const done = call(mock.handle, 'GET', `${job}?include=items`).json;
    expect(done.data.attributes).toMatchObject({ status: 'complete', completed_count: 1, failed_count: 1 });
    expect(done.data.attributes.errors[0].source).toEqual({
      pointer: '/data/attributes/items/data/1/relationships/categories/data/0/id',
    });
    expect(done.included.map((r: { id: string }) => r.id)).toEqual(['$custom:::$default:::SOCK-1']);
    expect(mock.state.get('catalog-item', '$custom:::$default:::SOCK-2')).toBeUndefined();
  });

  it('runs bulk update and delete jobs on the rows they name', () => {
    const mock = demo();
    call(mock.handle, 'POST', '/api/catalog-item-bulk-update-jobs', {
      data: {
        type: 'catalog-item-bulk-update-job',
        attributes: { items: { data: [{ type: 'catalog-item', id: shirt, attributes: { price: 39 } }] } },
      },
    });
    expect(call(mock.handle, 'GET', `/api/catalog-items/${encodeURIComponent(shirt)}`).json.data.attributes.price).toBe(39);
    call(mock.handle, 'POST', '/api/catalog-item-bulk-delete-jobs', {
      data: { type: 'catalog-item-bulk-delete-job', attributes: { items: { data: [{ type: 'catalog-item', id: shirt }] } } },
    });
    expect(call(mock.handle, 'GET', `/api/catalog-items/${encodeURIComponent(shirt)}`).status).toBe(404);
  });

  it('keeps a back in stock subscription for an existing variant, and refuses an unknown one', () => {
    const mock = demo();
    const body = (variant: string) => ({
      data: {
        type: 'back-in-stock-subscription',
        attributes: { channels: ['EMAIL'], profile: { data: { type: 'profile', attributes: { email: 'ada@example.com' } } } },
        relationships: { variant: { data: { type: 'catalog-variant', id: variant } } },
      },
    });
    expect(call(mock.handle, 'POST', '/api/back-in-stock-subscriptions', body('$custom:::$default:::SHIRT-1-L')).status).toBe(
      202,
    );
    expect(mock.state.all('back-in-stock-subscription')).toHaveLength(1);
    const r = call(mock.handle, 'POST', '/api/back-in-stock-subscriptions', body('nope'));
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ pointer: '/data/relationships/variant/data/id' });
  });
});

describe('coupons', () => {
  it('names a coupon by its external id and a code by its coupon and unique code', () => {
    const mock = demo();
    const coupon = call(mock.handle, 'POST', '/api/coupons', {
      data: { type: 'coupon', attributes: { external_id: 'SUMMER', description: 'Summer sale' } },
    });
    expect(coupon.json.data.id).toBe('SUMMER');
    const code = call(mock.handle, 'POST', '/api/coupon-codes', {
      data: {
        type: 'coupon-code',
        attributes: { unique_code: 'SUN-1' },
        relationships: { coupon: { data: { type: 'coupon', id: 'SUMMER' } } },
      },
    });
    expect(code.status).toBe(200);
    expect(code.json.data).toMatchObject({ id: 'SUMMER-SUN-1', attributes: { status: 'UNASSIGNED', expires_at: null } });
    expect(ids(call(mock.handle, 'GET', '/api/coupons/SUMMER/coupon-codes').json)).toEqual(['SUMMER-SUN-1']);
    expect(call(mock.handle, 'GET', '/api/coupon-codes/SUMMER-SUN-1/coupon').json.data.id).toBe('SUMMER');
  });
});

describe('tags', () => {
  it('puts a tag created without a group into the default group', () => {
    const mock = demo();
    const tag = call(mock.handle, 'POST', '/api/tags', { data: { type: 'tag', attributes: { name: 'New' } } }).json.data.id;
    expect(call(mock.handle, 'GET', `/api/tags/${tag}/tag-group`).json.data.id).toBe(DEFAULT_TAG_GROUP_ID);
  });

  it("tags a campaign from the tag, and the campaign's tags show it", () => {
    const mock = demo();
    const tag = named(mock, 'tag', 'name', 'Welcome');
    const campaign = named(mock, 'campaign', 'name', 'Holiday Preview');
    const r = call(mock.handle, 'POST', `/api/tags/${tag}/relationships/campaigns`, {
      data: [{ type: 'campaign', id: campaign }],
    });
    expect(r.status).toBe(204);
    expect(ids(call(mock.handle, 'GET', `/api/campaigns/${campaign}/tags`).json)).toContain(tag);
    call(mock.handle, 'DELETE', `/api/tags/${tag}/relationships/campaigns`, { data: [{ type: 'campaign', id: campaign }] });
    expect(ids(call(mock.handle, 'GET', `/api/campaigns/${campaign}/tags`).json)).not.toContain(tag);
  });

  it("answers a tag's rename with 204, as the spec documents", () => {
    const mock = demo();
    const tag = named(mock, 'tag', 'name', 'Promo');
    const r = call(mock.handle, 'PATCH', `/api/tags/${tag}`, {
      data: { type: 'tag', id: tag, attributes: { name: 'Promotions' } },
    });
    expect(r.status).toBe(204);
    expect(call(mock.handle, 'GET', `/api/tags/${tag}`).json.data.attributes.name).toBe('Promotions');
  });

  it('deletes a tag group with its tags, but never the default group', () => {
    const mock = demo();
    const seasonal = named(mock, 'tag-group', 'name', 'Seasonal');
    const holiday = named(mock, 'tag', 'name', 'Holiday');
    expect(call(mock.handle, 'DELETE', `/api/tag-groups/${seasonal}`).status).toBe(204);
    expect(call(mock.handle, 'GET', `/api/tags/${holiday}`).status).toBe(404);
    expect(call(mock.handle, 'DELETE', `/api/tag-groups/${DEFAULT_TAG_GROUP_ID}`).status).toBe(400);
  });
});

describe('templates', () => {
  it('renders a template with the context substituted, leaving the template as it was', () => {
    const mock = demo();
    const template = call(mock.handle, 'POST', '/api/templates', {
      data: {
        type: 'template',
        attributes: {
          name: 'Hello',
          editor_type: 'CODE',
          html: '<p>Hi {{ first_name }} from {{ person.city|default:"nowhere" }}{{ missing }}</p>',
          text: 'Hi {{first_name|default:"there"}}',
        },
      },
    }).json.data.id;
    const r = call(mock.handle, 'POST', '/api/template-render', {
      data: { type: 'template', id: template, attributes: { context: { first_name: 'Ada', person: {} } } },
    });
    expect(r.status).toBe(201);
    expect(r.json.data.attributes).toMatchObject({ html: '<p>Hi Ada from nowhere</p>', text: 'Hi Ada' });
    expect(call(mock.handle, 'GET', `/api/templates/${template}`).json.data.attributes.html).toContain('{{ first_name }}');
  });

  it('clones a template under a new id and name with the same content', () => {
    const mock = demo();
    const source = named(mock, 'template', 'name', 'Welcome Email');
    const r = call(mock.handle, 'POST', '/api/template-clone', {
      data: { type: 'template', id: source, attributes: { name: 'Welcome Email (copy)' } },
    });
    expect(r.status).toBe(201);
    expect(r.json.data.id).not.toBe(source);
    expect(r.json.data.attributes.name).toBe('Welcome Email (copy)');
    expect(r.json.data.attributes.html).toBe(mock.state.get('template', source)!.attributes['html']);
  });
});

describe('images', () => {
  let server: MockServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('imports an image from a URL, taking its name and format from the URL', () => {
    const r = call(demo().handle, 'POST', '/api/images', {
      data: { type: 'image', attributes: { import_from_url: 'https://cdn.example.com/img/sale-banner.jpg' } },
    });
    expect(r.status).toBe(201);
    expect(r.json.data.attributes).toMatchObject({ name: 'sale-banner.jpg', format: 'jpeg', hidden: false });
    expect(r.json.data.attributes.image_url).toMatch(new RegExp(`/company/${ACCOUNT_ID}/images/.+\\.jpeg$`));
  });

  it('uploads a file sent as multipart/form-data over HTTP', async () => {
    server = await startMockServer({ now: NOW, rateLimit: false });
    const form = new FormData();
    form.set('file', new File([new Uint8Array(1234)], 'logo.png', { type: 'image/png' }));
    form.set('name', 'Logo');
    const { 'content-type': _json, ...headers } = HEADERS;
    const response = await fetch(`${server.url}/api/image-upload`, { method: 'POST', headers, body: form });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { data: { id: string; attributes: unknown } };
    expect(body.data.attributes).toMatchObject({ name: 'Logo', format: 'png', size: 1234 });
    expect(server.state.get('image', body.data.id)).toBeDefined();
  });

  it('answers 400 for a form without a file part', async () => {
    server = await startMockServer({ now: NOW, rateLimit: false });
    const form = new FormData();
    form.set('name', 'Nothing');
    const { 'content-type': _json, ...headers } = HEADERS;
    const response = await fetch(`${server.url}/api/image-upload`, { method: 'POST', headers, body: form });
    expect(response.status).toBe(400);
  });
});

describe('forms and webhooks', () => {
  it('gives a new form one version per version of its definition, and deletes them with it', () => {
    const mock = demo();
    const form = call(mock.handle, 'POST', '/api/forms', {
      data: {
        type: 'form',
        attributes: {
          name: 'Exit intent',
          status: 'draft',
          ab_test: false,
          definition: {
            versions: [
              { name: 'A', type: 'popup', steps: [] },
              { name: 'B', type: 'flyout', steps: [] },
            ],
          },
        },
      },
    }).json.data;
    const versions = call(mock.handle, 'GET', `/api/forms/${form.id}/form-versions`).json.data;
    expect(versions.map((v: any) => [v.attributes.variation_name, v.attributes.form_type, v.attributes.status])).toEqual([
      ['A', 'popup', 'draft'],
      ['B', 'flyout', 'draft'],
    ]);
    call(mock.handle, 'DELETE', `/api/forms/${form.id}`);
    expect(call(mock.handle, 'GET', `/api/form-versions/${versions[0].id}`).status).toBe(404);
  });

  it('subscribes a webhook to known topics only, and never shows its secret', () => {
    const mock = demo();
    const body = (topic: string) => ({
      data: {
        type: 'webhook',
        attributes: { name: 'Hook', endpoint_url: 'https://hooks.example.com/x', secret_key: 's3cret' },
        relationships: { 'webhook-topics': { data: [{ type: 'webhook-topic', id: topic }] } },
      },
    });
    const created = call(mock.handle, 'POST', '/api/webhooks', body('event:klaviyo.sent_sms'));
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.json)).not.toContain('s3cret');
    const topics = call(mock.handle, 'GET', `/api/webhooks/${created.json.data.id}?include=webhook-topics`).json.included;
    expect(topics.map((t: { id: string }) => t.id)).toEqual(['event:klaviyo.sent_sms']);
    expect(call(mock.handle, 'POST', '/api/webhooks', body('event:nope')).status).toBe(400);
  });
});

describe('custom objects', () => {
  it('creates an object type with a draft schema, publishes it, and turns data source records into object records', () => {
    const mock = demo();
    const source = named(mock, 'data-source', 'title', 'Pets DB');
    const type = call(mock.handle, 'POST', '/api/object-types', {
      data: {
        type: 'object-type',
        attributes: {
          title: 'Reservation',
          description: 'Table reservations',
          namespace: 'custom-objects',
          'object-schema': {
            data: {
              type: 'object-schema',
              attributes: {
                properties: [{ id: 1, name: 'table', type: 'int' }],
                required: ['table'],
                'source-mapping': {
                  data: {
                    type: 'source-mapping',
                    attributes: {
                      property_mappings: [
                        { id: 1, type: 'simple', source: { source_id: source, id_path: "$['ref']", data_path: "$['table']" } },
                      ],
                      relationship_mappings: [],
                    },
                  },
                },
              },
            },
          },
        },
      },
    }).json.data;
    expect(type.attributes.status).toBe('draft');
    const draft = call(mock.handle, 'GET', `/api/object-types/${type.id}/draft-schema`).json.data;
    expect(draft.attributes.status).toBe('draft');
    expect(call(mock.handle, 'GET', `/api/object-types/${type.id}/current-schema`).json.data).toBeNull();

    const publish = call(mock.handle, 'PATCH', `/api/object-schemas/${draft.id}`, {
      data: { type: 'object-schema', id: draft.id, attributes: { status: 'active' } },
    });
    expect(publish.json.data.attributes.published_at).not.toBeNull();
    expect(call(mock.handle, 'GET', `/api/object-types/${type.id}/current-schema`).json.data.id).toBe(draft.id);
    expect(call(mock.handle, 'PATCH', `/api/object-schemas/${draft.id}`, publish.json).status).toBe(400);

    const sent = call(mock.handle, 'POST', '/api/data-source-record-create-jobs', {
      data: {
        type: 'data-source-record-create-job',
        attributes: {
          'data-source-record': { data: { type: 'data-source-record', attributes: { record: { ref: 'R1', table: 7 } } } },
        },
        relationships: { 'data-source': { data: { type: 'data-source', id: source } } },
      },
    });
    expect(sent.status).toBe(204);
    const records = call(mock.handle, 'GET', `/api/object-types/${type.id}/object-records`).json.data;
    expect(records).toEqual([
      expect.objectContaining({ id: `${type.id}:::R1`, attributes: { record_properties: { table: 7 } } }),
    ]);
  });
});

describe('data privacy', () => {
  it('deletes the profile a deletion job names, with its memberships', () => {
    const mock = demo();
    const ada = named(mock, 'profile', 'email', 'ada@example.com');
    const r = call(mock.handle, 'POST', '/api/data-privacy-deletion-jobs', {
      data: {
        type: 'data-privacy-deletion-job',
        attributes: { profile: { data: { type: 'profile', attributes: { email: 'ada@example.com' } } } },
      },
    });
    expect(r.status).toBe(202);
    expect(call(mock.handle, 'GET', `/api/profiles/${ada}`).status).toBe(404);
    const newsletter = named(mock, 'list', 'name', 'Newsletter');
    expect(ids(call(mock.handle, 'GET', `/api/lists/${newsletter}/profiles?page[size]=100`).json)).not.toContain(ada);
  });

  it('answers 400 when the profile is named by more than one identifier', () => {
    const r = call(demo().handle, 'POST', '/api/data-privacy-deletion-jobs', {
      data: {
        type: 'data-privacy-deletion-job',
        attributes: {
          profile: { data: { type: 'profile', attributes: { email: 'ada@example.com', phone_number: '+15550100000' } } },
        },
      },
    });
    expect(r.status).toBe(400);
  });
});

describe('the client API', () => {
  const { authorization: _key, ...publicHeaders } = HEADERS;
  const client = (mock: KlaviyoMock, method: string, path: string, body?: unknown) =>
    call(mock.handle, method, `${path}${path.includes('?') ? '&' : '?'}company_id=${ACCOUNT_ID}`, body, publicHeaders);

  it('takes no private key, but answers 400 without company_id', () => {
    const mock = demo();
    expect(client(mock, 'GET', '/client/geofences').status).toBe(200);
    const r = call(mock.handle, 'GET', '/client/geofences', undefined, publicHeaders);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ parameter: 'company_id' });
  });

  it('records a client event on the profile it names (202), visible to the private API', () => {
    const mock = demo();
    const r = client(mock, 'POST', '/client/events', {
      data: {
        type: 'event',
        attributes: {
          properties: { ProductName: 'Hat' },
          metric: { data: { type: 'metric', attributes: { name: 'Viewed Product' } } },
          profile: { data: { type: 'profile', attributes: { email: 'new.visitor@example.com' } } },
        },
      },
    });
    expect(r.status).toBe(202);
    expect(r.json).toBeUndefined();
    const profile = named(mock, 'profile', 'email', 'new.visitor@example.com');
    const events = call(mock.handle, 'GET', `/api/events?filter=equals(profile_id,"${profile}")`).json.data;
    expect(events).toHaveLength(1);
  });

  it('subscribes a profile to email marketing and adds it to the list named', () => {
    const mock = demo();
    const vip = named(mock, 'list', 'name', 'VIP');
    client(mock, 'POST', '/client/subscriptions', {
      data: {
        type: 'subscription',
        attributes: {
          profile: {
            data: {
              type: 'profile',
              attributes: { email: 'fan@example.com', subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } },
            },
          },
        },
        relationships: { list: { data: { type: 'list', id: vip } } },
      },
    });
    const fan = named(mock, 'profile', 'email', 'fan@example.com');
    const profile = call(mock.handle, 'GET', `/api/profiles/${fan}?additional-fields[profile]=subscriptions`).json.data;
    expect(profile.attributes.subscriptions.email.marketing.consent).toBe('SUBSCRIBED');
    expect(ids(call(mock.handle, 'GET', `/api/lists/${vip}/profiles`).json)).toContain(fan);
  });

  it('shows published reviews only, with their rating statistics per product', () => {
    const mock = demo();
    const reviews = client(mock, 'GET', '/client/reviews').json.data;
    expect(reviews.map((r: any) => r.attributes.author).sort()).toEqual(['Ada', 'Ben']);
    expect(reviews[0]).not.toHaveProperty('relationships');
    const report = client(
      mock,
      'GET',
      '/client/review-values-reports?group_by=product_id&statistics=average_rating,total_reviews&timeframe=all_time',
    ).json.data[0];
    expect(report.attributes.results).toEqual([
      { groupings: { product_id: 'SHIRT-1' }, statistics: { average_rating: 4.5, total_reviews: 2 } },
    ]);
  });

  it('keeps a new client review pending, so it is not shown yet', () => {
    const mock = demo();
    const r = client(mock, 'POST', '/client/reviews', {
      data: {
        type: 'review',
        attributes: {
          review_type: 'review',
          email: 'dev@example.com',
          author: 'Dev',
          content: 'Nice',
          rating: 5,
          title: 'Nice',
          product: { external_id: 'SHIRT-1', integration_key: 'shopify' },
        },
      },
    });
    expect(r.status).toBe(202);
    expect(client(mock, 'GET', '/client/reviews').json.data).toHaveLength(2);
    expect(call(mock.handle, 'GET', '/api/reviews').json.data).toHaveLength(4);
  });
});

describe('the account', () => {
  it('has one account whose public key is the client API company_id', () => {
    const r = call(demo().handle, 'GET', '/api/accounts');
    expect(r.json.data).toEqual([
      expect.objectContaining({ id: ACCOUNT_ID, attributes: expect.objectContaining({ public_api_key: ACCOUNT_ID }) }),
    ]);
  });
});
