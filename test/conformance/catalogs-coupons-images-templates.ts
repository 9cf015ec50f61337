/** A typical call of every operation a hand-written helper of catalogs, coupons, templates and data privacy sends. */
import type { Klaviyo } from '../../src/index.js';

const ITEM = '$custom:::$default:::SHIRT-1';
const VARIANT = '$custom:::$default:::SHIRT-1-M';
const CATEGORY = '$custom:::$default:::SHIRTS';
const item = {
  external_id: 'SHIRT-1',
  title: 'Ocean Blue Shirt',
  description: 'Cotton',
  url: 'https://shop.example.com/shirt-1',
  price: 42,
  categoryIds: [CATEGORY],
};
const variant = {
  external_id: 'SHIRT-1-M',
  title: 'Ocean Blue Shirt, M',
  description: 'Cotton, size M',
  sku: 'SHIRT-1-M',
  inventory_quantity: 12,
  price: 42,
  url: 'https://shop.example.com/shirt-1?size=m',
  itemId: ITEM,
};

export const calls: Record<string, (k: Klaviyo) => Promise<unknown>> = {
  bulk_create_catalog_items: (k) => k.catalogs.items.bulkCreate([item]),
  bulk_update_catalog_items: (k) => k.catalogs.items.bulkUpdate([{ id: ITEM, price: 39 }]),
  bulk_delete_catalog_items: (k) => k.catalogs.items.bulkDelete([ITEM]),
  bulk_create_catalog_variants: (k) => k.catalogs.variants.bulkCreate([variant]),
  bulk_update_catalog_variants: (k) => k.catalogs.variants.bulkUpdate([{ id: VARIANT, inventory_quantity: 0 }]),
  bulk_delete_catalog_variants: (k) => k.catalogs.variants.bulkDelete([VARIANT]),
  bulk_create_catalog_categories: (k) => k.catalogs.categories.bulkCreate([{ external_id: 'SHIRTS', name: 'Shirts' }]),
  bulk_update_catalog_categories: (k) => k.catalogs.categories.bulkUpdate([{ id: CATEGORY, name: 'All shirts' }]),
  bulk_delete_catalog_categories: (k) => k.catalogs.categories.bulkDelete([CATEGORY]),
  bulk_create_coupon_codes: (k) => k.coupons.codes.bulkCreate([{ unique_code: 'SPRING-001', couponId: 'SPRING10' }]),
  render_template: (k) => k.templates.render('RipRmi', { first_name: 'Sarah' }),
  request_profile_deletion: (k) => k.dataPrivacy.requestDeletion({ email: 'sarah.mason@klaviyo-demo.com' }),
};
