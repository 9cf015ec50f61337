/**
 * How the `klaviyo` command reads what people type and the files they import, checked without a process or
 * a server; the end-to-end behaviour is in klaviyo-command.test.ts.
 */
import { Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { closest, functionNameOf, pathValuesOf, queryOptionsOf } from '../../src/cli/commands/api.js';
import { timeframeOf } from '../../src/cli/commands/campaigns.js';
import { eventOf } from '../../src/cli/commands/events.js';
import { profileOf } from '../../src/cli/commands/profiles.js';
import { condition, duration, filterOf, typedValue } from '../../src/cli/parse.js';
import { buildProgram } from '../../src/cli/program.js';
import { Cli } from '../../src/cli/runtime.js';
import { operations, type OperationId } from '../../src/core/operations.js';
import { serializeFilter } from '../../src/core/query.js';
import * as operationFunctions from '../../src/operations/index.js';
import { requestBodySchemas } from '../../src/schemas/generated/operations.js';

describe('--filter conditions', () => {
  it('reads field=value as equals, and the comparison operators', () => {
    expect(condition('email=a@b.com')).toEqual({ field: 'email', operator: 'equals', value: 'a@b.com' });
    expect(condition('name~Sale')).toEqual({ field: 'name', operator: 'contains', value: 'Sale' });
    expect(condition('created>=2026-01-01')).toEqual({
      field: 'created',
      operator: 'greaterOrEqual',
      value: new Date('2026-01-01'),
    });
    expect(condition('updated<2026-01-01T10:00:00Z').operator).toBe('lessThan');
  });

  it('refuses text that is not a condition', () => {
    expect(() => condition('just-a-word')).toThrow(InvalidArgumentError);
  });

  it('joins several conditions, all of which must hold', () => {
    const filter = filterOf([condition('email=a@b.com'), condition('created>2026-01-01')], undefined);
    expect(serializeFilter('get_profiles', filter as never)).toBe(
      'and(equals(email,"a@b.com"),greater-than(created,2026-01-01T00:00:00Z))',
    );
    expect(filterOf([condition('email=a@b.com')], undefined)).toEqual({ email: { equals: 'a@b.com' } });
    expect(filterOf(undefined, 'equals(email,"a@b.com")')).toBe('equals(email,"a@b.com")');
    expect(() => filterOf([condition('email=a@b.com')], 'equals(email,"x")')).toThrow('not both');
  });
});

describe('--property values', () => {
  it('types numbers, booleans and JSON, but keeps zip codes and words as text', () => {
    expect(typedValue('42')).toBe(42);
    expect(typedValue('9.5')).toBe(9.5);
    expect(typedValue('true')).toBe(true);
    expect(typedValue('["Mug","Tea"]')).toEqual(['Mug', 'Tea']);
    expect(typedValue('02134')).toBe('02134');
    expect(typedValue('vip')).toBe('vip');
    expect(typedValue('[not json')).toBe('[not json');
  });
});

describe('profile rows', () => {
  it('maps CSV headers to attributes, location fields under location, and other columns to properties', () => {
    expect(
      profileOf({ Email: 'a@b.com', 'First Name': 'Ada', City: 'Lyon', latitude: '45.76', Plan: 'vip', Orders: '3' }, 'csv'),
    ).toEqual({
      attributes: {
        email: 'a@b.com',
        first_name: 'Ada',
        location: { city: 'Lyon', latitude: 45.76 },
        properties: { Plan: 'vip', Orders: 3 },
      },
    });
  });

  it('takes JSON Lines objects as attributes', () => {
    expect(profileOf({ email: 'a@b.com', properties: { tier: 2 }, location: { zip: '02134' } }, 'jsonl')).toEqual({
      attributes: { email: 'a@b.com', properties: { tier: 2 }, location: { zip: '02134' } },
    });
  });

  it('refuses a row with nothing to find or create the profile by', () => {
    expect(profileOf({ first_name: 'Nobody' }, 'csv')).toEqual({ reason: expect.stringContaining('no email') });
  });
});

describe('event lines', () => {
  const line = { metric: 'Placed Order', email: 'a@b.com', value: 9.5, properties: { sku: 'MUG' } };

  it('gives a line without a unique id the same one on every run', () => {
    const first = eventOf(line, new Map());
    const again = eventOf({ ...line }, new Map());
    expect('event' in first && first.event.uniqueId).toMatch(/^klaviyo-cli-[0-9a-f]{32}$/);
    expect(again).toEqual(first);
  });

  it('keeps identical lines apart, so two real identical orders are both tracked', () => {
    const seen = new Map<string, number>();
    const a = eventOf(line, seen);
    const b = eventOf(line, seen);
    expect('event' in a && 'event' in b && a.event.uniqueId !== b.event.uniqueId).toBe(true);
  });

  it('keeps a unique id the line gives, in either spelling', () => {
    expect(eventOf({ ...line, unique_id: 'order-1' }, new Map())).toMatchObject({ event: { uniqueId: 'order-1' } });
    expect(eventOf({ ...line, uniqueId: 'order-2' }, new Map())).toMatchObject({ event: { uniqueId: 'order-2' } });
  });

  it('refuses a line without a metric or a profile', () => {
    expect(eventOf({ email: 'a@b.com' }, new Map())).toEqual({ reason: expect.stringContaining('metric') });
    expect(eventOf({ metric: 'Placed Order' }, new Map())).toEqual({ reason: expect.stringContaining('profile') });
  });
});

describe('report timeframes', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it("uses Klaviyo's named timeframe for 7, 30, 90 and 365 days", () => {
    expect(timeframeOf({ last: duration('30d') }, now)).toEqual({ key: 'last_30_days' });
    expect(timeframeOf({ last: duration('1w') }, now)).toEqual({ key: 'last_7_days' });
    expect(timeframeOf({}, now)).toEqual({ key: 'last_30_days' });
  });

  it('uses start and end for other spans and for --from/--to', () => {
    expect(timeframeOf({ last: duration('10d') }, now)).toEqual({ start: new Date('2026-11-21T00:00:00Z'), end: now });
    const from = new Date('2026-11-01');
    expect(timeframeOf({ from }, now)).toEqual({ start: from, end: now });
    expect(() => timeframeOf({ last: duration('30d'), from }, now)).toThrow('not both');
  });
});

