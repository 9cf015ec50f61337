import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ValidationError } from '../../src/core/errors.js';
import type { RequestSpec } from '../../src/core/transport.js';
import { validateInput } from '../../src/core/validation.js';
import { answer, transportWith } from './transport-harness.js';

// Minimal stand-ins for the generated schemas, shaped like the spec's: what matters is how the transport
// treats an answer that differs from them, not the generated schemas of the day.
const segmentsPage = z.looseObject({
  data: z.array(
    z.looseObject({
      type: z.literal('segment'),
      id: z.string(),
      attributes: z.looseObject({
        name: z.string(),
        is_active: z.boolean(),
        is_processing: z.boolean(),
        is_starred: z.boolean(),
      }),
    }),
  ),
  links: z.looseObject({ self: z.string() }),
});

const marketing = z.looseObject({ can_receive_email_marketing: z.boolean(), consent: z.string() });
const profilesPage = z.looseObject({
  data: z.array(
    z.looseObject({
      type: z.literal('profile'),
      id: z.string(),
      attributes: z.looseObject({
        email: z.nullable(z.string()),
        subscriptions: z.optional(z.looseObject({ email: z.looseObject({ marketing }) })),
      }),
    }),
  ),
  links: z.looseObject({ self: z.string() }),
});

const listSegments: RequestSpec = {
  method: 'GET',
  path: '/api/segments',
  query: { 'fields[segment]': ['name'] },
  operationId: 'get_segments',
};
const vipsOnlyName = {
  data: [
    {
      type: 'segment',
      id: 'Y6nRLr',
      attributes: { name: 'VIPs' },
      links: { self: 'https://a.klaviyo.com/api/segments/Y6nRLr/' },
    },
  ],
  links: { self: 'https://a.klaviyo.com/api/segments/?fields%5Bsegment%5D=name' },
};

const getProfiles: RequestSpec = { method: 'GET', path: '/api/profiles', operationId: 'get_profiles' };
const neverSubscribed = (id: string, email: string) => ({
  type: 'profile',
  id,
  attributes: {
    email,
    subscriptions: { email: { marketing: { consent: 'NEVER_SUBSCRIBED', suppressions: [] } } },
  },
});
const olderProfilesPage = {
  data: [
    neverSubscribed('01GDDKASAP8TKDDA2GRZDSVP4H', 'sarah.mason@klaviyo-demo.com'),
    neverSubscribed('01GDDKASAP8TKDDA2GRZDSVP4J', 'tom@klaviyo-demo.com'),
  ],
  links: { self: 'https://a.klaviyo.com/api/profiles/' },
};
const MISSING_CAN_RECEIVE = 'data[].attributes.subscriptions.email.marketing.can_receive_email_marketing';

describe('a sparse fieldset answer (fields[segment]=name)', () => {
  it.each(['warn', 'strict'] as const)('is returned as sent, with no warning, in %s mode', async (responseValidation) => {
    const { transport, requests, logger } = transportWith(() => answer(200, vipsOnlyName), { responseValidation });
    await expect(transport.request(listSegments, {}, segmentsPage)).resolves.toEqual(vipsOnlyName);
    expect(new URL(requests[0]!.url).searchParams.get('fields[segment]')).toBe('name');
    expect(logger.warnings).toEqual([]);
  });

  it('still fails strict mode when an attribute it asked for is missing', async () => {
    const { transport } = transportWith(() => answer(200, vipsOnlyName), { responseValidation: 'strict' });
    const spec = { ...listSegments, query: { 'fields[segment]': ['name', 'is_starred'] } };
    const error = (await transport.request(spec, {}, segmentsPage).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: 'data[].attributes.is_starred', message: 'expected boolean, received undefined' }]);
  });

  it('still reports an attribute it did not ask for when Klaviyo sends it with the wrong type', async () => {
    const body = { ...vipsOnlyName, data: [{ ...vipsOnlyName.data[0]!, attributes: { name: 'VIPs', is_active: 'yes' } }] };
    const { transport } = transportWith(() => answer(200, body), { responseValidation: 'strict' });
    const error = (await transport.request(listSegments, {}, segmentsPage).catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual(['data[].attributes.is_active']);
  });

  it('applies to included resources of the type it names', async () => {
    const withTags = z.looseObject({
      data: z.looseObject({ type: z.literal('segment'), attributes: z.looseObject({ name: z.string() }) }),
      included: z.array(
        z.looseObject({ type: z.literal('tag'), attributes: z.looseObject({ name: z.string(), created: z.string() }) }),
      ),
    });
    const body = {
      data: { type: 'segment', id: 'Y6nRLr', attributes: { name: 'VIPs' } },
      included: [{ type: 'tag', id: 'T1', attributes: { name: 'vip' } }],
    };
    const { transport } = transportWith(() => answer(200, body), { responseValidation: 'strict' });
    const spec: RequestSpec = {
      method: 'GET',
      path: '/api/segments/Y6nRLr',
      query: { include: ['tags'], 'fields[tag]': ['name'] },
    };
    await expect(transport.request(spec, {}, withTags)).resolves.toEqual(body);
    const unfiltered = { ...spec, query: { include: ['tags'] } };
    await expect(transport.request(unfiltered, {}, withTags)).rejects.toThrow('included[].attributes.created: expected string');
  });

  it('is recognised on later pages, whose links.next carries the fieldset', async () => {
    const { transport, logger } = transportWith(() => answer(200, vipsOnlyName), { responseValidation: 'strict' });
    const next = 'https://a.klaviyo.com/api/segments?fields%5Bsegment%5D=name&page%5Bcursor%5D=p2';
    await expect(transport.request({ method: 'GET', path: next }, {}, segmentsPage)).resolves.toEqual(vipsOnlyName);
    expect(logger.warnings).toEqual([]);
  });
});

