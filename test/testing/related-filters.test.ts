/**
 * Filters on a related record's id (`category.id`, `item.id`, `coupon.id`) select by the relationship, as
 * Klaviyo does: in a test against the mock they return the related records, not an empty list that looks
 * like "no data".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Klaviyo } from '../../src/index.js';
import { startMockServer, type MockServer } from '../../src/testing/index.js';

let mock: MockServer;
let klaviyo: Klaviyo;
beforeAll(async () => {
  mock = await startMockServer({ seed: 'demo', rateLimit: false });
  klaviyo = new Klaviyo({ apiKey: 'pk_test_related_filters', baseUrl: mock.url, logLevel: 'off' });
});
afterAll(() => mock.close());

describe('filters on a related id', () => {
  it("catalog items by category.id: the category's items, and none of another's", async () => {
    const apparel = await klaviyo.catalogs.items.list({ filter: { 'category.id': { equals: '$custom:::$default:::APPAREL' } } });
    expect(apparel.data.map((item) => item.id)).toEqual(['$custom:::$default:::SHIRT-1']);
    const accessories = await klaviyo.catalogs.items.list({
      filter: { 'category.id': { equals: '$custom:::$default:::ACCESSORIES' } },
    });
    expect(accessories.data.map((item) => item.id)).not.toContain('$custom:::$default:::SHIRT-1');
  });

  it('variants by item.id, coupon codes by coupon.id', async () => {
    const variants = await klaviyo.catalogs.variants.list({ filter: { 'item.id': { equals: '$custom:::$default:::SHIRT-1' } } });
    expect(variants.data.map((variant) => variant.id).sort()).toEqual([
      '$custom:::$default:::SHIRT-1-L',
      '$custom:::$default:::SHIRT-1-M',
    ]);
    const codes = await klaviyo.coupons.codes.list({ filter: { 'coupon.id': { equals: 'WELCOME10' } } });
    expect(codes.data.map((code) => code.id).sort()).toEqual(['WELCOME10-ADA', 'WELCOME10-FREE']);
    const none = await klaviyo.coupons.codes.list({ filter: { 'coupon.id': { equals: 'NO-SUCH-COUPON' } } });
    expect(none.data).toEqual([]);
  });
});
