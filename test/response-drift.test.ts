/**
 * The field reports of "responses that differ from the spec", replayed through the real client and the
 * generated 2026-07-15 schemas: a read never fails, the data comes back as Klaviyo sent it, and the
 * mismatch is reported (`'warn'`) or thrown (`'strict'`) with a message that says where.
 */
import { describe, expect, it } from 'vitest';
import { Klaviyo, ValidationError } from '../src/index.js';
import { jsonApi, recordingLogger, scriptedFetch, TEST_KEY } from './helpers.js';

const links = { self: 'https://a.klaviyo.com/api/x' };

function client(body: unknown, options: { responseValidation?: 'warn' | 'strict' | 'off' } = {}) {
  const logger = recordingLogger();
  const { fetch } = scriptedFetch(jsonApi(200, body));
  const klaviyo = new Klaviyo({ apiKey: TEST_KEY, fetch, rateLimit: false, logger, ...options });
  return { klaviyo, logger };
}

const segment = (definition: unknown) => ({
  type: 'segment',
  id: 'S1',
  attributes: {
    name: 'VIP',
    definition,
    created: '2026-01-01T00:00:00Z',
    updated: '2026-01-01T00:00:00Z',
    is_active: true,
    is_processing: false,
    is_starred: false,
  },
  links,
});

describe('segments.list with a sparse fieldset', () => {
  it('returns segments carrying only the name it asked for, without a warning, even in strict mode', async () => {
    const sparse = { data: [{ type: 'segment', id: 'S1', attributes: { name: 'VIP' }, links }], links };
    const { klaviyo, logger } = client(sparse, { responseValidation: 'strict' });

    const page = await klaviyo.segments.list({ fields: { segment: ['name'] } });

    expect(page.data[0]?.attributes).toEqual({ name: 'VIP' });
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toEqual([]);
  });
});

describe('a segment whose definition holds a condition type the spec does not list yet', () => {
  const brandNew = { type: 'profile-brand-new-condition', brand_new_field: { quantity: 3 } };
  const document = { data: segment({ condition_groups: [{ conditions: [brandNew] }] }), links };

  it('comes back as sent, even in strict mode', async () => {
    const { klaviyo } = client(document, { responseValidation: 'strict' });
    const { data } = await klaviyo.segments.get('S1');
    expect(data.attributes.definition).toEqual({ condition_groups: [{ conditions: [brandNew] }] });
  });
});

describe('a known condition type that is malformed', () => {
  const malformed = { type: 'profile-postal-code-distance', country_code: 'US', postal_code: 12345, unit: 'miles' };
  const document = { data: segment({ condition_groups: [{ conditions: [malformed] }] }), links };

  it('is named by the member of its own kind in strict mode, not "Invalid input"', async () => {
    const { klaviyo } = client(document, { responseValidation: 'strict' });
    const error = await klaviyo.segments.get('S1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((issue) => issue.path);
    expect(paths.some((path) => path.endsWith('conditions[].postal_code'))).toBe(true);
    expect((error as ValidationError).message).not.toContain('Invalid input');
  });

  it('is returned as sent with one warning in the default mode', async () => {
    const { klaviyo, logger } = client(document);
    const { data } = await klaviyo.segments.get('S1');
    expect(data.attributes.definition).toEqual({ condition_groups: [{ conditions: [malformed] }] });
    expect(logger.lines.filter((line) => line.startsWith('warn') && line.includes('postal_code'))).toHaveLength(1);
  });
});
