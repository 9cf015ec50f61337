/** Klaviyo's filter language: the parser and the evaluator on their own. */
import { describe, expect, it } from 'vitest';
import { evaluateFilter, FilterSyntaxError, parseFilter } from '../../src/testing/index.js';

describe('parseFilter', () => {
  it('reads one condition with a double-quoted string', () => {
    expect(parseFilter('equals(email,"a@b.co")')).toEqual({
      kind: 'condition',
      operator: 'equals',
      field: 'email',
      value: 'a@b.co',
    });
  });

  it('reads single-quoted strings', () => {
    expect(parseFilter("equals(messages.channel,'email')")).toMatchObject({ field: 'messages.channel', value: 'email' });
  });

  it('unescapes quotes and backslashes inside strings', () => {
    expect(parseFilter('equals(name,"a\\"b")')).toMatchObject({ value: 'a"b' });
    expect(parseFilter("equals(name,'it\\'s')")).toMatchObject({ value: "it's" });
    expect(parseFilter('equals(name,"back\\\\slash")')).toMatchObject({ value: 'back\\slash' });
  });

  it('keeps commas, parentheses and brackets inside strings as text', () => {
    expect(parseFilter('contains(name,"a, (b) [c]")')).toMatchObject({ value: 'a, (b) [c]' });
  });

  it('keeps unicode inside values', () => {
    expect(parseFilter('equals(name,"Zoë 🎉 東京")')).toMatchObject({ value: 'Zoë 🎉 東京' });
    expect(parseFilter('equals(name,"caf\\u00e9")')).toMatchObject({ value: 'café' });
  });

  it('reads unquoted ISO datetimes as dates (no offset means UTC)', () => {
    const node = parseFilter('greater-than(created,2024-01-01T00:00:00)');
    expect(node).toMatchObject({ operator: 'greater-than' });
    expect((node as { value: Date }).value.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect((parseFilter('less-than(datetime,2024-01-01T05:00:00+02:00)') as { value: Date }).value.toISOString()).toBe(
      '2024-01-01T03:00:00.000Z',
    );
  });

  it('reads booleans, numbers and null', () => {
    expect(parseFilter('equals(archived,true)')).toMatchObject({ value: true });
    expect(parseFilter('equals(is_starred,false)')).toMatchObject({ value: false });
    expect(parseFilter('greater-than(count,-2.5)')).toMatchObject({ value: -2.5 });
    expect(parseFilter('equals(external_id,null)')).toMatchObject({ value: null });
  });

  it('reads lists for any()', () => {
    expect(parseFilter('any(status,["draft", \'sent\'])')).toMatchObject({ operator: 'any', value: ['draft', 'sent'] });
  });

  it('reads and() of several conditions, nested or not', () => {
    const tree = parseFilter('and(equals(a,"x"),and(greater-than(b,2024-01-01T00:00:00Z),has(profile)))');
    expect(tree.kind).toBe('and');
    expect(JSON.stringify(tree)).toContain('"operator":"has"');
  });

  it.each([
    ['missing closing parenthesis', 'equals(email,"a"'],
    ['unterminated string', 'equals(email,"a)'],
    ['unquoted string value', 'equals(email,abc)'],
    ['trailing text', 'equals(email,"a") x'],
    ['empty', ''],
    ['or is not supported', 'or(equals(a,"x"),equals(b,"y"))'],
    ['missing comma', 'equals(email "a")'],
  ])('refuses %s', (_name, text) => {
    expect(() => parseFilter(text)).toThrow(FilterSyntaxError);
  });
});

describe('evaluateFilter', () => {
  const record: Record<string, unknown> = {
    name: 'Spring Sale',
    status: 'sent',
    created: '2024-05-01T00:00:00+00:00',
    count: 3,
    profile: null,
  };
  const get = (field: string) => record[field];
  const check = (text: string) => evaluateFilter(parseFilter(text), get);

  it('compares strings, lists, prefixes and suffixes', () => {
    expect(check('equals(status,"sent")')).toBe(true);
    expect(check('any(status,["draft","sent"])')).toBe(true);
    expect(check('contains(name,"ring")')).toBe(true);
    expect(check('starts-with(name,"Spr")')).toBe(true);
    expect(check('ends-with(name,"Sale")')).toBe(true);
    expect(check('ends-with(name,"sale")')).toBe(false);
  });

  it('compares datetimes and numbers', () => {
    expect(check('greater-than(created,2024-04-30T23:59:59Z)')).toBe(true);
    expect(check('less-or-equal(created,2024-05-01T00:00:00Z)')).toBe(true);
    expect(check('less-than(created,2024-05-01T00:00:00Z)')).toBe(false);
    expect(check('greater-or-equal(count,3)')).toBe(true);
  });

  it('has() is false for null and and() needs every condition', () => {
    expect(check('has(profile)')).toBe(false);
    expect(check('and(equals(status,"sent"),equals(count,4))')).toBe(false);
  });
});
