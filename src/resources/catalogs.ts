/**
 * Catalogs: the items (products), their variants and the categories they are in, created, updated and
 * deleted in bulk as jobs (https://developers.klaviyo.com/en/reference/catalogs_api_overview).
 */
import { utf8ByteLength } from '../core/runtime.js';
import type { ValidationIssue } from '../core/errors.js';
import { checkArray, idListIssues, isPlainObject, misspeltKeys, stringProblem } from '../core/known-keys.js';
import type { OperationId } from '../core/operations.js';
import type { RequestOptions } from '../core/transport.js';
import { BULK_ENVELOPE_BYTES, type BulkJob, type BulkJobKind, BulkJobsResource, UNSENT, type WireResource } from './bulk-jobs.js';
import type { RequestBodyOf } from './resource.js';

/**
 * Klaviyo's limits on catalog bulk jobs. Every bulk catalog operation's description in the spec: "Accepts up
 * to 100 catalog items per request. The maximum allowed payload size is 5MB." (read as 5,000,000 bytes, to
 * be safe either way); item and variant attributes: "custom_metadata … May not exceed 100kb".
 */
export const CATALOG_JOB_LIMITS = {
  /** Items, variants or categories per job. */
  resources: 100,
  /** Bytes of one job's JSON payload. */
  payloadBytes: 5_000_000,
  /** Bytes of one item's or variant's `custom_metadata`, as JSON. */
  customMetadataBytes: 100 * 1024,
} as const;

type JobResource<Id extends OperationId, Key extends string> =
  RequestBodyOf<Id> extends { data: { attributes: Record<Key, { data: readonly (infer R)[] }> } } ? R : never;
type AttributesOf<Id extends OperationId, Key extends string> = JobResource<Id, Key> extends { attributes: infer A } ? A : never;

/** Attributes of a new catalog item: `external_id`, `title`, `description` and `url`, plus `price`, `image_full_url`, `custom_metadata`, `published`, …. */
export type CatalogItemCreateAttributes = AttributesOf<'bulk_create_catalog_items', 'items'>;
/** Attributes to change on a catalog item (`title`, `price`, `published`, …); a missing key is left alone. */
export type CatalogItemUpdateAttributes = AttributesOf<'bulk_update_catalog_items', 'items'>;
/** Attributes of a new variant: `external_id`, `title`, `description`, `sku`, `inventory_quantity`, `price` and `url`, plus optional ones. */
export type CatalogVariantCreateAttributes = AttributesOf<'bulk_create_catalog_variants', 'variants'>;
/** Attributes to change on a variant (`price`, `inventory_quantity`, `inventory_policy`, …). */
export type CatalogVariantUpdateAttributes = AttributesOf<'bulk_update_catalog_variants', 'variants'>;
/** Attributes of a new category: `external_id` and `name`. */
export type CatalogCategoryCreateAttributes = AttributesOf<'bulk_create_catalog_categories', 'categories'>;
/** Attributes to change on a category (`name`). */
export type CatalogCategoryUpdateAttributes = AttributesOf<'bulk_update_catalog_categories', 'categories'>;

// The SDK's own keys are camelCase (`id`, `categoryIds`); every other key is one of Klaviyo's attributes,
// which are snake_case, so the two never collide.

/** One catalog item to create: its attributes, and the ids of the categories it is in. */
export type CatalogItemCreate = CatalogItemCreateAttributes & {
  /** Category ids (`$custom:::$default:::<external_id>`) the item is in. */
  categoryIds?: readonly string[];
};
/** One catalog item to update: its id (`$custom:::$default:::<external_id>`), the attributes to change, and its categories. */
export type CatalogItemUpdate = CatalogItemUpdateAttributes & {
  /** The item's id, `$custom:::$default:::<external_id>`. */
  id: string;
  /** The ids of every category the item is in (the item's categories become these). */
  categoryIds?: readonly string[];
};
/** One variant to create: its attributes and the id of its item. */
export type CatalogVariantCreate = CatalogVariantCreateAttributes & {
  /** The id of the item this is a variant of, `$custom:::$default:::<external_id>`. */
  itemId: string;
};
/** One variant to update: its id (`$custom:::$default:::<external_id>`) and the attributes to change. */
export type CatalogVariantUpdate = CatalogVariantUpdateAttributes & {
  /** The variant's id, `$custom:::$default:::<external_id>`. */
  id: string;
};
/** One category to create: its attributes, and the ids of the items in it. */
export type CatalogCategoryCreate = CatalogCategoryCreateAttributes & {
  /** Ids of the items in the category (`$custom:::$default:::<external_id>`). */
  itemIds?: readonly string[];
};
/** One category to update: its id, the attributes to change, and the items in it. */
export type CatalogCategoryUpdate = CatalogCategoryUpdateAttributes & {
  /** The category's id, `$custom:::$default:::<external_id>`. */
  id: string;
  /** The ids of every item in the category (the category's items become these). */
  itemIds?: readonly string[];
};

