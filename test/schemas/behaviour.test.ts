/** What a caller sees from the schemas, beyond agreeing with the spec. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  requestBodySchemaFor,
  requestBodySchemas,
  responseSchemaFor,
  responseSchemas,
  type GetProfileResponseCompoundDocument,
  type ProfileCreateQuery,
  type ProfileCreateQueryAttributes,
  type RequestBody,
  type ResponseBody,
} from '../../src/schemas/index.js';

const profile = (attributes: Record<string, unknown>) => ({ data: { type: 'profile', attributes } });

describe('request bodies', () => {
  it('refuse an email address that is not one', () => {
    expect(requestBodySchemas.create_profile.safeParse(profile({ email: 'sarah.mason' })).success).toBe(false);
    expect(requestBodySchemas.create_profile.safeParse(profile({ email: '@klaviyo-demo.com' })).success).toBe(false);
    expect(requestBodySchemas.create_profile.safeParse(profile({ email: 'sarah.mason@klaviyo-demo.com' })).success).toBe(true);
  });

  it('accept unusual but real email addresses', () => {
    expect(requestBodySchemas.create_profile.safeParse(profile({ email: "o'brien+tag&co@example.co.uk" })).success).toBe(true);
  });

  it('refuse a phone number that is not E.164', () => {
    expect(requestBodySchemas.create_profile.safeParse(profile({ phone_number: '(500) 555-0006' })).success).toBe(false);
    expect(requestBodySchemas.create_profile.safeParse(profile({ phone_number: '+15005550006' })).success).toBe(true);
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
    expect(requestBodySchemas.create_event.safeParse(event(new Date(0).toString())).success).toBe(false);
    expect(requestBodySchemas.create_event.safeParse(event('2024-10-15T09:30:00Z')).success).toBe(true);
    expect(requestBodySchemas.create_event.safeParse(event('2024-10-15T09:30:00.123+02:00')).success).toBe(true);
  });

  it('refuse a resource type the operation does not take', () => {
    expect(requestBodySchemas.create_profile.safeParse({ data: { type: 'list', attributes: {} } }).success).toBe(false);
  });

  it('keep free-form custom properties as given', () => {
    const body = profile({ email: 'a@example.com', properties: { pseudonym: 'Dr. Octopus', nested: { any: [1, 'thing'] } } });
    expect(requestBodySchemas.create_profile.parse(body)).toEqual(body);
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
    expect(responseSchemas.get_profile.safeParse(doc).success).toBe(true);
  });

  it('still refuse a document without its data', () => {
    expect(responseSchemas.get_profile.safeParse({ links: {} }).success).toBe(false);
  });

  it('type enums as the documented values plus any string', () => {
    type ProfileType = ResponseBody<'get_profile'>['data']['type'];
    expectTypeOf<'profile'>().toExtend<ProfileType>();
    expectTypeOf<'something-new'>().toExtend<ProfileType>();
    expectTypeOf<ResponseBody<'get_profile'>>().toEqualTypeOf<GetProfileResponseCompoundDocument>();
  });
});

describe('lookup by a run-time operation id', () => {
  it('finds the schemas of an operation, and nothing for one without a body or an unknown id', () => {
    expect(requestBodySchemaFor('create_profile')).toBe(requestBodySchemas.create_profile);
    expect(responseSchemaFor('get_profile')).toBe(responseSchemas.get_profile);
    expect(responseSchemaFor('add_profiles_to_list')).toBeUndefined();
    expect(requestBodySchemaFor('get_profile')).toBeUndefined();
    expect(requestBodySchemaFor('constructor')).toBeUndefined();
  });
});
