/** What a caller sees from the schemas, beyond agreeing with the spec. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { regexes } from 'zod/mini';
import type * as z from 'zod/mini';
import {
  requestBodySchemaFor,
  requestBodySchemas,
  responseSchemaFor,
  responseSchemas,
  type GetProfileResponsePluralConversationsCompoundDocument,
  type ProfileCreateQuery,
  type ProfileCreateQueryAttributes,
  type RequestBody,
  type ResponseBody,
} from '../../src/schemas/index.js';
import type { FlowResponseObjectResource, TagResponseObjectResource } from '../../src/schemas/generated/types/responses/index.js';
import { HTML5_EMAIL_PATTERN } from '../../src/schemas/runtime.js';
import { sample } from './spec-tools.js';

const profile = (attributes: Record<string, unknown>) => ({ data: { type: 'profile', attributes } });

describe('request bodies', () => {
  it('refuse an email address that is not one', () => {
    expect(requestBodySchemas.create_profile().safeParse(profile({ email: 'sarah.mason' })).success).toBe(false);
    expect(requestBodySchemas.create_profile().safeParse(profile({ email: '@klaviyo-demo.com' })).success).toBe(false);
    expect(requestBodySchemas.create_profile().safeParse(profile({ email: 'sarah.mason@klaviyo-demo.com' })).success).toBe(true);
  });

  it('check email addresses by zod\'s html5Email rule (what browsers\' <input type="email"> accepts)', () => {
    expect(HTML5_EMAIL_PATTERN).toEqual(regexes.html5Email);
  });

  it('accept unusual but real email addresses', () => {
    expect(requestBodySchemas.create_profile().safeParse(profile({ email: "o'brien+tag&co@example.co.uk" })).success).toBe(true);
  });

  it('refuse a phone number that is not E.164', () => {
    expect(requestBodySchemas.create_profile().safeParse(profile({ phone_number: '(500) 555-0006' })).success).toBe(false);
    expect(requestBodySchemas.create_profile().safeParse(profile({ phone_number: '+15005550006' })).success).toBe(true);
  });

  it('refuse a datetime that is not ISO 8601', () => {
    const event = (time: string) => ({
      data: {
        type: 'event',
        attributes: {
          properties: {},
          time,
          metric: { data: { type: 'metric', attributes: { name: 'Viewed Product' } } },
          profile: { data: { type: 'profile', attributes: { email: 'sarah.mason@klaviyo-demo.com' } } },
        },
      },
    });
    expect(requestBodySchemas.create_event().safeParse(event(new Date(0).toString())).success).toBe(false);
    expect(requestBodySchemas.create_event().safeParse(event('2024-10-15T09:30:00Z')).success).toBe(true);
    expect(requestBodySchemas.create_event().safeParse(event('2024-10-15T09:30:00.123+02:00')).success).toBe(true);
  });

  it('refuse a resource type the operation does not take', () => {
    expect(requestBodySchemas.create_profile().safeParse({ data: { type: 'list', attributes: {} } }).success).toBe(false);
  });

  it('keep free-form custom properties as given', () => {
    const body = profile({ email: 'a@example.com', properties: { pseudonym: 'Dr. Octopus', nested: { any: [1, 'thing'] } } });
    expect(requestBodySchemas.create_profile().parse(body)).toEqual(body);
  });

  it('are typed by operation id', () => {
    expectTypeOf<RequestBody<'create_profile'>>().toEqualTypeOf<ProfileCreateQuery>();
    expectTypeOf<ProfileCreateQueryAttributes['email']>().toEqualTypeOf<string | null | undefined>();
  });
});

describe('responses', () => {
  it('accept null where the spec says nullable and absence where a member is optional', () => {
    const doc = {
      data: {
        type: 'profile',
        id: '01J',
        attributes: { email: null },
        links: { self: 'https://a.klaviyo.com/api/profiles/01J/' },
      },
    };
    expect(responseSchemas.get_profile().safeParse(doc).success).toBe(true);
  });

  it('still refuse a document without its data', () => {
    expect(responseSchemas.get_profile().safeParse({ links: {} }).success).toBe(false);
  });

  it('type enums as the documented values plus any string', () => {
    type ProfileType = ResponseBody<'get_profile'>['data']['type'];
    expectTypeOf<'profile'>().toExtend<ProfileType>();
    expectTypeOf<'something-new'>().toExtend<ProfileType>();
    expectTypeOf<ResponseBody<'get_profile'>>().toEqualTypeOf<GetProfileResponsePluralConversationsCompoundDocument>();
  });
});

describe('response unions', () => {
  /** A segment as get_segment answers, whose first condition is `condition`. */
  const segmentWith = (condition: unknown) => {
    const doc = sample('GetSegmentRetrieveResponseCompoundDocument');
    doc.data.attributes.definition.condition_groups[0].conditions = [condition];
    return doc;
  };
  /** A campaign as get_campaign answers, sent with `strategy`. */
  const campaignWith = (strategy: unknown) => {
    const doc = sample('GetCampaignResponseCompoundDocument');
    doc.data.attributes.send_strategy = strategy;
    return doc;
  };
  const newCondition = { type: 'profile-brand-new-condition', brand_new_field: { quantity: 3 } };

  /** A campaign message as get_campaign_message answers, with `definition`. */
  const messageWith = (definition: unknown) => {
    const doc = sample('GetCampaignMessageResponseCompoundDocument');
    doc.data.attributes.definition = definition;
    return doc;
  };
  const issuesOf = (result: { success: boolean; error?: z.core.$ZodError }) =>
    result.error?.issues.map(({ code, path, message }) => ({ code, path, message }));
  const conditionPath = ['data', 'attributes', 'definition', 'condition_groups', 0, 'conditions', 0];

  it('refuse a member of a kind the spec does not list with one issue at the union, naming the kinds it lists', () => {
    expect(issuesOf(responseSchemas.get_segment().safeParse(segmentWith(newCondition)))).toEqual([
      {
        code: 'custom',
        path: conditionPath,
        message: expect.stringMatching(
          /^a type the spec does not list \("profile-brand-new-condition"\); listed: profile-group-membership, profile-metric, /,
        ),
      },
    ]);
    const whatsapp = { channel: 'whatsapp', content: { body: 'Hi' } };
    expect(issuesOf(responseSchemas.get_campaign_message().safeParse(messageWith(whatsapp)))).toEqual([
      {
        code: 'custom',
        path: ['data', 'attributes', 'definition'],
        message: 'a channel the spec does not list ("whatsapp"); listed: email, sms, mobile_push',
      },
    ]);
  });

  it('name the kind an unlisted value is within, for members told apart by several properties', () => {
    const filter = { type: 'string', operator: 'after', value: '2026-01-01' };
    const result = responseSchemas.get_segment().safeParse(segmentWith({ type: 'profile-property', property: 'p', filter }));
    expect(issuesOf(result)).toEqual([
      {
        code: 'custom',
        path: [...conditionPath, 'filter'],
        message: expect.stringMatching(/^an operator the spec does not list for type "string" \("after"\); listed: contains, /),
      },
    ]);
    const rich = { channel: 'mobile_push', notification_type: 'rich', content: {} };
    expect(issuesOf(responseSchemas.get_campaign_message().safeParse(messageWith(rich)))?.map((i) => i.message)).toEqual([
      'a notification_type the spec does not list for channel "mobile_push" ("rich"); listed: standard, silent',
    ]);
  });

  it('still check a member of a listed kind against that kind', () => {
    const wellFormed = { method: 'static', datetime: '2026-07-15T09:30:00+00:00' };
    expect(responseSchemas.get_campaign().safeParse(campaignWith(wellFormed)).success).toBe(true);
    // `immediate` requires nothing but its method: a static strategy without its datetime must not pass as one.
    expect(issuesOf(responseSchemas.get_campaign().safeParse(campaignWith({ method: 'static' })))).toEqual([
      { code: 'invalid_type', path: ['data', 'attributes', 'send_strategy', 'datetime'], message: 'Invalid input' },
    ]);
  });

  it('explain a malformed member against its own kind alone, not every member of the union', () => {
    const result = responseSchemas.get_segment().safeParse(segmentWith({ type: 'profile-property', property: 'first_name' }));
    expect(issuesOf(result)?.map((issue) => issue.path)).toEqual([[...conditionPath, 'filter']]);
  });

  it('say so when a discriminator is missing, or the member is no object', () => {
    expect(issuesOf(responseSchemas.get_campaign_message().safeParse(messageWith({ content: {} })))).toEqual([
      { code: 'invalid_type', path: ['data', 'attributes', 'definition', 'channel'], message: 'Invalid input' },
    ]);
    expect(issuesOf(responseSchemas.get_campaign_message().safeParse(messageWith('email')))).toEqual([
      { code: 'invalid_type', path: ['data', 'attributes', 'definition'], message: 'Invalid input' },
    ]);
  });

  it("type each member's discriminator as the spec's values, and list the spec's members only", () => {
    type Condition = NonNullable<
      ResponseBody<'get_segment'>['data']['attributes']['definition']
    >['condition_groups'][number]['conditions'][number];
    expectTypeOf<Condition['type']>().toEqualTypeOf<
      | 'profile-group-membership'
      | 'profile-metric'
      | 'profile-marketing-consent'
      | 'profile-postal-code-distance'
      | 'profile-property'
      | 'profile-region'
      | 'profile-predictive-analytics'
      | 'profile-has-custom-object'
      | 'profile-permissions'
      | 'profile-metric-funnel'
    >();
    expectTypeOf<{ type: 'profile-brand-new-condition'; brand_new_field: { quantity: number } }>().not.toExtend<Condition>();
  });

  it("leave a document's included resources to the types its include asked for", () => {
    // A server includes only the resource types the request names (https://jsonapi.org/format/#fetching-includes).
    type Included = NonNullable<ResponseBody<'get_segment'>['included']>[number];
    expectTypeOf<Included>().toEqualTypeOf<TagResponseObjectResource | FlowResponseObjectResource>();
  });

  it('are not opened in requests: a body with a kind the spec does not list is refused', () => {
    const body = sample('SegmentCreateQuery');
    expect(requestBodySchemas.create_segment().safeParse(body).success).toBe(true);
    body.data.attributes.definition.condition_groups[0].conditions = [newCondition];
    expect(requestBodySchemas.create_segment().safeParse(body).success).toBe(false);
  });
});

describe('lookup by a run-time operation id', () => {
  it('finds the schemas of an operation, and nothing for one without a body or an unknown id', () => {
    expect(requestBodySchemaFor('create_profile')).toBe(requestBodySchemas.create_profile());
    expect(responseSchemaFor('get_profile')).toBe(responseSchemas.get_profile());
    expect(responseSchemaFor('add_profiles_to_list')).toBeUndefined();
    expect(requestBodySchemaFor('get_profile')).toBeUndefined();
    expect(requestBodySchemaFor('constructor')).toBeUndefined();
  });
});
