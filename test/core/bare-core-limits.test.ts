/**
 * `rateLimit.limits` on a bare `KlaviyoCore`, which knows only the operations its functions have called (this
 * file never imports `Klaviyo`, which registers them all): a key it cannot yet tell from a typo waits, one it
 * can is refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { KlaviyoCore } from '../../src/core.js';
// Not from src/index.js: importing the facade registers every operation.
import { ValidationError } from '../../src/core/errors.js';
import { getProfiles } from '../../src/operations/index.js';

const apiKey = 'pk_bare_core_limits_0000000000000000';
const page = () =>
  new Response(JSON.stringify({ data: [], links: { self: 'https://a.klaviyo.com/api/profiles' } }), {
    headers: { 'content-type': 'application/vnd.api+json' },
  });

function refusal(limits: object): unknown {
  try {
    new KlaviyoCore({ apiKey, fetch: async () => page(), rateLimit: { limits } });
  } catch (error) {
    return error instanceof ValidationError ? error.issues : error;
  }
  return undefined;
}

describe('rateLimit.limits keys on a bare KlaviyoCore', () => {
  it('refuses a function name or a tier written in another case, naming the key meant', () => {
    expect(refusal({ getProfiles: { burst: 5 }, xl: { steady: 9 } })).toEqual([
      { path: 'rateLimit.limits.getProfiles', message: expect.stringMatching(/; did you mean "get_profiles"\?$/) },
      { path: 'rateLimit.limits.xl', message: expect.stringMatching(/; did you mean "XL"\?$/) },
    ]);
  });

  it('accepts an operation id it has not met yet, and refuses a near miss of one it has', async () => {
    expect(refusal({ get_profils: { burst: 5 } })).toBeUndefined();
    await getProfiles(new KlaviyoCore({ apiKey, fetch: async () => page(), rateLimit: false }));
    expect(refusal({ get_profils: { burst: 5 } })).toEqual([
      { path: 'rateLimit.limits.get_profils', message: expect.stringMatching(/; did you mean "get_profiles"\?$/) },
    ]);
    expect(refusal({ get_profiles: { burst: 5 } })).toBeUndefined();
  });
});