/** A job creating catalog items; `wait()` resolves to the settled job (`completed_count`, `failed_count`, `errors`). */
export type CatalogItemBulkCreateJob = BulkJob<'bulk_create_catalog_items', 'get_bulk_create_catalog_items_job'>;
/** A job updating catalog items; `wait()` resolves to the settled job. */
export type CatalogItemBulkUpdateJob = BulkJob<'bulk_update_catalog_items', 'get_bulk_update_catalog_items_job'>;
/** A job deleting catalog items; `wait()` resolves to the settled job. */
export type CatalogItemBulkDeleteJob = BulkJob<'bulk_delete_catalog_items', 'get_bulk_delete_catalog_items_job'>;
/** A job creating variants; `wait()` resolves to the settled job. */
export type CatalogVariantBulkCreateJob = BulkJob<'bulk_create_catalog_variants', 'get_bulk_create_variants_job'>;
/** A job updating variants; `wait()` resolves to the settled job. */
export type CatalogVariantBulkUpdateJob = BulkJob<'bulk_update_catalog_variants', 'get_bulk_update_variants_job'>;
/** A job deleting variants; `wait()` resolves to the settled job. */
export type CatalogVariantBulkDeleteJob = BulkJob<'bulk_delete_catalog_variants', 'get_bulk_delete_variants_job'>;
/** A job creating categories; `wait()` resolves to the settled job. */
export type CatalogCategoryBulkCreateJob = BulkJob<'bulk_create_catalog_categories', 'get_bulk_create_categories_job'>;
/** A job updating categories; `wait()` resolves to the settled job. */
export type CatalogCategoryBulkUpdateJob = BulkJob<'bulk_update_catalog_categories', 'get_bulk_update_categories_job'>;
/** A job deleting categories; `wait()` resolves to the settled job. */
export type CatalogCategoryBulkDeleteJob = BulkJob<'bulk_delete_catalog_categories', 'get_bulk_delete_categories_job'>;

/**
 * The resource a catalog entry names: an update's or a delete's `id`, or the id a create gets from its
 * `external_id` (`$custom:::$default:::SKU-1`, with the entry's integration and catalog types when given).
 */
function catalogIdentity(resource: WireResource): { id: string; at: string } | undefined {
  if (resource.id !== undefined) return { id: resource.id, at: resource.attributes ? 'id' : '' };
  const { external_id: externalId, integration_type: integration, catalog_type: catalog } = resource.attributes ?? {};
  if (typeof externalId !== 'string') return undefined;
  const id = `${typeof integration === 'string' ? integration : '$custom'}:::${typeof catalog === 'string' ? catalog : '$default'}:::${externalId}`;
  return { id, at: 'external_id' };
}

/** A catalog bulk job kind: `catalog-item-bulk-create-job` is called "catalog item bulk create job" in messages. */
function catalogJob<Start extends OperationId, Read extends OperationId>(
  start: Start,
  read: Read,
  type: string,
  key: 'items' | 'variants' | 'categories',
): BulkJobKind<Start, Read> {
  const maxBytes = CATALOG_JOB_LIMITS.payloadBytes - BULK_ENVELOPE_BYTES;
  const kind = type.replaceAll('-', ' ');
  return { start, read, type, key, kind, maxItems: CATALOG_JOB_LIMITS.resources, maxBytes, identity: catalogIdentity };
}

const JOBS = {
  createItems: catalogJob(
    'bulk_create_catalog_items',
    'get_bulk_create_catalog_items_job',
    'catalog-item-bulk-create-job',
    'items',
  ),
  updateItems: catalogJob(
    'bulk_update_catalog_items',
    'get_bulk_update_catalog_items_job',
    'catalog-item-bulk-update-job',
    'items',
  ),
  deleteItems: catalogJob(
    'bulk_delete_catalog_items',
    'get_bulk_delete_catalog_items_job',
    'catalog-item-bulk-delete-job',
    'items',
  ),
  createVariants: catalogJob(
    'bulk_create_catalog_variants',
    'get_bulk_create_variants_job',
    'catalog-variant-bulk-create-job',
    'variants',
  ),
  updateVariants: catalogJob(
    'bulk_update_catalog_variants',
    'get_bulk_update_variants_job',
    'catalog-variant-bulk-update-job',
    'variants',
  ),
  deleteVariants: catalogJob(
    'bulk_delete_catalog_variants',
    'get_bulk_delete_variants_job',
    'catalog-variant-bulk-delete-job',
    'variants',
  ),
  createCategories: catalogJob(
    'bulk_create_catalog_categories',
    'get_bulk_create_categories_job',
    'catalog-category-bulk-create-job',
    'categories',
  ),
  updateCategories: catalogJob(
    'bulk_update_catalog_categories',
    'get_bulk_update_categories_job',
    'catalog-category-bulk-update-job',
    'categories',
  ),
  deleteCategories: catalogJob(
    'bulk_delete_catalog_categories',
    'get_bulk_delete_categories_job',
    'catalog-category-bulk-delete-job',
    'categories',
  ),
};

