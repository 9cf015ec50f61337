/**
 * Every resource method's TSDoc tells the user which Klaviyo operation it calls, with the verb and path,
 * the rate-limit tier and the scopes their key needs, and these agree with the spec's table.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations } from '../src/core/operations.js';

// Generated methods (src/resources/generated/) and hand-written ones (src/resources/*.ts) alike.
const docs = readdirSync('src/resources', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(`src/resources/${file}`, 'utf8'))
  .join('\n')
  .replace(/\n\s*\*\s*/g, ' '); // TSDoc lines joined into running text

describe('resource method documentation', () => {
  it.each(Object.entries(operations))('%s names its verb and path, tier and scopes', (id, op) => {
    const at = docs.indexOf(`\`${id}\` · ${op.method} ${op.path} · `);
    expect(at, `no TSDoc reads "\`${id}\` · ${op.method} ${op.path} · …"`).toBeGreaterThanOrEqual(0);
    const line = docs.slice(at, at + 300);
    expect(line).toMatch(new RegExp(`tier ${op.tier}\\b|${op.tier} tier`));
    for (const scope of op.scopes) expect(line, `scope ${scope}`).toContain(scope);
  });
});
