/**
 * `jsonCheck`: every body, and every free-form value the helpers take (event and profile properties, catalog
 * metadata, bulk job resources), is walked before sending for what `JSON.stringify` would throw on or change
 * without a word. Each such value is a `ValidationError` naming its place, and nothing is sent.
 */
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { jsonCheck, jsonIssues } from '../../src/core/validation.js';
import { ValidationError, type EventInput } from '../../src/index.js';
import { createList, createProfile } from '../../src/operations/index.js';
import { API, useKlaviyoApi } from '../resources/msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

describe('what JSON cannot carry, or would change, is an issue at its place', () => {
  it.each<[string, unknown, string]>([
    ['a BigInt', 10n, 'is a BigInt, which JSON cannot carry: pass a number or a string'],
    ['a function', () => 1, 'is a function, which JSON would leave out'],
    ['a symbol', Symbol('s'), 'is a symbol, which JSON would leave out'],
    ['NaN', Number.NaN, 'is NaN, which JSON would send as null'],
    ['Infinity', Number.POSITIVE_INFINITY, 'is Infinity, which JSON would send as null'],
    ['an invalid Date', new Date('not a date'), 'is an invalid Date, which JSON would send as null'],
    ['a Map', new Map([['a', 1]]), 'is a Map, which JSON would send as {}: pass an object or an array'],
    ['a Set', new Set([1]), 'is a Set, which JSON would send as {}: pass an object or an array'],
    ['a RegExp', /^SKU-\d+$/, 'is a RegExp, which JSON would send as {}: pass its source as a string'],
    ['an Error', new TypeError('card declined'), 'is an Error, which JSON would send without its message: pass its message'],
    ['a Uint8Array', new Uint8Array([1, 2]), 'is a Uint8Array, which JSON would send as an object keyed by index: pass an array'],
    ['an ArrayBuffer', new ArrayBuffer(4), 'is an ArrayBuffer, which JSON would send as {}'],
    ['a Promise', Promise.resolve(1), 'is a Promise, which JSON would send as {}'],
  ])('%s', (_, value, message) => {
    expect(jsonIssues({ order: { items: [{ detail: value }] } }, 'properties')).toEqual([
      { path: 'properties.order.items.0.detail', message },
    ]);
  });

  it('a hole in a sparse array, and undefined in an array, each of which JSON sends as null', () => {
    const sparse = [1, , 3];
    expect(jsonIssues({ sparse, listed: [undefined] })).toEqual([
      { path: 'sparse.1', message: 'is a hole in a sparse array, which JSON would send as null' },
      { path: 'listed.0', message: 'is undefined, which JSON would send as null in an array' },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['URLSearchParams', new URLSearchParams('a=1'), 'is a URLSearchParams, which JSON would send as {}'],
    ['a Blob', new Blob(['x']), 'is a Blob, which JSON would send as {}'],
    ['a WeakRef', new WeakRef({}), 'is a WeakRef, which JSON would send as {}'],
    ['a generator', (function* items() {})(), 'is a Generator, which JSON would send as {}'],
    ['a boxed symbol', Object(Symbol('s')), 'is a Symbol, which JSON would send as {}'],
    [
      'a class instance whose data is in getters',
      new (class Cart {
        get total() {
          return 12.5;
        }
      })(),
      'is a Cart without an own enumerable property, which JSON would send as {}',
    ],
    ['a boxed BigInt', Object(10n), 'is a BigInt, which JSON cannot carry: pass a number or a string'],
    ['a boxed NaN', new Number(Number.NaN), 'is NaN, which JSON would send as null'],
    [
      'a toJSON returning a Map',
      { toJSON: () => new Map() },
      'is a Map, which JSON would send as {}: pass an object or an array',
    ],
    ['a toJSON returning a Date', { toJSON: () => new Date(0) }, 'is a Date, which JSON would send as {}'],
    [
      'a toJSON returning undefined',
      { toJSON: () => undefined },
      'has a toJSON that returns undefined, which JSON would leave out',
    ],
  ])('%s, which the built-in list did not name', (_, value, message) => {
    expect(jsonIssues({ detail: value })).toEqual([{ path: 'detail', message }]);
  });

  it('built-ins from another realm (a vm context) are told by their tag; its plain objects and arrays pass', () => {
    const other = runInNewContext(`({ map: new Map([[1, 2]]), pattern: /x/, bad: new Date('x'), plain: { a: [1, { b: 2 }] } })`);
    expect(jsonIssues(other)).toEqual([
      { path: 'map', message: 'is a Map, which JSON would send as {}: pass an object or an array' },
      { path: 'pattern', message: 'is a RegExp, which JSON would send as {}: pass its source as a string' },
      { path: 'bad', message: 'is an invalid Date, which JSON would send as null' },
    ]);
  });

  it('what JSON sends as it is passes: a class instance with fields, boxed values, a BigInt with a toJSON', () => {
    class Line {
      sku = 'SKU-1';
      quantity = 2;
    }
    expect(jsonCheck({ line: new Line(), name: new String('Ann'), vip: new Boolean(true) })).toEqual({
      issues: [],
      transformed: false,
    });
    const prototype = BigInt.prototype as { toJSON?: () => string };
    prototype.toJSON = function toJSON(this: bigint) {
      return this.toString();
    };
    try {
      expect(jsonCheck({ total: 10n })).toEqual({ issues: [], transformed: true });
    } finally {
      delete prototype.toJSON;
    }
  });

  it('a built-in with its own toJSON is sent as that', () => {
    const declined = Object.assign(new Error('card declined'), { toJSON: () => ({ message: 'card declined' }) });
    expect(jsonCheck({ declined })).toEqual({ issues: [], transformed: true });
  });

  it('a getter or a toJSON that throws, named where it is, not thrown', () => {
    const order = {
      get total(): number {
        throw new Error('total is not loaded');
      },
    };
    const money = {
      toJSON(): string {
        throw new RangeError('amount is not loaded');
      },
    };
    expect(jsonIssues({ order, money })).toEqual([
      { path: 'order.total', message: 'could not be read: total is not loaded' },
      { path: 'money', message: 'could not be read: amount is not loaded' },
    ]);
  });

  it('a circular reference names where it refers back to, and a shared one is fine', () => {
    const shared = { sku: 'SKU-1' };
    const order: Record<string, unknown> = { first: shared, second: [shared] };
    expect(jsonIssues(order)).toEqual([]);
    order['self'] = { back: order };
    expect(jsonIssues(order, 'properties')).toEqual([
      { path: 'properties.self.back', message: 'refers back to properties: a circular structure cannot be sent as JSON' },
    ]);
    const root: unknown[] = [];
    root.push(root);
    expect(jsonIssues(root)).toEqual([
      { path: '0', message: 'refers back to the whole value: a circular structure cannot be sent as JSON' },
    ]);
  });

  it('nesting deeper than 256 levels, before JSON.stringify could overflow the stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 300; i++) deep = { next: deep };
    const issues = jsonIssues(deep);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe('is nested deeper than 256 levels, more than any Klaviyo payload takes');
    expect(issues[0]!.path.split('.')).toHaveLength(256);
  });

  it('says when JSON.stringify would send something else than the value (a Date, a toJSON)', () => {
    expect(jsonCheck({ at: new Date(0) })).toEqual({ issues: [], transformed: true });
    expect(jsonCheck({ money: { toJSON: () => '12.50' } })).toEqual({ issues: [], transformed: true });
    expect(jsonCheck({ money: { toJSON: () => Number.NaN } })).toEqual({
      issues: [{ path: 'money', message: 'is NaN, which JSON would send as null' }],
      transformed: true,
    });
    expect(jsonCheck({ at: '1970-01-01T00:00:00.000Z', items: [1, 'a', null, { b: true }] })).toEqual({
      issues: [],
      transformed: false,
    });
  });

  it('finds nothing in any JSON value, which JSON carries unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonCheck(value)).toEqual({ issues: [], transformed: false });
      }),
      { numRuns: 500 },
    );
  });
});

