import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOperations, OUTPUT_FILE, readInScopeOperations, readSpec } from '../scripts/generate-operations.js';
import { findOperationId, operations } from '../src/core/operations.js';
import { VERSION } from '../src/version.js';
import { operations as everyOperation, registerOperations } from '../src/core/operations.js';

// These call the core by operation id, as `Klaviyo` does once it has registered the whole table (a bare
// `KlaviyoCore` knows the operations its functions pass: test/operations-layer.test.ts).
registerOperations(everyOperation);

describe('the generated operation table', () => {
  it('is up to date with the spec (run `npm run generate` if this fails)', () => {
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toBe(renderOperations());
  });

  it('holds all 345 operations of the revision, each with the spec’s method, path and rate limits', () => {
    const spec = readSpec();
    const ids = readInScopeOperations().map((o) => o.id);
    expect(ids).toHaveLength(345);
    expect(Object.keys(operations).sort()).toEqual([...ids].sort());
    for (const [id, op] of Object.entries(operations)) {
      const specOp = spec.paths[op.path][op.method.toLowerCase()];
      expect(specOp.operationId, id).toBe(id);
      const rl = specOp['x-klaviyo-ratelimit'];
      expect(`${op.limits.burst}/s`, id).toBe(rl.burst);
      expect(`${op.limits.steady}/m`, id).toBe(rl.steady);
      expect('daily' in op.limits ? `${(op.limits as { daily: number }).daily}/d` : undefined, id).toBe(rl.daily);
    }
    console.log(`operation table: ${Object.keys(operations).length}/345 operations match the spec`);
  });

  it('covers every category of 2026-07-15 whole', () => {
    const perGroup: Record<string, number> = {};
    for (const op of Object.values(operations)) perGroup[op.group] = (perGroup[op.group] ?? 0) + 1;
    expect(perGroup).toEqual({
      profiles: 38,
      campaigns: 26,
      metrics: 24,
      flows: 21,
      lists: 13,
      segments: 11,
      events: 8,
      reports: 7,
      catalogs: 55,
      customObjects: 39,
      tags: 26,
      coupons: 17,
      templates: 12,
      client: 12,
      forms: 9,
      webhooks: 7,
      images: 5,
      webFeeds: 5,
      reviews: 3,
      trackingSettings: 3,
      accounts: 2,
      conversations: 1,
      dataPrivacy: 1,
    });
  });

  it('finds the operation of a concrete path, so request() calls get the right bucket', () => {
    expect(findOperationId('GET', '/api/profiles')).toBe('get_profiles');
    expect(findOperationId('GET', '/api/profiles/01H')).toBe('get_profile');
    expect(findOperationId('POST', '/api/lists/Y6nRLr/relationships/profiles')).toBe('add_profiles_to_list');
    expect(findOperationId('DELETE', '/api/lists/Y6nRLr/relationships/profiles')).toBe('remove_profiles_from_list');
    expect(findOperationId('GET', '/api/accounts')).toBe('get_accounts');
    expect(findOperationId('GET', '/api/catalog-items/%24custom%3A%3A%3A%24default%3A%3A%3ASKU-1')).toBe('get_catalog_item');
    expect(findOperationId('POST', '/client/events')).toBe('create_client_event');
    expect(findOperationId('POST', '/api/image-upload')).toBe('upload_image_from_file');
    expect(findOperationId('GET', '/api/no-such-thing')).toBeUndefined();
  });
});

describe('the package', () => {
  it('sends the version package.json declares', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
