import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BatchError, JobHandle, ValidationError } from '../../src/index.js';
import type { CatalogItemCreate } from '../../src/resources/catalogs.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

/** A job document as Klaviyo answers the POST and the GET of a bulk job. */
const job = (type: string, id: string, status: string, total = 1) => ({
  data: {
    type,
    id,
    attributes: { status, created_at: '2026-07-20T10:00:00+00:00', total_count: total, completed_count: 0, failed_count: 0 },
    links: { self: `${API}/api/${type}s/${id}/` },
  },
});

const item = (n: number): CatalogItemCreate => ({
  external_id: `SKU-${n}`,
  title: `Shirt ${n}`,
  description: 'Ocean blue cotton shirt',
  url: `https://shop.example.com/p/${n}`,
  price: 42,
});

interface JobBody {
  data: { type: string; attributes: Record<string, { data: Record<string, unknown>[] }> };
}

/** Records every job body POSTed to `path` and answers each with a queued job `job-1`, `job-2`, …. */
function recordJobs(path: string, type: string) {
  const bodies: JobBody[] = [];
  server.use(
    http.post(`${API}${path}`, async ({ request }) => {
      bodies.push((await request.json()) as JobBody);
      return HttpResponse.json(job(type, `job-${bodies.length}`, 'queued'), { status: 202 });
    }),
  );
  return bodies;
}

const THREE = ['$custom:::$default:::A', '$custom:::$default:::B', '$custom:::$default:::C'];

// Every catalog bulk operation, with an entry of the kind it takes and the resource Klaviyo reads from it.
const OPERATIONS = [
  {
    call: (n: number) => klaviyo.catalogs.items.bulkCreate(Array.from({ length: n }, (_, i) => item(i))),
    path: '/api/catalog-item-bulk-create-jobs',
    type: 'catalog-item-bulk-create-job',
    key: 'items',
    first: { type: 'catalog-item', attributes: item(0) },
  },
  {
    call: (n: number) =>
      klaviyo.catalogs.items.bulkUpdate(
        Array.from({ length: n }, (_, i) => ({ id: `$custom:::$default:::SKU-${i}`, price: 40 })),
      ),
    path: '/api/catalog-item-bulk-update-jobs',
    type: 'catalog-item-bulk-update-job',
    key: 'items',
    first: { type: 'catalog-item', id: '$custom:::$default:::SKU-0', attributes: { price: 40 } },
  },
  {
    call: (n: number) => klaviyo.catalogs.items.bulkDelete(Array.from({ length: n }, (_, i) => `$custom:::$default:::SKU-${i}`)),
    path: '/api/catalog-item-bulk-delete-jobs',
    type: 'catalog-item-bulk-delete-job',
    key: 'items',
    first: { type: 'catalog-item', id: '$custom:::$default:::SKU-0' },
  },
  {
    call: (n: number) =>
      klaviyo.catalogs.variants.bulkCreate(
        Array.from({ length: n }, (_, i) => ({
          itemId: '$custom:::$default:::SKU-1',
          external_id: `SKU-1-${i}`,
          title: 'Shirt, medium',
          description: 'Medium',
          sku: `OBS-${i}`,
          inventory_quantity: 25,
          price: 42,
          url: 'https://shop.example.com/p/1?size=m',
        })),
      ),
    path: '/api/catalog-variant-bulk-create-jobs',
    type: 'catalog-variant-bulk-create-job',
    key: 'variants',
    first: {
      type: 'catalog-variant',
      attributes: {
        external_id: 'SKU-1-0',
        title: 'Shirt, medium',
        description: 'Medium',
        sku: 'OBS-0',
        inventory_quantity: 25,
        price: 42,
        url: 'https://shop.example.com/p/1?size=m',
      },
      relationships: { item: { data: { type: 'catalog-item', id: '$custom:::$default:::SKU-1' } } },
    },
  },
  {
    call: (n: number) =>
      klaviyo.catalogs.variants.bulkUpdate(
        Array.from({ length: n }, (_, i) => ({ id: `$custom:::$default:::V-${i}`, inventory_quantity: 0 })),
      ),
    path: '/api/catalog-variant-bulk-update-jobs',
    type: 'catalog-variant-bulk-update-job',
    key: 'variants',
    first: { type: 'catalog-variant', id: '$custom:::$default:::V-0', attributes: { inventory_quantity: 0 } },
  },
  {
    call: (n: number) => klaviyo.catalogs.variants.bulkDelete(Array.from({ length: n }, (_, i) => `$custom:::$default:::V-${i}`)),
    path: '/api/catalog-variant-bulk-delete-jobs',
    type: 'catalog-variant-bulk-delete-job',
    key: 'variants',
    first: { type: 'catalog-variant', id: '$custom:::$default:::V-0' },
  },
  {
    call: (n: number) =>
      klaviyo.catalogs.categories.bulkCreate(
        Array.from({ length: n }, (_, i) => ({ external_id: `CAT-${i}`, name: `Category ${i}`, itemIds: THREE })),
      ),
    path: '/api/catalog-category-bulk-create-jobs',
    type: 'catalog-category-bulk-create-job',
    key: 'categories',
    first: {
      type: 'catalog-category',
      attributes: { external_id: 'CAT-0', name: 'Category 0' },
      relationships: { items: { data: THREE.map((id) => ({ type: 'catalog-item', id })) } },
    },
  },
  {
    call: (n: number) =>
      klaviyo.catalogs.categories.bulkUpdate(
        Array.from({ length: n }, (_, i) => ({ id: `$custom:::$default:::CAT-${i}`, name: 'Renamed' })),
      ),
    path: '/api/catalog-category-bulk-update-jobs',
    type: 'catalog-category-bulk-update-job',
    key: 'categories',
    first: { type: 'catalog-category', id: '$custom:::$default:::CAT-0', attributes: { name: 'Renamed' } },
  },
  {
    call: (n: number) =>
      klaviyo.catalogs.categories.bulkDelete(Array.from({ length: n }, (_, i) => `$custom:::$default:::CAT-${i}`)),
    path: '/api/catalog-category-bulk-delete-jobs',
    type: 'catalog-category-bulk-delete-job',
    key: 'categories',
    first: { type: 'catalog-category', id: '$custom:::$default:::CAT-0' },
  },
];

