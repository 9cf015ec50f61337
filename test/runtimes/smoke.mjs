/**
 * The runtime smoke test, the same on every runtime (plain JavaScript, web-standard APIs only): against the
 * local mock at `baseUrl`, through the package's three entries (`klaviyo-ts`, `klaviyo-ts/core`,
 * `klaviyo-ts/operations`), it creates profiles, lists them with `for await`, tracks an event and reads a
 * missing profile as `NotFoundError`. Resolves to a summary; rejects with what went wrong.
 *
 * Run by scripts/test-runtimes.mjs on Node, Bun, Deno and Cloudflare Workers (workerd).
 */

/**
 * @param {{ main: typeof import('klaviyo-ts'), core: typeof import('klaviyo-ts/core'), operations: typeof import('klaviyo-ts/operations') }} sdk
 * @param {string} baseUrl the mock's URL
 * @param {string} runtime a name for this run, put in the profiles' emails so runs do not collide
 */
export async function smoke(sdk, baseUrl, runtime) {
  const { Klaviyo, NotFoundError } = sdk.main;
  const apiKey = 'pk_runtime_smoke_0123456789abcdef';
  // Records the User-Agent of every request, which must name the runtime the SDK found.
  const userAgents = new Set();
  const fetch = (input, init) => {
    const headers = input instanceof Request ? input.headers : new Headers(init?.headers);
    userAgents.add(headers.get('user-agent'));
    return globalThis.fetch(input, init);
  };
  const klaviyo = new Klaviyo({ apiKey, baseUrl, maxRetries: 0, fetch });
  const steps = [];

  const emails = [1, 2, 3].map((n) => `smoke-${runtime}-${n}@example.com`);
  const ids = [];
  for (const email of emails) {
    const created = await klaviyo.profiles.create({ email, first_name: runtime });
    check(created.data.type === 'profile' && typeof created.data.id === 'string', 'create_profile returns the profile');
    ids.push(created.data.id);
  }
  steps.push('create profiles');

  // Pages of 2, so the loop follows links.next at least once.
  const listed = [];
  for await (const profile of klaviyo.profiles.list({ pageSize: 2, filter: { email: { any: emails } } })) listed.push(profile.id);
  check(
    ids.every((id) => listed.includes(id)),
    `for await lists every created profile (got ${listed.length})`,
  );
  steps.push('list with for await');

  const tracked = await klaviyo.events.create({
    metric: 'Runtime Smoke Test',
    profile: { email: emails[0] },
    properties: { runtime, note: 'naïve café ☕' },
    value: 9.5,
    uniqueId: `smoke-${runtime}`,
  });
  check(tracked === undefined, 'create_event resolves to undefined (202)');
  steps.push('track an event');

  const missing = await klaviyo.profiles.get('01J0000000000000000000SMOK').then(
    () => undefined,
    (error) => error,
  );
  check(missing instanceof NotFoundError, `a missing profile rejects with NotFoundError (got ${describe(missing)})`);
  steps.push('404 as NotFoundError');

  // The light client and a standalone operation, as an edge bundle would use them.
  const core = new sdk.core.KlaviyoCore({ apiKey, baseUrl, maxRetries: 0, fetch });
  let viaOperations = 0;
  for await (const profile of sdk.operations.getProfiles(core, { pageSize: 2, filter: { email: { any: emails } } })) {
    if (ids.includes(profile.id)) viaOperations++;
  }
  check(viaOperations === ids.length, `getProfiles(core) lists the created profiles (got ${viaOperations})`);
  steps.push('KlaviyoCore + getProfiles');

  return { runtime, steps, userAgents: [...userAgents] };
}

function check(condition, what) {
  if (!condition) throw new Error(`smoke: ${what}`);
}

function describe(value) {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}
