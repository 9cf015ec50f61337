/**
 * Property (issue 12, item 2): every public method — each resource method of `Klaviyo` and each function of
 * `klaviyo-ts/operations` — given arguments of the wrong type (`undefined`, numbers for strings, strings for
 * arrays or objects, cycles, BigInts…) rejects with a `ValidationError`, never a `TypeError`, and sends
 * nothing. The last argument, the per-call `RequestOptions`, is checked by the transport and left out here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readOperationShapes } from '../../scripts/generate-api.js';
import { HAND_WRITTEN, METHODS } from '../../scripts/method-names.js';
import { Klaviyo, KlaviyoError, ValidationError } from '../../src/index.js';
import * as functions from '../../src/operations/index.js';
import { BaseResource, Resource } from '../../src/resources/resource.js';
import { BulkJobsResource } from '../../src/resources/bulk-jobs.js';

/** What an argument is: a string (an id), an object or array (required or optional), or an id or list of ids. */
type Kind = 'string' | 'object' | 'optionalObject' | 'array' | 'stringOrArray';

/** The hand-written methods' parameters, before `options`. A method missing here and from the generated ones fails the test. */
const HAND_WRITTEN_PARAMETERS: Record<string, Kind[]> = {
  'campaigns.list': ['object'],
  'campaigns.create': ['object'],
  'campaigns.clone': ['string', 'optionalObject'],
  'campaigns.assignTemplate': ['string', 'string'],
  'campaigns.send': ['string'],
  'campaigns.cancelSend': ['string'],
  'campaigns.revertSend': ['string'],
  'campaigns.estimateRecipients': ['string'],
  'campaigns.messages.update': ['string', 'object'],
  'events.create': ['object'],
  'events.bulkCreate': ['array'],
  'flows.updateStatus': ['string', 'string'],
  'lists.addProfiles': ['string', 'array'],
  'lists.removeProfiles': ['string', 'array'],
  'metrics.aggregate': ['object'],
  'profiles.update': ['string', 'object', 'optionalObject'],
  'profiles.createOrUpdate': ['object', 'optionalObject'],
  'profiles.merge': ['string', 'stringOrArray'],
  'profiles.subscribe': ['object'],
  'profiles.unsubscribe': ['object'],
  'profiles.suppress': ['array'],
  'profiles.unsuppress': ['array'],
  'profiles.bulkImport': ['array', 'optionalObject'],
  'reports.campaignValues': ['object'],
  'reports.flowValues': ['object'],
  'reports.flowSeries': ['object'],
  'reports.segmentValues': ['object'],
  'reports.segmentSeries': ['object'],
  'catalogs.items.bulkCreate': ['array'],
  'catalogs.items.bulkUpdate': ['array'],
  'catalogs.items.bulkDelete': ['array'],
  'catalogs.variants.bulkCreate': ['array'],
  'catalogs.variants.bulkUpdate': ['array'],
  'catalogs.variants.bulkDelete': ['array'],
  'catalogs.categories.bulkCreate': ['array'],
  'catalogs.categories.bulkUpdate': ['array'],
  'catalogs.categories.bulkDelete': ['array'],
  'coupons.codes.bulkCreate': ['array'],
  // A path or URL string, or a Blob, URL or bytes: the wrong types drawn for a string are wrong here too.
  'images.upload': ['string', 'optionalObject'],
  'templates.render': ['string', 'object'],
  'dataPrivacy.requestDeletion': ['object'],
};

const shapes = readOperationShapes();
/** Generated methods and functions: path parameters, then the body (or its attributes), then the query. */
const generatedKinds = (shape: (typeof shapes)[number]): Kind[] => [
  ...shape.pathParams.map((): Kind => 'string'),
  ...(shape.hasBody ? ['object' as const] : []),
  ...(shape.hasQuery ? ['optionalObject' as const] : []),
];
const generatedMethods = new Map(
  shapes.filter((shape) => !HAND_WRITTEN.has(shape.id)).map((shape) => [METHODS[shape.id]!, generatedKinds(shape)]),
);