describe('a profile page in an older shape (marketing without can_receive_email_marketing)', () => {
  it('is returned as sent in warn mode, with one warning naming get_profiles and the path', async () => {
    const { transport, logger } = transportWith(() => answer(200, olderProfilesPage));
    await expect(transport.request(getProfiles, {}, profilesPage)).resolves.toEqual(olderProfilesPage);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('get_profiles');
    expect(logger.warnings[0]).toContain(MISSING_CAN_RECEIVE);
    expect(logger.lines[logger.lines.length - 1]).toContain('"problem":"expected boolean, received undefined"');
  });

  it('is not reported again by a second identical call', async () => {
    const { transport, logger } = transportWith(() => answer(200, olderProfilesPage));
    await transport.request(getProfiles, {}, profilesPage);
    await expect(transport.request(getProfiles, {}, profilesPage)).resolves.toEqual(olderProfilesPage);
    expect(logger.warnings).toHaveLength(1);
  });

  it('throws a ValidationError naming the path in strict mode, carrying the body', async () => {
    const { transport } = transportWith(() => answer(200, olderProfilesPage), { responseValidation: 'strict' });
    const error = (await transport.request(getProfiles, {}, profilesPage).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([{ path: MISSING_CAN_RECEIVE, message: 'expected boolean, received undefined' }]);
    expect(error.message).toContain(
      `GET /api/profiles (get_profiles) does not match the documented schema: ${MISSING_CAN_RECEIVE}`,
    );
    expect(error.body).toEqual(olderProfilesPage);
    expect(error.mayHaveApplied).toBe(false);
  });

  it('is returned as sent and logs nothing in off mode', async () => {
    const { transport, logger } = transportWith(() => answer(200, olderProfilesPage), { responseValidation: 'off' });
    await expect(transport.request(getProfiles, {}, profilesPage)).resolves.toEqual(olderProfilesPage);
    expect(logger.warnings).toEqual([]);
  });

  it('follows a per-call override of the client mode', async () => {
    const { transport, logger } = transportWith(() => answer(200, olderProfilesPage), { responseValidation: 'strict' });
    await expect(transport.request(getProfiles, { responseValidation: 'off' }, profilesPage)).resolves.toEqual(olderProfilesPage);
    await expect(transport.request(getProfiles, { responseValidation: 'warn' }, profilesPage)).resolves.toEqual(
      olderProfilesPage,
    );
    expect(logger.warnings).toHaveLength(1);
  });
});

describe('data is returned as Klaviyo sent it', () => {
  it('keeps fields the schema does not list, even when the schema would strip or transform them', async () => {
    const body = { data: { type: 'list', id: 'Y6nRLr', attributes: { name: 'Newsletter', opt_in_process: 'double_opt_in' } } };
    const stripping = z.object({
      data: z.object({
        type: z.literal('list'),
        id: z.string(),
        attributes: z.object({
          name: z.pipe(
            z.string(),
            z.transform((n: string) => n.toUpperCase()),
          ),
        }),
      }),
    });
    for (const responseValidation of ['warn', 'strict'] as const) {
      const { transport } = transportWith(() => answer(200, body), { responseValidation });
      const spec: RequestSpec = { method: 'GET', path: '/api/lists/Y6nRLr', operationId: 'get_list' };
      await expect(transport.request(spec, {}, stripping)).resolves.toEqual(body);
    }
  });
});

describe('a union that matches no member', () => {
  const condition = z.union([
    z.looseObject({ type: z.literal('profile-property'), property: z.string(), filter: z.looseObject({ operator: z.string() }) }),
    z.looseObject({
      type: z.literal('profile-marketing-consent'),
      consent: z.looseObject({ channel: z.literal('email'), can_receive_marketing: z.boolean() }),
    }),
  ]);
  const segment = z.looseObject({
    data: z.looseObject({
      attributes: z.looseObject({
        definition: z.looseObject({ condition_groups: z.array(z.looseObject({ conditions: z.array(condition) })) }),
      }),
    }),
  });
  const consentWithoutFlag = { type: 'profile-marketing-consent', consent: { channel: 'email' } };
  const body = {
    data: {
      type: 'segment',
      id: 'Y6nRLr',
      attributes: { definition: { condition_groups: [{ conditions: [consentWithoutFlag] }] } },
    },
  };

  it("names the closest member's missing field in strict mode, not 'Invalid input'", async () => {
    const { transport } = transportWith(() => answer(200, body), { responseValidation: 'strict' });
    const spec: RequestSpec = { method: 'GET', path: '/api/segments/Y6nRLr', operationId: 'get_segment' };
    const error = (await transport.request(spec, {}, segment).catch((e: unknown) => e)) as ValidationError;
    expect(error.issues).toEqual([
      {
        path: 'data.attributes.definition.condition_groups[].conditions[].consent.can_receive_marketing',
        message: 'expected boolean, received undefined (measured against the closest of the 2 shapes the spec allows here)',
      },
    ]);
  });

  it("names the closest member's field in request validation too, with the path into the input", () => {
    const input = { condition_groups: [{ conditions: [consentWithoutFlag] }] };
    const definition = segment.shape.data.shape.attributes.shape.definition;
    expect(() => validateInput(definition, input, 'segment definition')).toThrow(
      'Invalid segment definition: condition_groups.0.conditions.0.consent.can_receive_marketing: expected boolean, received undefined',
    );
  });
});

describe('a 2xx answer to a write that fails strict validation', () => {
  const createList: RequestSpec = {
    method: 'POST',
    path: '/api/lists',
    body: { data: { type: 'list', attributes: { name: 'Newsletter' } } },
    operationId: 'create_list',
  };
  const listDocument = z.looseObject({ data: z.looseObject({ type: z.literal('list'), id: z.string() }) });
  const created = { data: { type: 'list', attributes: { name: 'Newsletter' } } };

  it('says the write WAS applied and must not be re-sent, and is not re-sent', async () => {
    const { transport, requests } = transportWith(() => answer(201, created), { responseValidation: 'strict' });
    const error = (await transport.request(createList, {}, listDocument).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.mayHaveApplied).toBe(true);
    expect(error.message).toMatch(/^POST \/api\/lists WAS applied \(Klaviyo answered 201\), so it must not be re-sent/);
    expect(error.message).toContain('data.id: expected string, received undefined');
    expect(requests).toHaveLength(1);
  });

  it('resolves with the answer in warn mode', async () => {
    const { transport, logger } = transportWith(() => answer(201, created));
    await expect(transport.request(createList, {}, listDocument)).resolves.toEqual(created);
    expect(logger.warnings).toEqual([expect.stringContaining('create_list differs from the documented schema at data.id')]);
  });
});

describe('the responseValidation option', () => {
  it('refuses an unknown mode on a call before sending anything', async () => {
    const { transport, requests } = transportWith(() => answer(200, olderProfilesPage));
    // @ts-expect-error: 'loose' is not a mode
    const error = await transport.request(getProfiles, { responseValidation: 'loose' }, profilesPage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'responseValidation', message: `must be 'warn', 'strict' or 'off', not "loose"` },
    ]);
    expect(requests).toHaveLength(0);
  });
});