/**
 * The hand-written methods of `klaviyo.catalogs.items` (src/resources/generated/catalogs.ts adds the rest):
 * any number of items, sent as jobs of 100 items and at most 5 MB, every item checked before the first job.
 */
export abstract class CatalogItemsHelpers extends BulkJobsResource {
  /**
   * Creates any number of catalog items in the background: 100 items (and at most 5 MB) per job, one waitable
   * job handle each, in order. Every item is checked before the first job is sent. Not re-sent after a 5xx;
   * jobs already accepted go on if a later one fails (`BatchError` says which).
   * `bulk_create_catalog_items` · POST /api/catalog-item-bulk-create-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for a bad item (`items.3.title`), a `custom_metadata` over 100 KB, an item over 5 MB, or one naming what an earlier one names (`names "…" again`); nothing is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_create_catalog_items
   */
  async bulkCreate(items: readonly CatalogItemCreate[], options?: RequestOptions): Promise<CatalogItemBulkCreateJob[]> {
    const { wire, issues } = catalogEntries(items, 'catalogs.items.bulkCreate', 'items', 'catalog-item', { related: CATEGORIES });
    return this.startBulkJobs(JOBS.createItems, wire, 'items', options, issues);
  }

  /**
   * Updates any number of catalog items in the background, each named by its `id`: 100 items per job, one
   * job handle each. With `categoryIds`, the item's categories become exactly those.
   * `bulk_update_catalog_items` · POST /api/catalog-item-bulk-update-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for a bad item (`items.3.id`), or one naming what an earlier one names (`names "…" again`), before anything is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_update_catalog_items
   */
  async bulkUpdate(items: readonly CatalogItemUpdate[], options?: RequestOptions): Promise<CatalogItemBulkUpdateJob[]> {
    const { wire, issues } = catalogEntries(items, 'catalogs.items.bulkUpdate', 'items', 'catalog-item', {
      id: true,
      related: CATEGORIES,
    });
    return this.startBulkJobs(JOBS.updateItems, wire, 'items', options, issues);
  }

  /**
   * Deletes any number of catalog items, by id (`$custom:::$default:::<external_id>`): 100 per job, one job
   * handle each.
   * `bulk_delete_catalog_items` · POST /api/catalog-item-bulk-delete-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for an id that is not a non-empty string (`ids.3`), or one naming what an earlier one names (`names "…" again`), before anything is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_delete_catalog_items
   */
  async bulkDelete(ids: readonly string[], options?: RequestOptions): Promise<CatalogItemBulkDeleteJob[]> {
    const { wire, issues } = catalogIds(ids, 'catalogs.items.bulkDelete', 'catalog-item');
    return this.startBulkJobs(JOBS.deleteItems, wire, 'ids', options, issues);
  }
}

/**
 * The hand-written methods of `klaviyo.catalogs.variants` (src/resources/generated/catalogs.ts adds the
 * rest): any number of variants, sent as jobs of 100 and at most 5 MB, every variant checked first.
 */
export abstract class CatalogVariantsHelpers extends BulkJobsResource {
  /**
   * Creates any number of variants in the background, each naming its item by `itemId`: 100 variants (and
   * at most 5 MB) per job, one job handle each. Not re-sent after a 5xx.
   * `bulk_create_catalog_variants` · POST /api/catalog-variant-bulk-create-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for a bad variant (`variants.3.sku`, `variants.3.itemId`), or one naming what an earlier one names (`names "…" again`), before anything is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_create_catalog_variants
   */
  async bulkCreate(variants: readonly CatalogVariantCreate[], options?: RequestOptions): Promise<CatalogVariantBulkCreateJob[]> {
    const { wire, issues } = catalogEntries(variants, 'catalogs.variants.bulkCreate', 'variants', 'catalog-variant', {
      related: ITEM,
    });
    return this.startBulkJobs(JOBS.createVariants, wire, 'variants', options, issues);
  }

