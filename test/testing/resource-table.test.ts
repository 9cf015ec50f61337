/**
 * The mock's resource table (src/testing/resources.generated.ts) is what scripts/generate-mock-resources.ts reads
 * from the spec: a spec change that adds a type or a relationship shows here until the table is regenerated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations } from '../../src/core/operations.generated.js';
import { routeShape } from '../../src/testing/relations.js';
import { ANSWER_TYPES, REQUEST_TYPES } from '../../src/testing/resources.generated.js';
import { renderResourceTable, TABLE_FILE } from '../../scripts/generate-mock-resources.js';

describe('the resource table', () => {
  it('is what the generator reads from the spec (run `npm run generate` when it is not)', async () => {
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(await renderResourceTable());
  });

  it('knows the type of every write body and of every answer with a body', () => {
    for (const [id, op] of Object.entries(operations)) {
      if (op.method === 'GET') expect(ANSWER_TYPES[id], id).toBeDefined();
      if ((op.method === 'POST' || op.method === 'PATCH') && !('multipart' in op)) expect(REQUEST_TYPES[id], id).toBeDefined();
    }
  });

  it('gives every relationship route a relationship of the type it is under', () => {
    const related = Object.values(operations).filter((op) => /\/\{\w+\}\/(relationships\/)?[^/{}]+$/.test(op.path));
    for (const op of related) expect(routeShape(op.path), op.path).toBeDefined();
  });
});