const cyclic = () => {
  const value: Record<string, unknown> = { name: 'loop' };
  value['self'] = value;
  return value;
};
const cyclicArray = () => {
  const value: unknown[] = ['a'];
  value.push(value);
  return value;
};
/** Values of every type but `kind`'s (a string is wrong for an array too: "strings for arrays"). */
function wrong(kind: Kind): fc.Arbitrary<unknown> {
  const common = [
    fc.constant(null),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.bigInt(),
    fc.constant(Symbol('x')),
    fc.constant(() => 'function'),
  ];
  const strings = fc.string({ minLength: 1 });
  const objects = fc.oneof(fc.object(), fc.constant(cyclic()), fc.constant({ total: 10n }), fc.constant(new Map([['a', 1]])));
  const arrays = fc.oneof(fc.array(fc.anything(), { minLength: 1 }), fc.constant(cyclicArray()), fc.constant([10n]));
  switch (kind) {
    case 'string':
      return fc.oneof(fc.constant(undefined), ...common, objects, arrays);
    case 'object':
      return fc.oneof(fc.constant(undefined), ...common, strings, arrays, fc.constant(cyclic()), fc.constant(new Date()));
    case 'optionalObject':
      return fc.oneof(...common, strings, arrays, fc.constant(cyclic()));
    case 'array':
      return fc.oneof(fc.constant(undefined), ...common, strings, objects);
    case 'stringOrArray':
      return fc.oneof(fc.constant(undefined), ...common, objects);
  }
}
/** A value of the right type (not necessarily one Klaviyo accepts). */
function right(kind: Kind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'string':
      return fc.constantFrom('abc123', 'sarah.mason@klaviyo-demo.com');
    case 'object':
      return fc.constant({});
    case 'optionalObject':
      return fc.constantFrom(undefined, {});
    case 'array':
      return fc.constant([]);
    case 'stringOrArray':
      return fc.constantFrom('abc123', ['abc123']);
  }
}
/** Arguments for `kinds`, at least one of them of a wrong type. */
function badArguments(kinds: Kind[]): fc.Arbitrary<unknown[]> {
  return fc
    .tuple(...kinds.map(() => fc.boolean()))
    .filter((flags) => flags.some(Boolean))
    .chain((flags) => fc.tuple(...kinds.map((kind, i) => (flags[i] ? wrong(kind) : right(kind)))));
}

let sent = 0;
const klaviyo = new Klaviyo({
  apiKey: 'pk_test_0123456789abcdef',
  rateLimit: false,
  maxRetries: 0,
  fetch: async () => {
    sent++;
    return new Response(null, { status: 202 });
  },
});

/** Calls `invoke` and expects a promise rejecting with a ValidationError, and no request. */
async function expectRefused(invoke: () => unknown): Promise<void> {
  sent = 0;
  let result: unknown;
  try {
    result = invoke();
  } catch (error) {
    throw new Error(`threw synchronously instead of rejecting: ${String(error)}`);
  }
  const error = await Promise.resolve(result).then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  if (!(error instanceof KlaviyoError)) throw error;
  expect(error).toBeInstanceOf(ValidationError);
  expect(sent).toBe(0);
}

/** Every method of the resource objects under `klaviyo`, by dotted path (`campaigns.messages.update`). */
function resourceMethods(): Array<[string, (...args: unknown[]) => unknown]> {
  const found: Array<[string, (...args: unknown[]) => unknown]> = [];
  const visit = (resource: BaseResource, path: string) => {
    for (
      let proto = Object.getPrototypeOf(resource);
      // The bases' own methods (call, startBulkJobs…) are how helpers are written, not what users call.
      proto && proto !== BaseResource.prototype && proto !== Resource.prototype && proto !== BulkJobsResource.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const value = Object.getOwnPropertyDescriptor(proto, name)?.value;
        if (name !== 'constructor' && typeof value === 'function' && !found.some(([p]) => p === `${path}.${name}`)) {
          found.push([`${path}.${name}`, value.bind(resource)]);
        }
      }
    }
    for (const [name, child] of Object.entries(resource)) if (child instanceof BaseResource) visit(child, `${path}.${name}`);
  };
  for (const [name, value] of Object.entries(klaviyo)) if (value instanceof BaseResource) visit(value, name);
  return found;
}

const methods = resourceMethods();

describe('every public method refuses arguments of the wrong type with a ValidationError, sending nothing', () => {
  it('knows the parameters of every resource method', () => {
    const unknown = methods.map(([path]) => path).filter((path) => !generatedMethods.has(path) && !HAND_WRITTEN_PARAMETERS[path]);
    expect(unknown).toEqual([]);
    expect(methods.length).toBeGreaterThan(140);
  });

  it.each(methods)('klaviyo.%s', async (path, method) => {
    const kinds = generatedMethods.get(path) ?? HAND_WRITTEN_PARAMETERS[path]!;
    await fc.assert(
      fc.asyncProperty(badArguments(kinds), (args) => expectRefused(() => method(...args))),
      { numRuns: 15 },
    );
  });

  it.each(shapes.map((shape) => [shape.functionName, shape] as const))('operations.%s', async (name, shape) => {
    const fn = (functions as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
    await fc.assert(
      fc.asyncProperty(badArguments(generatedKinds(shape)), (args) => expectRefused(() => fn(klaviyo, ...args))),
      { numRuns: 15 },
    );
  });
});