describe('a ValidationError before sending, from every method that takes such a value', () => {
  // The field report: a sparse array in event properties threw a bare TypeError ("undefined is not iterable").
  it('events.create with a sparse array in its properties', async () => {
    const items = ['SKU-1', , 'SKU-3'];
    const error = await klaviyo.events
      .create({ metric: 'Placed Order', profile: { email: 'sam.lee@example.com' }, properties: { items } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'properties.items.1', message: 'is a hole in a sparse array, which JSON would send as null' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('every helper that takes an array, for a hole in it (map and forEach would skip the item)', async () => {
    // Typed arrays filled by index, as code does: index 1 was never set.
    const events: EventInput[] = [];
    const ids: string[] = [];
    const emails: string[] = [];
    for (const i of [0, 2]) {
      events[i] = { metric: 'Placed Order', profile: { email: `customer${i}@example.com` } };
      ids[i] = `01PROFILE${i}`;
      emails[i] = `customer${i}@example.com`;
    }
    const refusals = await Promise.all([
      klaviyo.events.bulkCreate(events).catch((e: unknown) => e),
      klaviyo.lists.addProfiles('LIST01', ids).catch((e: unknown) => e),
      klaviyo.profiles.suppress(emails).catch((e: unknown) => e),
    ]);
    expect(refusals.map((e) => (e as ValidationError).issues)).toEqual([
      [{ path: 'events.1', message: 'is a hole in a sparse array: every index needs an item' }],
      [{ path: 'profileIds.1', message: 'is a hole in a sparse array: every index needs an item' }],
      [{ path: 'emails.1', message: 'is a hole in a sparse array: every index needs an item' }],
    ]);
    expect(sent).toHaveLength(0);
  });

  it('klaviyo.request(), the escape hatch, whose body no schema checks', async () => {
    const items: number[] = [];
    items[1] = 2;
    const error = await klaviyo
      .request({
        method: 'POST',
        path: '/api/lists',
        body: { data: { type: 'list', attributes: { name: 'VIP', size: 10n, items } } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(
      /^Request body for POST \/api\/lists cannot be sent as JSON: data\.attributes\.size: /,
    );
    expect((error as ValidationError).issues).toEqual([
      { path: 'data.attributes.size', message: 'is a BigInt, which JSON cannot carry: pass a number or a string' },
      { path: 'data.attributes.items.0', message: 'is a hole in a sparse array, which JSON would send as null' },
    ]);
    const root = await klaviyo.request({ method: 'POST', path: '/api/lists', body: new Map() }).catch((e: unknown) => e);
    expect((root as ValidationError).issues).toEqual([
      { path: '', message: 'is a Map, which JSON would send as {}: pass an object or an array' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('a body an operation checked, changed afterwards and sent through request(), is checked again', async () => {
    server.use(http.post(`${API}/api/lists`, () => HttpResponse.json({ data: { type: 'list', id: 'L1' } }, { status: 201 })));
    const body: { data: { type: 'list'; attributes: { name: string; size?: bigint } } } = {
      data: { type: 'list', attributes: { name: 'VIP' } },
    };
    await createList(klaviyo, body);
    const refused = await createList(klaviyo, body, {}, { timeoutMs: -1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    body.data.attributes.size = 10n;
    const error = await klaviyo.request({ method: 'POST', path: '/api/lists', body }).catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([
      { path: 'data.attributes.size', message: 'is a BigInt, which JSON cannot carry: pass a number or a string' },
    ]);
    expect(sent).toHaveLength(1);
  });

  it('any body, through the operation functions', async () => {
    const error = await createProfile(klaviyo, {
      data: { type: 'profile', attributes: { email: 'ana@example.com', properties: { pattern: /^VIP/ } } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      'Request body for create_profile cannot be sent as JSON: data.attributes.properties.pattern: is a RegExp, which JSON would send as {}: pass its source as a string',
    );
    expect(sent).toHaveLength(0);
  });
});
