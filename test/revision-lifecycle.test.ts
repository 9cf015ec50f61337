/** What a user of `new Klaviyo({ revision })` sees of Klaviyo's revision lifecycle. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_REVISION, Klaviyo } from '../src/index.js';
import { jsonApi, recordingLogger, scriptedFetch, TEST_KEY } from './helpers.js';

describe('the revision a client sends', () => {
  it('is 2026-07-15 by default, the revision the SDK is typed for', async () => {
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: [], links: { self: 'x' } }));
    await new Klaviyo({ apiKey: TEST_KEY, fetch, rateLimit: false }).lists.list();
    expect(DEFAULT_REVISION).toBe('2026-07-15');
    expect(requests[0]!.headers.get('revision')).toBe('2026-07-15');
  });

  it('logs one warning that 2024-10-15 is retired, however many clients and calls use it', async () => {
    const logger = recordingLogger();
    const { fetch, requests } = scriptedFetch(jsonApi(200, { data: [], links: { self: 'x' } }));
    for (let i = 0; i < 2; i++) {
      const klaviyo = new Klaviyo({ apiKey: TEST_KEY, fetch, rateLimit: false, logger, revision: '2024-10-15' });
      await klaviyo.lists.list();
    }
    const warnings = logger.lines.filter((line) => line.startsWith('warn') && line.includes('2024-10-15'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/retired/);
    expect(warnings[0]).toContain('2026-10-15');
    expect(requests[0]!.headers.get('revision')).toBe('2024-10-15');
  });
});
