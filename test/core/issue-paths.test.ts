/**
 * An issue's path names one place only: a key that is not a plain name (`utm.source`, `Item Count`, ``) is
 * quoted in brackets wherever it appears, so `properties["a.b"]` (one key) never reads like
 * `properties.a.b` (two levels).
 */
import { describe, expect, it } from 'vitest';
import { appendKey, ValidationError } from '../../src/core/errors.js';
import { jsonIssues } from '../../src/core/validation.js';
import { useKlaviyoApi } from '../resources/msw.js';

const { sent, klaviyo } = useKlaviyoApi();

const refusal = async (call: Promise<unknown>) => {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path);
};

describe('issue paths quote keys that are not plain names', () => {
  it.each<[string, string | number, string]>([
    ['properties', 'sku', 'properties.sku'],
    ['properties', '$value', 'properties.$value'],
    ['data.attributes', 'campaign-messages', 'data.attributes.campaign-messages'],
    ['items', 0, 'items.0'],
    ['properties', 'utm.source', 'properties["utm.source"]'],
    ['properties', 'Item Count', 'properties["Item Count"]'],
    ['properties', '', 'properties[""]'],
    ['properties', '2024', 'properties["2024"]'],
    ['properties', 'say "hi"', 'properties["say \\"hi\\""]'],
    ['', 'email', 'email'],
    ['', 'a.b', '["a.b"]'],
  ])('%s + %j → %s', (prefix, key, path) => {
    expect(appendKey(prefix, key)).toBe(path);
  });

  it('in a value JSON cannot carry', () => {
    expect(jsonIssues({ 'utm.source': { a: 1n }, utm: { source: { a: 2n } } }, 'properties')).toEqual([
      { path: 'properties["utm.source"].a', message: expect.stringMatching(/BigInt/) },
      { path: 'properties.utm.source.a', message: expect.stringMatching(/BigInt/) },
    ]);
  });

  it('in an event: an unknown key, a property over 100 kB, and nesting too deep', async () => {
    const deep = (n: number): unknown => (n === 0 ? 1 : { 'x.y': deep(n - 1) });
    const events = [
      { metric: 'Placed Order', profile: { email: 'ana@example.com' }, 'unique.id': 'A-1' }, // not a key of EventInput
      { metric: 'Placed Order', profile: { email: 'ana@example.com' }, properties: { 'Gift Note': 'x'.repeat(100 * 1024) } },
      { metric: 'Placed Order', profile: { email: 'ana@example.com' }, properties: { a: deep(11) as object } },
    ];
    expect(await refusal(klaviyo.events.bulkCreate(events))).toEqual([
      'events.0["unique.id"]',
      'events.1.properties["Gift Note"]',
      `events.2.properties.a${'["x.y"]'.repeat(9)}`,
    ]);
    expect(sent).toHaveLength(0);
  });

  it('below where the caller put a value, with no dot before a quoted key', async () => {
    const message = { channel: 'email', label: 'Spring', content: { subject: 'Hi' }, 'utm.source': 'x' };
    const error = klaviyo.campaigns.create({ name: 'Spring', audiences: { included: ['Y6nRLr'] }, messages: [message as never] });
    expect(await refusal(error)).toEqual(['messages.0["utm.source"]']);
    expect(sent).toHaveLength(0);
  });

  it('in a generated method taking attributes, below the attributes', async () => {
    // @ts-expect-error not an attribute of a profile
    expect(await refusal(klaviyo.profiles.create({ email: 'ana@example.com', 'first.name': 'Ana' }))).toEqual(['["first.name"]']);
    expect(await refusal(klaviyo.profiles.create({ email: 'ana@example.com', properties: { 'utm.source': 1n } }))).toEqual([
      'properties["utm.source"]',
    ]);
    expect(sent).toHaveLength(0);
  });
});
