import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  and,
  buildQuery,
  type DatetimeValue,
  type FilterConditions,
  type FilterValue,
  serializeFilter,
  serializeFilterValue,
} from '../../src/core/query.js';
import { operations } from '../../src/core/operations.js';
import { ValidationError } from '../../src/index.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// These call the core by operation id, as `Klaviyo` does once it has registered the whole table (a bare
// `KlaviyoCore` knows the operations its functions pass: test/operations-layer.test.ts).
registerOperations(everyOperation);

describe('filter values on the wire', () => {
  it('quotes strings and escapes backslashes and quotes; commas, parentheses and unicode pass inside quotes', () => {
    expect(serializeFilterValue('o"brien\\x,(y) ünï 🙂')).toBe('"o\\"brien\\\\x,(y) ünï 🙂"');
  });

  it('sends datetimes as ISO 8601 unquoted, booleans, numbers and null bare, lists in brackets', () => {
    expect(serializeFilterValue(new Date(Date.UTC(2025, 0, 1)))).toBe('2025-01-01T00:00:00Z');
    expect(serializeFilterValue(new Date(Date.UTC(2025, 0, 1, 0, 0, 0, 250)))).toBe('2025-01-01T00:00:00.250Z');
    expect(serializeFilterValue(true)).toBe('true');
    expect(serializeFilterValue(12.5)).toBe('12.5');
    expect(serializeFilterValue(null)).toBe('null');
    expect(serializeFilterValue(['draft', 'sent'])).toBe('["draft","sent"]');
  });

  it('refuses values Klaviyo cannot read', () => {
    expect(() => serializeFilterValue(Number.NaN)).toThrow(ValidationError);
    expect(() => serializeFilterValue(new Date('nope'))).toThrow(/invalid Date/);
    expect(() => serializeFilterValue({})).toThrow(/cannot send an object in a filter/);
  });
});

describe('filters per operation', () => {
  it('writes one condition as operator(field,value)', () => {
    expect(serializeFilter('get_profiles', { email: { equals: 'a@b.com' } })).toBe('equals(email,"a@b.com")');
  });

  it('joins several conditions, and and(...) groups, with and()', () => {
    const since = new Date(Date.UTC(2025, 0, 1));
    expect(serializeFilter('get_profiles', { email: { any: ['a@b.com', 'c@d.com'] }, created: { greaterThan: since } })).toBe(
      'and(any(email,["a@b.com","c@d.com"]),greater-than(created,2025-01-01T00:00:00Z))',
    );
    expect(serializeFilter('get_campaigns', and({ status: { equals: 'draft' } }, { name: { contains: 'Sale' } }))).toBe(
      'and(equals(status,"draft"),contains(name,"Sale"))',
    );
  });

  it('writes has(field) for the has operator', () => {
    expect(serializeFilter('get_events', { profile: { has: true } })).toBe('has(profile)');
  });

  it('refuses a field the operation cannot filter on, naming the fields it can', () => {
    // @ts-expect-error: first_name is not filterable on get_profiles
    const bad = () => serializeFilter('get_profiles', { first_name: { equals: 'Ann' } });
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(/allowed fields: id, email, phone_number/);
  });

  it('refuses an operator the field does not take', () => {
    // @ts-expect-error: email takes any and equals only
    const bad = () => serializeFilter('get_profiles', { email: { contains: 'b.com' } });
    expect(bad).toThrow(/email takes any, equals/);
  });
});