  /**
   * Updates any number of variants in the background, each named by its `id`: 100 per job, one job handle each.
   * `bulk_update_catalog_variants` · POST /api/catalog-variant-bulk-update-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for a bad variant (`variants.3.price`), or one naming what an earlier one names (`names "…" again`), before anything is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_update_catalog_variants
   */
  async bulkUpdate(variants: readonly CatalogVariantUpdate[], options?: RequestOptions): Promise<CatalogVariantBulkUpdateJob[]> {
    const { wire, issues } = catalogEntries(variants, 'catalogs.variants.bulkUpdate', 'variants', 'catalog-variant', {
      id: true,
    });
    return this.startBulkJobs(JOBS.updateVariants, wire, 'variants', options, issues);
  }

  /**
   * Deletes any number of variants, by id: 100 per job, one job handle each.
   * `bulk_delete_catalog_variants` · POST /api/catalog-variant-bulk-delete-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for an id that is not a non-empty string (`ids.3`), or one naming what an earlier one names (`names "…" again`), before anything is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_delete_catalog_variants
   */
  async bulkDelete(ids: readonly string[], options?: RequestOptions): Promise<CatalogVariantBulkDeleteJob[]> {
    const { wire, issues } = catalogIds(ids, 'catalogs.variants.bulkDelete', 'catalog-variant');
    return this.startBulkJobs(JOBS.deleteVariants, wire, 'ids', options, issues);
  }
}

/**
 * The hand-written methods of `klaviyo.catalogs.categories` (src/resources/generated/catalogs.ts adds the
 * rest): any number of categories, sent as jobs of 100 and at most 5 MB, every category checked first.
 */
export abstract class CatalogCategoriesHelpers extends BulkJobsResource {
  /**
   * Creates any number of categories in the background, with the items in each (`itemIds`): 100 categories
   * per job, one job handle each. Not re-sent after a 5xx.
   * `bulk_create_catalog_categories` · POST /api/catalog-category-bulk-create-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for a bad category (`categories.3.name`), or one naming what an earlier one names (`names "…" again`), before anything is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_create_catalog_categories
   */
  async bulkCreate(
    categories: readonly CatalogCategoryCreate[],
    options?: RequestOptions,
  ): Promise<CatalogCategoryBulkCreateJob[]> {
    const { wire, issues } = catalogEntries(categories, 'catalogs.categories.bulkCreate', 'categories', 'catalog-category', {
      related: ITEMS,
    });
    return this.startBulkJobs(JOBS.createCategories, wire, 'categories', options, issues);
  }

  /**
   * Updates any number of categories in the background, each named by its `id`: 100 per job, one job handle
   * each. With `itemIds`, the category's items become exactly those.
   * `bulk_update_catalog_categories` · POST /api/catalog-category-bulk-update-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for a bad category (`categories.3.id`), or one naming what an earlier one names (`names "…" again`), before anything is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_update_catalog_categories
   */
  async bulkUpdate(
    categories: readonly CatalogCategoryUpdate[],
    options?: RequestOptions,
  ): Promise<CatalogCategoryBulkUpdateJob[]> {
    const { wire, issues } = catalogEntries(categories, 'catalogs.categories.bulkUpdate', 'categories', 'catalog-category', {
      id: true,
      related: ITEMS,
    });
    return this.startBulkJobs(JOBS.updateCategories, wire, 'categories', options, issues);
  }

  /**
   * Deletes any number of categories, by id: 100 per job, one job handle each.
   * `bulk_delete_catalog_categories` · POST /api/catalog-category-bulk-delete-jobs · tier L · scopes catalogs:write.
   * @throws {ValidationError} for an id that is not a non-empty string (`ids.3`), or one naming what an earlier one names (`names "…" again`), before anything is sent.
   * @see https://developers.klaviyo.com/en/reference/bulk_delete_catalog_categories
   */
  async bulkDelete(ids: readonly string[], options?: RequestOptions): Promise<CatalogCategoryBulkDeleteJob[]> {
    const { wire, issues } = catalogIds(ids, 'catalogs.categories.bulkDelete', 'catalog-category');
    return this.startBulkJobs(JOBS.deleteCategories, wire, 'ids', options, issues);
  }
}

/** An SDK key naming related resources by id, and the JSON:API relationship it becomes. */
interface Related {
  key: string;
  relationship: string;
  type: string;
  /** A list of ids (`categoryIds`), or one required id (`itemId`). */
  many: boolean;
}