describe('klaviyo api', () => {
  it("calls every operation's function with its path parameters, body and query in the function's own order", () => {
    for (const [id, op] of Object.entries(operations)) {
      const fn = (operationFunctions as unknown as Record<string, (...args: unknown[]) => unknown>)[functionNameOf(id)];
      expect(fn, id).toBeTypeOf('function');
      const path = [...op.path.matchAll(/\{(\w+)\}/g)].length;
      const body = id in requestBodySchemas ? 1 : 0;
      // client, path parameters, body, then query options (when it takes any) and request options.
      expect([2 + path + body, 3 + path + body], id).toContain(fn!.length);
    }
  });

  it('reads --query pairs in wire names into query options', () => {
    expect(
      queryOptionsOf('get_profiles', [
        ['fields[profile]', 'email,first_name'],
        ['additional-fields[profile]', 'subscriptions'],
        ['page[size]', '50'],
        ['sort', '-created'],
        ['filter', 'equals(email,"a@b.com")'],
      ]),
    ).toEqual({
      fields: { profile: ['email', 'first_name'] },
      additionalFields: { profile: ['subscriptions'] },
      pageSize: 50,
      sort: '-created',
      filter: 'equals(email,"a@b.com")',
    });
    expect(() => queryOptionsOf('get_profiles', [['colour', 'red']])).toThrow('does not take the query parameter colour');
    expect(() => queryOptionsOf('get_profiles', [['page[cursor]', 'abc']])).toThrow('--all');
  });

  it('fills path parameters by name, and says which one is missing', () => {
    expect(pathValuesOf('get_profile' as OperationId, [['id', 'P1']])).toEqual(['P1']);
    expect(() => pathValuesOf('get_profile' as OperationId, [])).toThrow('needs --path id=');
    expect(() => pathValuesOf('get_profile' as OperationId, [['profile_id', 'P1']])).toThrow('no path parameter "profile_id"');
  });

  it('suggests the closest operation ids', () => {
    expect(closest('get_profils', Object.keys(operations))).toEqual(['get_profile', 'get_profiles']);
    expect(closest('zzz', Object.keys(operations))).toEqual([]);
  });
});

describe('help', () => {
  it('shows an example under --help of every command and command group', () => {
    let printed = '';
    const stdout = new Writable({ write: (chunk, _, done) => ((printed += String(chunk)), done()) });
    const program = buildProgram(new Cli({ stdout, stderr: stdout, stdin: process.stdin, env: {} }));
    const withoutExample: string[] = [];
    const visit = (command: Command, path: string) => {
      printed = '';
      command.outputHelp();
      if (!/\nExamples?:\n {2}\$ klaviyo /.test(printed)) withoutExample.push(path);
      for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`);
    };
    visit(program, 'klaviyo');
    expect(withoutExample).toEqual([]);
  });
});