describe('catalog bulk jobs', () => {
  it.each(OPERATIONS)('$type: 250 entries go as jobs of 100, 100 and 50, one job handle each', async (op) => {
    const bodies = recordJobs(op.path, op.type);
    const jobs = await op.call(250);
    expect(bodies.map((b) => b.data.attributes[op.key]!.data.length)).toEqual([100, 100, 50]);
    expect(bodies.every((b) => b.data.type === op.type && Object.keys(b.data.attributes).join() === op.key)).toBe(true);
    expect(bodies[0]!.data.attributes[op.key]!.data[0]).toEqual(op.first);
    expect(jobs.map((j) => j.id)).toEqual(['job-1', 'job-2', 'job-3']);
    expect(jobs[0]).toBeInstanceOf(JobHandle);
    expect(jobs[0]!.status).toBe('queued');
  });

  it.each(OPERATIONS)('$type: exactly 100 entries are one job', async (op) => {
    const bodies = recordJobs(op.path, op.type);
    expect(await op.call(100)).toHaveLength(1);
    expect(bodies).toHaveLength(1);
  });

  it('no entries start no job and send nothing', async () => {
    expect(await klaviyo.catalogs.items.bulkCreate([])).toEqual([]);
    expect(sent).toHaveLength(0);
  });

  it('items are split so that no job carries more than 5 MB', async () => {
    const bodies: string[] = [];
    server.use(
      http.post(`${API}/api/catalog-item-bulk-create-jobs`, async ({ request }) => {
        bodies.push(await request.text());
        return HttpResponse.json(job('catalog-item-bulk-create-job', `job-${bodies.length}`, 'queued'), { status: 202 });
      }),
    );
    // 60 items of ~90 KB each: ~5.4 MB, too much for one job although well under 100 items.
    const big = Array.from({ length: 60 }, (_, i) => ({ ...item(i), description: 'x'.repeat(90_000) }));
    const jobs = await klaviyo.catalogs.items.bulkCreate(big);
    expect(jobs.length).toBe(2);
    for (const body of bodies) expect(new TextEncoder().encode(body).byteLength).toBeLessThanOrEqual(5_000_000);
    const counts = bodies.map((b) => (JSON.parse(b) as JobBody).data.attributes['items']!.data.length);
    expect(counts.reduce((a, b) => a + b)).toBe(60);
  });

  it('job.wait() reads the job until it settles and resolves to it', async () => {
    recordJobs('/api/catalog-item-bulk-create-jobs', 'catalog-item-bulk-create-job');
    const reads: string[] = [];
    server.use(
      http.get(`${API}/api/catalog-item-bulk-create-jobs/:id`, ({ params }) => {
        reads.push(params['id'] as string);
        const status = reads.length < 2 ? 'processing' : 'complete';
        return HttpResponse.json(job('catalog-item-bulk-create-job', params['id'] as string, status, 2));
      }),
    );
    const [started] = await klaviyo.catalogs.items.bulkCreate([item(1), item(2)]);
    const done = await started!.wait({ intervalMs: 1 });
    expect(reads).toEqual(['job-1', 'job-1']);
    expect(done.data.attributes.status).toBe('complete');
    expect(done.data.attributes.total_count).toBe(2);
  });

  it('refuses an entry naming a resource an earlier entry names, with every other issue, sending nothing', async () => {
    let posts = 0;
    server.use(http.post(`${API}/api/*`, () => void posts++ as never));
    // Klaviyo would fail the second create of SKU-1 inside its job, after the first was applied.
    const error = await klaviyo.catalogs.items
      .bulkCreate([item(1), item(2), { ...item(1), titel: 'x' } as never, { ...item(1), catalog_type: 'spring' }, item(2)])
      .catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([
      {
        path: 'items.2.external_id',
        message: 'names "$custom:::$default:::SKU-1" again, as items.0 does: name each catalog item once',
      },
      { path: 'items.2.titel', message: 'unknown key; did you mean "title"?' },
      {
        path: 'items.4.external_id',
        message: 'names "$custom:::$default:::SKU-2" again, as items.1 does: name each catalog item once',
      },
    ]);
    const updates = await klaviyo.catalogs.variants
      .bulkUpdate([
        { id: 'V1', price: 1 },
        { id: 'V2', price: 1 },
        { id: 'V1', price: 2 },
      ])
      .catch((e: unknown) => e);
    expect((updates as ValidationError).issues).toEqual([
      { path: 'variants.2.id', message: 'names "V1" again, as variants.0 does: name each catalog variant once' },
    ]);
    const deletes = await klaviyo.catalogs.categories.bulkDelete(['C1', 'C1']).catch((e: unknown) => e);
    expect((deletes as ValidationError).issues).toEqual([
      { path: 'ids.1', message: 'names "C1" again, as ids.0 does: name each catalog category once' },
    ]);
    expect(posts).toBe(0);
  });

  it("names every bad entry at once: the SDK's own keys, the schema's attributes and duplicates, in index order", async () => {
    let posts = 0;
    server.use(http.post(`${API}/api/*`, () => void posts++ as never));
    const entries = [
      { ...item(0), categoryIds: 'SHIRTS' },
      'SKU-1',
      { ...item(2), titel: 'x' },
      { ...item(3), categoryIds: ['A', 5] },
      item(0),
    ];
    const error = await klaviyo.catalogs.items.bulkCreate(entries as never).catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'items.0.categoryIds: must be an array, got a string',
      expect.stringMatching(/^items\.1: .*expected object, received string$/),
      'items.2.titel: unknown key; did you mean "title"?',
      'items.3.categoryIds.1: must be a string, got a number',
      'items.4.external_id: names "$custom:::$default:::SKU-0" again, as items.0 does: name each catalog item once',
    ]);
    // An empty id does not hide a duplicate.
    const deletes = await klaviyo.catalogs.items.bulkDelete(['X', '', 'X']).catch((e: unknown) => e);
    expect((deletes as ValidationError).issues).toEqual([
      { path: 'ids.1', message: 'must not be empty' },
      { path: 'ids.2', message: 'names "X" again, as ids.0 does: name each catalog item once' },
    ]);
    expect(posts).toBe(0);
  });

  it("names the helper's own key meant by a misspelt one (itemID, categoryId, ID), not a missing key and an unknown attribute", async () => {
    let posts = 0;
    server.use(http.post(`${API}/api/*`, () => void posts++ as never));
    const issuesOf = async (call: Promise<unknown>) =>
      ((await call.catch((e: unknown) => e)) as ValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(await issuesOf(klaviyo.catalogs.items.bulkCreate([{ ...item(1), categoryId: ['SHIRTS'] } as never]))).toEqual([
      'items.0.categoryId: unknown key; did you mean "categoryIds"?',
    ]);
    expect(await issuesOf(klaviyo.catalogs.variants.bulkUpdate([{ ID: 'V1', price: 1 } as never]))).toEqual([
      'variants.0.ID: unknown key; did you mean "id"?',
    ]);
    const variant = {
      external_id: 'V',
      title: 'S',
      description: 'S',
      sku: 'S',
      inventory_quantity: 1,
      price: 1,
      url: 'https://x.example',
    };
    expect(await issuesOf(klaviyo.catalogs.variants.bulkCreate([{ ...variant, itemID: 'I1' } as never]))).toEqual([
      'variants.0.itemID: unknown key; did you mean "itemId"?',
    ]);
    expect(posts).toBe(0);
  });

  it('job.wait() refuses options it cannot use before reading the job once: a bad pause polled in a loop', async () => {
    recordJobs('/api/catalog-item-bulk-create-jobs', 'catalog-item-bulk-create-job');
    let reads = 0;
    server.use(http.get(`${API}/api/catalog-item-bulk-create-jobs/:id`, () => void reads++ as never));
    const [started] = await klaviyo.catalogs.items.bulkCreate([item(1)]);
    const options = { intervalMs: Number.NaN, maxIntervalMs: 3e9, timeoutMs: -1, signal: 'stop', interval: 5 };
    const error = await started!.wait(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'interval: unknown key; did you mean "intervalMs"?',
      expect.stringMatching(/^intervalMs: must be a positive number of milliseconds, .*, got NaN$/),
      expect.stringMatching(/^maxIntervalMs: must be a positive number of milliseconds, .*, got 3000000000$/),
      expect.stringMatching(/^timeoutMs: must be a positive number of milliseconds, .*, got -1$/),
      "signal: must be an AbortSignal (an AbortController's signal, or AbortSignal.timeout(ms)), got a string",
    ]);
    const backwards = await started!.wait({ intervalMs: 5_000, maxIntervalMs: 100 }).catch((e: unknown) => e);
    expect((backwards as ValidationError).issues).toEqual([
      { path: 'maxIntervalMs', message: 'must be at least intervalMs (5000), got 100' },
    ]);
    expect(reads).toBe(0);
  });

  it('an item with categoryIds is sent with its categories relationship', async () => {
    const bodies = recordJobs('/api/catalog-item-bulk-create-jobs', 'catalog-item-bulk-create-job');
    await klaviyo.catalogs.items.bulkCreate([{ ...item(1), categoryIds: ['$custom:::$default:::SHIRTS'] }]);
    expect(bodies[0]!.data.attributes['items']!.data[0]).toEqual({
      type: 'catalog-item',
      attributes: item(1),
      relationships: { categories: { data: [{ type: 'catalog-category', id: '$custom:::$default:::SHIRTS' }] } },
    });
  });

  it('a bad item in the last job is refused, naming it by its place in the array, before any job is sent', async () => {
    const items = Array.from({ length: 250 }, (_, i) => item(i));
    const { title: _, ...untitled } = item(249);
    items[249] = untitled as CatalogItemCreate;
    const error = await klaviyo.catalogs.items.bulkCreate(items).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: 'items.249.title' })]);
    expect(sent).toHaveLength(0);
  });

  it('a misspelt attribute is refused with the attribute it was meant to be', async () => {
    // @ts-expect-error: `titel` is not an attribute of catalog items
    const error = await klaviyo.catalogs.items.bulkCreate([item(0), { ...item(1), titel: 'Shirt' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ path: 'items.1.titel', message: expect.stringContaining('did you mean "title"') }),
    ]);
    expect(sent).toHaveLength(0);
  });

  it('custom_metadata over 100 KB is refused before sending', async () => {
    const heavy = { ...item(3), custom_metadata: { notes: 'x'.repeat(103_000) } };
    const error = await klaviyo.catalogs.items.bulkCreate([item(0), heavy]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'items.1.custom_metadata' });
    expect(sent).toHaveLength(0);
  });

  it('an update without an id is refused, naming the entry', async () => {
    // @ts-expect-error: every update names the item by id
    const error = await klaviyo.catalogs.items.bulkUpdate([{ id: 'A', price: 1 }, { price: 2 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'items.1.id' });
    expect(sent).toHaveLength(0);
  });

  it('a variant without its itemId is refused, naming the entry', async () => {
    const variant = {
      external_id: 'V',
      title: 'T',
      description: 'D',
      sku: 'S',
      inventory_quantity: 1,
      price: 1,
      url: 'https://shop.example.com/v',
    };
    // @ts-expect-error: a variant belongs to an item
    const error = await klaviyo.catalogs.variants.bulkCreate([variant]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'variants.0.itemId' });
    expect(sent).toHaveLength(0);
  });

  it('an id that is not a string is refused, naming its place', async () => {
    const error = await klaviyo.catalogs.categories.bulkDelete(['A', 7 as unknown as string]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'ids.1' });
    expect(sent).toHaveLength(0);
  });

  it('a custom_metadata holding a BigInt is a ValidationError, not a TypeError', async () => {
    const error = await klaviyo.catalogs.items
      .bulkCreate([{ ...item(0), custom_metadata: { stock: 10n } }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toMatch(/^items\.0\.custom_metadata/);
    expect(sent).toHaveLength(0);
  });

  it('when a later job is refused, the accepted ones are reported with the failure', async () => {
    let calls = 0;
    server.use(
      http.post(`${API}/api/catalog-item-bulk-delete-jobs`, () => {
        calls++;
        return calls === 2
          ? HttpResponse.json({ errors: [{ status: 400, code: 'invalid', title: 'Invalid', detail: 'bad' }] }, { status: 400 })
          : HttpResponse.json(job('catalog-item-bulk-delete-job', `job-${calls}`, 'queued'), { status: 202 });
      }),
    );
    const error = await klaviyo.catalogs.items
      .bulkDelete(Array.from({ length: 150 }, (_, i) => `ID-${i}`))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).failures.map((f) => f.index)).toEqual([1]);
    expect((error as BatchError).results[0]).toMatchObject({ data: { id: 'job-1' } });
  });
});