const CATEGORIES: Related = { key: 'categoryIds', relationship: 'categories', type: 'catalog-category', many: true };
const ITEMS: Related = { key: 'itemIds', relationship: 'items', type: 'catalog-item', many: true };
const ITEM: Related = { key: 'itemId', relationship: 'item', type: 'catalog-item', many: false };

/**
 * One entry as Klaviyo takes it: `{ type, id?, attributes, relationships? }`, its attributes being every key
 * but the SDK's own (`id` for updates, the related ids). The attributes are checked against the operation's
 * schema with the whole job's body, so an unknown key is refused there, with a suggestion. Problems with the
 * SDK's own keys go to `issues`, and those keys get a placeholder of the right shape, so that the schema's
 * check of the same entry does not say them again (nothing is sent while `issues` has any). An entry that is
 * not an object goes to that check as it is, which names it (`items.3: … expected object, received string`).
 */
function catalogResource(
  entry: unknown,
  at: string,
  type: string,
  shape: { id?: true; related?: Related },
  issues: ValidationIssue[],
): WireResource {
  if (!isPlainObject(entry)) return entry as WireResource;
  const fail = (path: string, message: string) => void issues.push({ path, message });
  const attributes: Record<string, unknown> = { ...entry };
  const resource: WireResource = { type };
  // `itemID` for `itemId`: named as the SDK key meant (the schema would list only attributes), and its
  // absence not said again.
  const own = [...(shape.id ? ['id'] : []), ...(shape.related ? [shape.related.key] : [])];
  const typos = misspeltKeys(entry, own, at);
  issues.push(...typos.issues);
  for (const key of typos.misspelt.keys()) delete attributes[key];
  const meant = new Set(typos.misspelt.values());
  if (shape.id) {
    const problem = stringProblem(entry['id']);
    if (problem && !meant.has('id')) fail(`${at}.id`, problem);
    resource.id = problem ? UNSENT : (entry['id'] as string);
    delete attributes['id'];
  }
  resource.attributes = attributes;
  const related = shape.related;
  if (related) {
    const value = entry[related.key];
    delete attributes[related.key];
    const path = `${at}.${related.key}`;
    if (related.many && value !== undefined) {
      const problems = idListIssues(value, path);
      issues.push(...problems);
      const ids = problems.length ? [] : (value as string[]);
      resource.relationships = { [related.relationship]: { data: ids.map((id) => ({ type: related.type, id })) } };
    } else if (!related.many) {
      const problem = stringProblem(value);
      if (problem && !meant.has(related.key)) fail(path, problem);
      resource.relationships = { [related.relationship]: { data: { type: related.type, id: problem ? UNSENT : value } } };
    }
  }
  const metadata = attributes['custom_metadata'];
  // Klaviyo's limit on one attribute: measured here, as Klaviyo would refuse the item only inside the job. A
  // value JSON cannot hold (a BigInt, a cycle) is named by the check of the whole body before it is sent.
  const bytes = metadata == null ? 0 : jsonBytes(metadata);
  if (bytes > CATALOG_JOB_LIMITS.customMetadataBytes) {
    fail(`${at}.custom_metadata`, `is ${bytes} bytes of JSON; Klaviyo takes at most 100 KB`);
  }
  return resource;
}

/** Every entry of a catalog helper's array as Klaviyo takes it, and the problems of the SDK's own keys. */
function catalogEntries(
  entries: readonly unknown[],
  what: string,
  argument: string,
  type: string,
  shape: { id?: true; related?: Related },
): { wire: WireResource[]; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const wire = checkArray(entries, what, argument).map((entry, i) =>
    catalogResource(entry, `${argument}.${i}`, type, shape, issues),
  );
  return { wire, issues };
}

/** A delete helper's ids as Klaviyo takes them, and their problems. */
function catalogIds(ids: readonly string[], what: string, type: string): { wire: WireResource[]; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  return { wire: identifiers(checkArray(ids, what, 'ids'), type, issues), issues };
}

/** The bytes of `value`'s JSON, or 0 when it has none (`startBulkJobs` refuses such a value). */
function jsonBytes(value: unknown): number {
  try {
    return utf8ByteLength(JSON.stringify(value) ?? '');
  } catch {
    return 0;
  }
}

/** `['a', 'b']` → `[{ type, id: 'a' }, { type, id: 'b' }]`, each id's problem in `issues` (`ids.3`). */
function identifiers(ids: readonly string[], type: string, issues: ValidationIssue[]): WireResource[] {
  return ids.map((id, i) => {
    const problem = stringProblem(id);
    if (problem) issues.push({ path: `ids.${i}`, message: problem });
    return { type, id: problem ? UNSENT : id };
  });
}
