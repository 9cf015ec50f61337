/**
 * Property: a path parameter holding `/`, `..`, `?`, `#`, `%` or whitespace is encoded into its own segment
 * or refused (`ValidationError`); it never changes the path, the query or the fragment of the request URL.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillPath } from '../../src/core/operation.js';
import { operations } from '../../src/core/operations.js';
import { ValidationError } from '../../src/index.js';
import { isWellFormed } from './well-formed.js';

const BASE = 'https://a.klaviyo.com';
const templates = [...new Set(Object.values(operations).map((op) => op.path))].filter((path) => path.includes('{'));

/** Ids made of the characters that could move a request elsewhere, and arbitrary unicode. */
const id = fc.oneof(
  fc.string({
    unit: fc.constantFrom('/', '.', '..', '?', '#', '%', '%2F', '%2e', ' ', '\t', '\n', '\\', '&', '=', 'a', 'Z', '9'),
  }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('.', '..', '../..', '%2e%2e', '/api/accounts', '?filter=x', '#top', ' ', ''),
);

describe('path parameters never change the path', () => {
  it.each(templates)('%s', (template) => {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    fc.assert(
      fc.property(fc.array(id, { minLength: names.length, maxLength: names.length }), (values) => {
        const params = Object.fromEntries(names.map((name, i) => [name, values[i]!]));
        let path: string;
        try {
          path = fillPath(template, params);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          // Refused only what encoding cannot keep in place.
          expect(values.some((v) => v.trim() === '' || v === '.' || v === '..' || !isWellFormed(v))).toBe(true);
          return;
        }
        const url = new URL(`${BASE}${path}`);
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
        const segments = url.pathname.split('/');
        const expectedSegments = template.split('/');
        expect(segments).toHaveLength(expectedSegments.length);
        expectedSegments.forEach((segment, i) => {
          const name = /^\{(\w+)\}$/.exec(segment)?.[1];
          expect(name ? decodeURIComponent(segments[i]!) : segments[i]).toBe(name ? params[name] : segment);
        });
      }),
      { numRuns: 100 },
    );
  });
});