describe('query options', () => {
  it('maps sort, include, fields, additional fields and page size to wire names', () => {
    expect(
      buildQuery('get_profiles', {
        sort: '-created',
        fields: { profile: ['email'] },
        additionalFields: { profile: ['subscriptions'] },
        pageSize: 100,
      }),
    ).toEqual({
      sort: '-created',
      'fields[profile]': ['email'],
      'additional-fields[profile]': ['subscriptions'],
      'page[size]': 100,
    });
    expect(buildQuery('get_list', { include: ['tags'] })).toEqual({ include: ['tags'] });
  });

  it('checks page size against the operation’s bounds', () => {
    expect(() => buildQuery('get_profiles', { pageSize: 101 })).toThrow(/from 1 to 100/);
    expect(() => buildQuery('get_profiles', { pageSize: 0 })).toThrow(/from 1 to 100/);
    // @ts-expect-error: get_metrics has a fixed page size
    expect(() => buildQuery('get_metrics', { pageSize: 5 })).toThrow(/fixed page size/);
  });

  it('refuses sort keys, includes and sparse fieldset types the operation does not offer', () => {
    // @ts-expect-error: not a sort key of get_profiles
    expect(() => buildQuery('get_profiles', { sort: 'first_name' })).toThrow(/sort/);
    // @ts-expect-error: get_list cannot include profiles
    expect(() => buildQuery('get_list', { include: ['profiles'] })).toThrow(/include/);
    // @ts-expect-error: get_list has no fields[event]
    expect(() => buildQuery('get_list', { fields: { event: ['name'] } })).toThrow(/fields\[event\]/);
  });

  it('names the value meant when a sort key, include or enum parameter is a near miss', () => {
    const issues = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return (e as ValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`);
      }
      throw new Error('not refused');
    };
    // A descending key's near miss is the descending key, not its ascending twin.
    expect(issues(() => buildQuery('get_profiles', { sort: '-craeted' as never }))[0]).toMatch(
      /^sort: must be one of created, -created, .*, got "-craeted"; did you mean "-created"\?$/,
    );
    expect(issues(() => buildQuery('get_profiles', { sort: 'updatd' as never }))[0]).toMatch(/did you mean "updated"\?$/);
    expect(issues(() => buildQuery('get_profile', { include: ['push-tokens', 'list'] as never }))).toEqual([
      'include.1: must be one of conversations, lists, push-tokens, segments, got "list"; did you mean "lists"?',
    ]);
    expect(
      issues(() =>
        buildQuery('get_client_review_values_reports', {
          companyId: 'ABC123',
          groupBy: 'productid' as never,
          statistics: 'average_rating',
          timeframe: 'last_30_days',
        } as never),
      ),
    ).toContain('groupBy: must be one of company_id, product_id, got "productid"; did you mean "product_id"?');
    // Nothing close: the list alone, no guess (two edits turn any two-letter word into "id").
    expect(issues(() => buildQuery('get_profiles', { sort: 'zz' as never }))[0]).toMatch(/, got "zz"$/);
  });

  it('insists on the filter an operation requires', () => {
    expect(() => buildQuery('get_campaigns', {})).toThrow(/requires a filter/);
  });

  it('passes a raw filter string through as written', () => {
    expect(buildQuery('get_profiles', { filter: 'equals(email,"a@b.com")' })).toEqual({ filter: 'equals(email,"a@b.com")' });
  });
});

describe('datetime filter fields', () => {
  it('are the fields whose attribute the spec types date-time (the mock reads the same table)', () => {
    expect(operations.get_profiles.datetime).toEqual([
      'created',
      'updated',
      'subscriptions.email.marketing.list_suppressions.timestamp',
      'subscriptions.email.marketing.suppression.timestamp',
    ]);
    expect(operations.get_coupon_codes.datetime).toEqual(['expires_at']);
    expect(operations.get_campaigns.datetime).toEqual(['created_at', 'scheduled_at', 'updated_at']);
    // Each is one of the operation's filter fields; a string field such as email is not one.
    for (const [id, op] of Object.entries(operations) as [string, { filter?: object; datetime?: string[] }][]) {
      for (const field of op.datetime ?? []) expect(Object.keys(op.filter ?? {}), id).toContain(field);
    }
    expect(operations.get_profiles.filter).toHaveProperty('email');
    expect(operations.get_profiles.datetime).not.toContain('email');
  });

  it('are typed DatetimeValue (a Date or an ISO 8601 string); other fields take any FilterValue', () => {
    type Created = NonNullable<FilterConditions<'get_profiles'>['created']>;
    expectTypeOf<Created['greaterThan']>().toEqualTypeOf<DatetimeValue | undefined>();
    expectTypeOf<NonNullable<FilterConditions<'get_profiles'>['email']>['equals']>().toEqualTypeOf<FilterValue | undefined>();
  });

  it('take a Date or an ISO 8601 string, sent unquoted in UTC; other values are refused, naming each', () => {
    expect(serializeFilter('get_campaigns', { created_at: { greaterOrEqual: '2024-08-01T00:00:00-07:00' } })).toBe(
      'greater-or-equal(created_at,2024-08-01T07:00:00Z)',
    );
    expect(serializeFilter('get_profiles', { created: { greaterThan: '2024-08-01' } })).toBe(
      'greater-than(created,2024-08-01T00:00:00Z)',
    );
    const bad = () =>
      // @ts-expect-error a number is no datetime
      serializeFilter('get_profiles', { created: { greaterThan: '2024-02-30T00:00:00Z', lessThan: 1795948211874 } });
    expect(bad).toThrow(ValidationError);
    try {
      bad();
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        'filter.created.greaterThan',
        'filter.created.lessThan',
      ]);
    }
  });

  it('leave fields the spec does not type as datetimes alone: event timestamp takes a Date as before', () => {
    expect(serializeFilter('get_events', { timestamp: { greaterThan: new Date(Date.UTC(2025, 0, 1)) } })).toBe(
      'greater-than(timestamp,2025-01-01T00:00:00Z)',
    );
  });
});

describe('a hole in a sparse list is refused, never sent as ",,"', () => {
  const issuesOf = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).issues;
    }
    throw new Error('not refused');
  };

  it('in a filter list (any), and in a list value', () => {
    // A hole, not an `undefined` the caller wrote: the message says so (an explicit undefined is its own refusal).
    const emails = ['a@b.com', , 'c@d.com'];
    expect(issuesOf(() => serializeFilter('get_profiles', { email: { any: emails as string[] } }))).toEqual([
      { path: 'filter.email.any.1', message: 'is a hole in a sparse array: every index needs an item' },
    ]);
    expect(issuesOf(() => serializeFilterValue(['draft', , 'sent']))).toEqual([
      { path: 'filter.1', message: 'is a hole in a sparse array: every index needs an item' },
    ]);
    expect(issuesOf(() => serializeFilterValue(['draft', undefined, 'sent']))).toEqual([
      { path: 'filter.1', message: 'cannot send undefined in a filter' },
    ]);
  });

  it('in include and in fields', () => {
    const include = ['tags', , 'flow-triggers'];
    expect(issuesOf(() => buildQuery('get_list', { include: include as 'tags'[] }))).toEqual([
      { path: 'include.1', message: 'is a hole in a sparse array: every index needs an item' },
    ]);
    const names = ['email', , 'phone_number'];
    expect(issuesOf(() => buildQuery('get_profiles', { fields: { profile: names as 'email'[] } }))).toEqual([
      { path: 'fields.profile.1', message: 'is a hole in a sparse array: every index needs an item' },
    ]);
  });
});

describe('query options refused, with the name that was meant', () => {
  it('an unknown option names the closest one, or lists what the operation takes', () => {
    // @ts-expect-error pageSize
    expect(() => buildQuery('get_profiles', { page_size: 5 })).toThrow('page_size: unknown key; did you mean "pageSize"?');
    // @ts-expect-error not an option
    expect(() => buildQuery('get_list', { cursor_position: 5 })).toThrow(
      'cursor_position: unknown key; accepted: include, fields, additionalFields (get_list)',
    );
  });

  it('a field or operator close to one the operation takes is suggested', () => {
    // @ts-expect-error created
    expect(() => serializeFilter('get_profiles', { create: { greaterThan: new Date() } })).toThrow('did you mean "created"?');
    // @ts-expect-error greaterThan
    expect(() => serializeFilter('get_profiles', { created: { greater_than: new Date() } })).toThrow(
      'did you mean "greaterThan"?',
    );
  });

  it('options of the wrong type are refused, every one at once', () => {
    const error = (() => {
      try {
        // Every value of the wrong type, as a JavaScript caller may send them.
        buildQuery('get_profiles', {
          sort: 5,
          include: 'push-tokens',
          fields: { profile: 'email' },
          pageSize: '10',
          pageCursor: '',
        } as never);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error!.issues.map((i) => i.path)).toEqual(['sort', 'include', 'fields.profile', 'pageSize', 'pageCursor']);
    expect(() => buildQuery('get_profiles', 'sort=email' as never)).toThrow('query options must be an object, got a string');
    // An empty list asks for nothing Klaviyo can give, and a comma would split a name in two.
    expect(() => buildQuery('get_profiles', { fields: { profile: [] } })).toThrow('must name at least one attribute');
    // @ts-expect-error one name per item
    expect(() => buildQuery('get_profiles', { fields: { profile: ['email,phone_number'] } })).toThrow('must not contain a comma');
  });

  it('fields and additionalFields take the attribute names the spec lists for the type, with the name that was meant', () => {
    expect(buildQuery('get_profiles', { fields: { profile: ['email', 'location.city'] } })).toEqual({
      'fields[profile]': ['email', 'location.city'],
    });
    const error = (() => {
      try {
        // @ts-expect-error not attributes of a profile
        buildQuery('get_profiles', { fields: { profile: ['email', 'emial', 'firstName', 'zzzz'] } });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.issues).toEqual([
      { path: 'fields.profile.1', message: '"emial" is not an attribute of profile; did you mean "email"?' },
      { path: 'fields.profile.2', message: '"firstName" is not an attribute of profile; did you mean "first_name"?' },
      {
        path: 'fields.profile.3',
        message: expect.stringMatching(/^"zzzz" is not an attribute of profile; it takes created, email, .* and \d+ more$/),
      },
    ]);
    // @ts-expect-error the spec lists subscriptions and predictive_analytics
    expect(() => buildQuery('get_profiles', { additionalFields: { profile: ['subscription'] } })).toThrow(
      'additionalFields.profile.0: "subscription" is not an attribute of profile; did you mean "subscriptions"?',
    );
    expect(buildQuery('get_profiles', { additionalFields: { profile: ['predictive_analytics'] } })).toEqual({
      'additional-fields[profile]': ['predictive_analytics'],
    });
  });

  it('pageCursor is sent as page[cursor]', () => {
    expect(buildQuery('get_profiles', { pageCursor: 'bmV4dA' })).toEqual({ 'page[cursor]': 'bmV4dA' });
  });
});
