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

const campaignMessage = (definition: unknown) => ({
  data: {
    type: 'campaign-message',
    id: 'M1',
    attributes: { definition, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' },
    links,
  },
  links,
});

describe('a campaign message of a channel the spec does not list yet', () => {
  const whatsapp = { channel: 'whatsapp', content: { body: 'Hi {{ first_name }}' }, template_id: 'wa_1' };
  const document = campaignMessage(whatsapp);
  const report = 'data.attributes.definition: a channel the spec does not list ("whatsapp"); listed: email, sms, mobile_push';

  it('comes back as sent, with one warning naming the path and the channel', async () => {
    const { klaviyo, logger } = client(document);
    const { data } = await klaviyo.campaigns.messages.get('M1');
    expect(data.attributes.definition).toEqual(whatsapp);
    const warnings = logger.lines.filter((line) => line.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`differs from the documented schema at ${report}.`);
    expect(warnings[0]).not.toContain('union members');
  });

  it('is warned about once per operation and path, however often it is read', async () => {
    const logger = recordingLogger();
    const { fetch } = scriptedFetch(jsonApi(200, document), jsonApi(200, document));
    const klaviyo = new Klaviyo({ apiKey: TEST_KEY, fetch, rateLimit: false, logger });
    await klaviyo.campaigns.messages.get('M1');
    await klaviyo.campaigns.messages.get('M1');
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);
  });

  it('throws ValidationError naming it in strict mode, the body attached as sent', async () => {
    const { klaviyo } = client(document, { responseValidation: 'strict' });
    const error = await klaviyo.campaigns.messages.get('M1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const { issues, body } = error as ValidationError;
    expect(issues.map(({ path, message }) => `${path}: ${message}`)).toEqual([report]);
    expect(body).toEqual(document);
  });

  it("is returned without a word when responseValidation is 'off'", async () => {
    const { klaviyo, logger } = client(document, { responseValidation: 'off' });
    const { data } = await klaviyo.campaigns.messages.get('M1');
    expect(data.attributes.definition).toEqual(whatsapp);
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toEqual([]);
  });
});

describe('a segment whose definition holds a condition type the spec does not list yet', () => {
  const brandNew = { type: 'profile-brand-new-condition', brand_new_field: { quantity: 3 } };
  const document = { data: segment({ condition_groups: [{ conditions: [brandNew] }] }), links };

  it('comes back as sent, reported at the condition with the types the spec lists', async () => {
    const { klaviyo, logger } = client(document);
    const { data } = await klaviyo.segments.get('S1');
    expect(data.attributes.definition).toEqual({ condition_groups: [{ conditions: [brandNew] }] });
    const [warning, ...more] = logger.lines.filter((line) => line.startsWith('warn'));
    expect(more).toEqual([]);
    expect(warning).toContain(
      'at data.attributes.definition.condition_groups[].conditions[]: a type the spec does not list ("profile-brand-new-condition"); listed: profile-group-membership, profile-metric,',
    );
  });

  it("inside a condition of a listed type, is reported at that condition's filter alone", async () => {
    const condition = { type: 'profile-property', property: 'first_name', filter: { type: 'geo', operator: 'within' } };
    const { klaviyo, logger } = client({ data: segment({ condition_groups: [{ conditions: [condition] }] }), links });
    await klaviyo.segments.get('S1');
    const [warning, ...more] = logger.lines.filter((line) => line.startsWith('warn'));
    expect(more).toEqual([]);
    expect(warning).toContain(
      'at data.attributes.definition.condition_groups[].conditions[].filter: a type the spec does not list ("geo")',
    );
    expect(warning).not.toContain('union members');
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
