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
import { KlaviyoClient } from '../../src/client-api.js';
import type { OperationSpec } from '../../src/core/operations.generated.js';
import { operations } from '../../src/core/operations.js';
import { Klaviyo } from '../../src/index.js';
import { readOperationShapes } from '../../scripts/generate-api.js';
import { METHODS } from '../../scripts/method-names.js';
import { ajvValidator, operations as specOperations, sample } from '../schemas/spec-tools.js';
import { calls as campaignsFlowsMetricsReports } from './campaigns-flows-metrics-reports.js';
import { calls as catalogsCouponsImagesTemplates } from './catalogs-coupons-images-templates.js';
import { calls as lists } from './lists.js';
import { calls as profilesEventsSegments } from './profiles-events-segments.js';

const API = 'https://a.klaviyo.com';
const recipes: Record<string, (k: Klaviyo) => Promise<unknown>> = {
  ...lists,
  ...profilesEventsSegments,
  ...campaignsFlowsMetricsReports,
  ...catalogsCouponsImagesTemplates,
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
    // The client API's methods are on KlaviyoClient, whose root the naming table calls `client`.
    const names = path.startsWith('client.') ? path.split('.').slice(1) : path.split('.');
    const facade: object = path.startsWith('client.') ? klaviyoClient : k;
    const target = names.slice(0, -1).reduce<any>((object, name) => object[name], facade);
    const args: unknown[] = shape.pathParams.map(() => 'abc123');
    if (shape.requestSchema) {
      const body = asSent(shape.requestSchema.name, sample(shape.requestSchema.name));
      args.push(shape.envelope ? body.data.attributes : body);
    }
    if (shape.queryRequired) args.push(requiredQuery(id));
    return target[names.at(-1)!](...args);
  };
}

/** The query an operation cannot go without: a condition on its first filterable field, and its required parameters. */
function requiredQuery(id: string): Record<string, unknown> {
  const op: OperationSpec = operations[id as keyof typeof operations];
  const query: Record<string, unknown> = {};
  if (op.filterRequired && op.filter) {
    const [field, operators] = Object.entries(op.filter)[0]!;
    const operator = operators[0]!;
    const value = operator === 'has' ? true : op.datetime?.includes(field) ? new Date('2026-07-15T00:00:00Z') : 'abc';
    query['filter'] = {
      [field]: { [operator.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]: operator === 'any' ? [value] : value },
    };
  }
  for (const [option, param] of Object.entries(op.params ?? {})) if (param.required) query[option] = param.enum?.[0] ?? 'abc';
  return query;
}

/** A sampled body as the SDK takes it: a multipart form's file (a string in JSON Schema) as a Blob. */
function asSent(component: string, body: any): any {
  if (component !== 'ImageUploadQuery') return body;
  return { ...body, file: new Blob([FILE_BYTES], { type: 'image/png' }) };
}
const FILE_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What the test checks of a request's body: the JSON document, or for a multipart form its fields as the spec
 * names them (the file part as text: JSON Schema types it as a string), after checking the file arrived whole.
 */
async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get('content-type')?.startsWith('multipart/form-data')) {
    const form = await request.formData();
    const fields: Record<string, unknown> = {};
    for (const [name, value] of form) {
      if (typeof value === 'string') fields[name] = value === 'true' ? true : value === 'false' ? false : value;
      else {
        expect(new Uint8Array(await value.arrayBuffer())).toEqual(FILE_BYTES);
        fields[name] = value.name;
      }
    }
    return fields;
  }
  const text = await request.text();
  return text ? JSON.parse(text) : undefined;
}
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const klaviyo = new Klaviyo({ apiKey: 'pk_test_0123456789abcdef', rateLimit: false, maxRetries: 0 });
const COMPANY_ID = 'AbC123';
const klaviyoClient = new KlaviyoClient({ companyId: COMPANY_ID, rateLimit: false, maxRetries: 0 });
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
  companyId: string | null;
  authorization: string | null;
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
        const url = new URL(request.url);
        seen.push({
          method: request.method,
          path: url.pathname,
          body: await bodyOf(request),
          companyId: url.searchParams.get('company_id'),
          authorization: request.headers.get('authorization'),
        });
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
      if (op.path.startsWith('/client/')) {
        // The public key names the account; a private key must never reach a browser's request.
        expect(request.companyId).toBe(COMPANY_ID);
        expect(request.authorization).toBeNull();
      } else {
        expect(request.companyId).toBeNull();
        expect(request.authorization).toMatch(/^Klaviyo-API-Key pk_/);
      }
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
    expect(verified).toHaveLength(345);
  });
});
