/** The committed schemas are exactly what the generator writes from the spec today. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_OUTPUT_DIR, listGeneratedFiles, renderSchemaFiles } from '../../scripts/generate-schemas.js';

describe('src/schemas/generated', () => {
  const files = renderSchemaFiles();

  it('holds exactly the files the generator writes (run `npx tsx scripts/generate-schemas.ts`)', () => {
    expect(listGeneratedFiles().sort()).toEqual(files.map((f) => f.path).sort());
  });

  it.each(files.map((f) => [f.path, f.content] as const))('%s is up to date', (path, content) => {
    expect(
      readFileSync(join(SCHEMAS_OUTPUT_DIR, path), 'utf8') === content,
      `${path} is stale: run npx tsx scripts/generate-schemas.ts`,
    ).toBe(true);
  });
});
