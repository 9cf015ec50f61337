/**
 * Test-only access to Klaviyo's OpenAPI spec: response validation with ajv and request samples from
 * openapi-sampler. The shipped mock never reads the spec; only these tests do.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
const sampler = require('openapi-sampler') as { sample(schema: unknown, options: unknown, spec: unknown): unknown };

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SPEC_FILE = join(process.env['KLAVIYO_SHARED_DIR'] ?? join(root, '..', 'shared', 'klaviyo'), 'openapi-2024-10-15.json');

/** The parsed spec. */
export const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as any;

/** Each operation id → its spec entry. */
export const specOperations = new Map<string, { method: string; path: string; op: any }>();
for (const [path, item] of Object.entries<any>(spec.paths)) {
  for (const [method, op] of Object.entries<any>(item))
    if (op?.operationId) specOperations.set(op.operationId, { method: method.toUpperCase(), path, op });
}

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable: true` becomes a type array (or an anyOf with null around
 * a `$ref`, whose siblings draft-07 ignores), and `oneOf` becomes `anyOf`, because Klaviyo's spec uses
 * `oneOf` over overlapping shapes (email and SMS send options are identical objects) without a
 * discriminator, which no valid document could satisfy exactly once.
 */
export function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'discriminator') continue;
    if (key === '$ref' && typeof value === 'string')
      out.$ref = value.replace('#/components/schemas/', 'spec#/components/schemas/');
    else out[key === 'oneOf' ? 'anyOf' : key] = toJsonSchema(value);
  }
  if (node.nullable === true) {
    if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (!out.type && (out.anyOf || out.allOf)) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => void;
addFormats(ajv);
ajv.addSchema({ $id: 'spec', components: { schemas: toJsonSchema(spec.components.schemas) } });
const validators = new Map<string, ValidateFunction>();

/** Validates a response body against the spec's schema for the operation and status; returns error text or ''. */
export function responseErrors(operationId: string, status: number, body: unknown): string {
  const entry = specOperations.get(operationId)!;
  const response = entry.op.responses[String(status)];
  if (!response) return `status ${status} is not documented`;
  const schema = response.content?.['application/vnd.api+json']?.schema;
  if (!schema) return body === undefined ? '' : 'documented without a body, but a body was sent';
  const key = `${operationId}:${status}`;
  const validate = validators.get(key) ?? ajv.compile(toJsonSchema(schema));
  validators.set(key, validate);
  return validate(body) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

/** A request body sampled from the spec's request schema (read-only properties skipped). */
export function sampleRequestBody(operationId: string): any {
  const entry = specOperations.get(operationId)!;
  const schema = entry.op.requestBody?.content?.['application/vnd.api+json']?.schema;
  return schema ? structuredClone(sampler.sample(schema, { skipReadOnly: true }, spec)) : undefined;
}
