/**
 * Every in-scope operation, through the SDK method that wraps it (a hand-written typical call from the
 * recipe files, or, for a generated method without one, a call derived from the naming table with the
 * spec's sample body), against msw answering with a document
 * sampled from the spec: the request's method and path are the spec's, its body validates against the
 * spec's request schema (ajv, independent of our zod schemas), and the response — with an unknown
 * attribute added — comes back validated with that attribute kept.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/core/operations.js';
import { Klaviyo } from '../../src/index.js';
import { readOperationShapes } from '../../scripts/generate-api.js';
import { METHODS } from '../../scripts/method-names.js';
import { ajvValidator, operations as specOperations, sample } from '../schemas/spec-tools.js';
import { calls as campaignsFlowsMetricsReports } from './campaigns-flows-metrics-reports.js';
import { calls as lists } from './lists.js';
import { calls as profilesEventsSegments } from './profiles-events-segments.js';

const API = 'https://a.klaviyo.com';
const recipes: Record<string, (k: Klaviyo) => Promise<unknown>> = {
  ...lists,
  ...profilesEventsSegments,
  ...campaignsFlowsMetricsReports,
};
const shapes = new Map(readOperationShapes().map((shape) => [shape.id, shape]));

/**
 * The call of a generated method as the naming table places it: an id for each path parameter, then the
 * spec's sample body (its attributes, where the method takes only those).
 */
function derivedCall(id: string): ((k: Klaviyo) => Promise<unknown>) | undefined {
  const shape = shapes.get(id);
  const path = METHODS[id];
  if (!shape || !path) return undefined;
  return (k) => {
    const names = path.split('.');
    const target = names.slice(0, -1).reduce<any>((object, name) => object[name], k);
    const args: unknown[] = shape.pathParams.map(() => 'abc123');
    if (shape.requestSchema) {
      const body = sample(shape.requestSchema);
      args.push(shape.envelope ? body.data.attributes : body);
    }
    return target[names.at(-1)!](...args);
  };
}
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const klaviyo = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false, maxRetries: 0 });
const UNKNOWN = 'x_attribute_from_the_future';

/** Adds an attribute the SDK has never heard of to every resource object in a sampled document. */
function withUnknownAttribute(document: any): any {
  const resources = Array.isArray(document?.data) ? document.data : document?.data ? [document.data] : [];
  for (const resource of resources) {
    if (resource && typeof resource === 'object') resource.attributes = { ...(resource.attributes ?? {}), [UNKNOWN]: 'kept' };
  }
  return { ...document, [`${UNKNOWN}_top`]: 'kept' };
}

interface Seen {
  method: string;
  path: string;
  body: unknown;
}

const verified: string[] = [];

describe('conformance with the OpenAPI spec', () => {
  it.each(specOperations.map((op) => [op.id, op] as const))('%s', async (id, specOp) => {
    const call = recipes[id] ?? derivedCall(id);
    expect(call, `no SDK method is registered for ${id}`).toBeTypeOf('function');
    const op = operations[id as keyof typeof operations];
    const status = op.success[0]!;
    const seen: Seen[] = [];
    server.resetHandlers(
      http.all(`${API}/*`, async ({ request }) => {
        const text = await request.text();
        seen.push({ method: request.method, path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined });
        if (!specOp.response) return new HttpResponse(null, { status });
        return HttpResponse.json(withUnknownAttribute(sample(specOp.response)), { status });
      }),
    );

    const result = await call!(klaviyo);

    expect(seen.length, 'one request per typical call').toBeGreaterThanOrEqual(1);
    const template = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const request of seen) {
      expect(request.method).toBe(op.method);
      expect(request.path).toMatch(template);
      if (specOp.request) {
        const validate = ajvValidator(specOp.request);
        expect(validate(request.body), JSON.stringify(validate.errors)).toBe(true);
      } else {
        expect(request.body).toBeUndefined();
      }
    }
    if (specOp.response) expect(JSON.stringify(result)).toContain(UNKNOWN);
    verified.push(id);
  });

  it('covers every in-scope operation', () => {
    console.log(`conformance: ${verified.length}/${specOperations.length} operations verified against the spec`);
    expect(verified).toHaveLength(148);
  });
});
