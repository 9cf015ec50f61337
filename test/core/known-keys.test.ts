import { describe, expect, it } from 'vitest';
import { closestName, notOneOfMessage, unknownKeyMessage } from '../../src/core/known-keys.js';

describe('the name meant (did you mean)', () => {
  it('finds the same word written another way, a near misspelling or a missing unit', () => {
    expect(closestName('firstName', ['email', 'first_name'])).toBe('first_name');
    expect(closestName('emial', ['email', 'phone_number'])).toBe('email');
    expect(closestName('timeout', ['timeoutMs', 'maxRetries'])).toBe('timeoutMs');
    expect(closestName('page[cursor]', ['pageSize', 'pageCursor'])).toBe('pageCursor');
  });

  it('guesses nothing for a short name an edit or two from anything: "qq" is not "id"', () => {
    expect(closestName('qq', ['id', 'email'])).toBeUndefined();
    expect(unknownKeyMessage('xy', ['id', 'email'])).toBe('unknown key; accepted: id, email');
    // A real near miss of a short name still counts, two swapped letters as one slip.
    expect(closestName('ids', ['id', 'email'])).toBe('id');
    expect(closestName('dya', ['day', 'week', 'month'])).toBe('day');
    expect(closestName('gte', ['get', 'post'])).toBe('get');
  });

  it('a value outside a list says what was given and, when one is close, what was meant', () => {
    expect(notOneOfMessage('emial', ['email', 'sms'])).toBe('must be one of email, sms, got "emial"; did you mean "email"?');
    expect(notOneOfMessage(5, ['email', 'sms'])).toBe('must be one of email, sms, got 5');
    expect(notOneOfMessage('-craeted', ['created', '-created'], ['-created'])).toMatch(/did you mean "-created"\?$/);
  });
});
