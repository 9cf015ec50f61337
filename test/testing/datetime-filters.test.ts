/**
 * Datetimes in filters: Klaviyo's grammar quotes strings and leaves ISO 8601 datetimes unquoted
 * (https://developers.klaviyo.com/en/docs/filtering_); a datetime field compared with a quoted or malformed
 * value is answered 400 ("datetimes must be unquoted"), not compared as text.
 */
import { describe, expect, it } from 'vitest';
import { operations as table, type OperationId, type OperationSpec } from '../../src/core/operations.generated.js';
import { ACCOUNT_ID } from '../../src/testing/account.js';
import { createKlaviyoMock, type KlaviyoMock } from '../../src/testing/index.js';
import { dataType, TYPE_BY_PATH } from '../../src/testing/relations.js';
import { call, NOW } from './helpers.js';
import { dataTypeOf, isDatetimeAttribute } from './spec.js';

const operations = table as Record<OperationId, OperationSpec>;
const filtered = (Object.keys(operations) as OperationId[]).filter((id) => operations[id].filter);
/** Every (operation, field) whose value the spec types as a datetime. */
const datetimeCases = filtered.flatMap((id) =>
  Object.keys(operations[id].filter!)
    .filter((field) => isDatetimeAttribute(dataTypeOf(id)!, field))
    .map((field) => [id, field] as const),
);

const demo = () => createKlaviyoMock({ seed: 'demo', now: NOW, rateLimit: false });

/** A request for `id` with `condition` as its filter (path ids from the demo account; campaigns need a channel). */
function filterRequest(mock: KlaviyoMock, id: OperationId, condition: string): string {
  const path = operations[id].path.replace(/^\/api\/([^/]+)\/\{\w+\}/, (whole, segment: string) =>
    whole.replace(/\{\w+\}/, mock.state.all(TYPE_BY_PATH[segment]!)[0]!.id),
  );
  const filter = id === 'get_campaigns' ? `and(equals(messages.channel,'email'),${condition})` : condition;
  // The client API names the account by its public key.
  const account = path.startsWith('/client/') ? `company_id=${ACCOUNT_ID}&` : '';
  return `${path}?${account}filter=${encodeURIComponent(filter)}`;
}

const comparison = (id: OperationId, field: string) => operations[id].filter![field]!.find((o) => o !== 'equals')!;

describe('which filter fields are datetimes', () => {
  it.each(filtered)('%s: the fields whose attribute the spec types as a date-time string', (id) => {
    const derived = datetimeCases.filter(([op]) => op === id).map(([, field]) => field);
    expect([...(operations[id].datetime ?? [])].sort()).toEqual(derived.sort());
  });

  it.each(filtered)('%s filters the resource type its answer holds', (id) => {
    expect(dataType(operations[id].path)).toBe(dataTypeOf(id));
  });

  it('leaves out event timestamp, which the spec types as an integer count of seconds', () => {
    expect(operations.get_events.filter).toHaveProperty('timestamp');
    expect(operations.get_events.datetime).not.toContain('timestamp');
    expect(datetimeCases.length).toBeGreaterThanOrEqual(20);
  });
});

describe('a quoted datetime is answered 400 on the filter parameter', () => {
  it.each(datetimeCases)('%s: %s', (id, field) => {
    const mock = demo();
    const r = call(mock.handle, 'GET', filterRequest(mock, id, `${comparison(id, field)}(${field},"2024-01-01T00:00:00Z")`));
    expect(r.status).toBe(400);
    expect(r.json.errors[0]).toMatchObject({ status: 400, code: 'invalid', source: { parameter: 'filter' } });
    expect(r.json.errors[0].detail).toContain('datetimes must be unquoted');
  });

  it('with single quotes too', () => {
    const mock = demo();
    const r = call(mock.handle, 'GET', filterRequest(mock, 'get_flows', "greater-than(created,'2024-01-01T00:00:00Z')"));
    expect(r.status).toBe(400);
    expect(r.json.errors[0].detail).toContain('datetimes must be unquoted');
  });
});

describe('a malformed datetime is answered 400 on the filter parameter', () => {
  it.each([
    ['a day that does not exist', '2024-02-30T00:00:00Z'],
    ['hour 24', '2024-01-01T24:00:00Z'],
    ['month 13', '2024-13-01T00:00:00Z'],
    ['a number', '20240101'],
    ['a boolean', 'true'],
    ['null', 'null'],
    ['a quoted non-date', '"yesterday"'],
    ['an unquoted word', 'yesterday'],
  ])('%s (%s)', (_name, value) => {
    const mock = demo();
    const r = call(mock.handle, 'GET', filterRequest(mock, 'get_profiles', `greater-than(created,${value})`));
    expect(r.status).toBe(400);
    expect(r.json.errors[0].source).toEqual({ parameter: 'filter' });
  });
});

describe('well-formed filters still work', () => {
  it('an unquoted datetime compares as a time', () => {
    const mock = demo();
    const all = call(mock.handle, 'GET', '/api/profiles').json.data.length;
    const r = call(mock.handle, 'GET', filterRequest(mock, 'get_profiles', 'greater-than(created,2024-07-20T00:00:00Z)'));
    expect(r.status).toBe(200);
    expect(r.json.data.length).toBeGreaterThan(0);
    expect(r.json.data.length).toBeLessThan(all);
    for (const p of r.json.data) expect(Date.parse(p.attributes.created)).toBeGreaterThan(Date.parse('2024-07-20T00:00:00Z'));
  });

  it('with an offset, or without seconds', () => {
    const mock = demo();
    for (const value of ['2024-07-20T02:00:00+02:00', '2024-07-20T00:00', '2024-07-20'])
      expect(call(mock.handle, 'GET', filterRequest(mock, 'get_profiles', `greater-than(created,${value})`)).status).toBe(200);
  });

  it('a quoted value on a string field is text, even when it looks like a date', () => {
    const mock = demo();
    const r = call(mock.handle, 'GET', filterRequest(mock, 'get_flows', 'equals(name,"2024-01-01")'));
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([]);
  });

  it('event timestamp takes an unquoted datetime', () => {
    const mock = demo();
    const r = call(
      mock.handle,
      'GET',
      `/api/events?filter=${encodeURIComponent('greater-or-equal(timestamp,2024-10-10T00:00:00Z)')}`,
    );
    expect(r.status).toBe(200);
    expect(r.json.data.length).toBeGreaterThan(0);
  });
});
