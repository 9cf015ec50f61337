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
/** The repository's own copy of the spec the SDK is generated from (see spec/README.md). */
const SPEC_FILE = join(root, 'spec', 'openapi-2026-07-15.json');

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
 *
 * `closed` also refuses every key an object schema does not list (`additionalProperties: false`), after
 * merging `allOf` parts into one object (a closed part would otherwise refuse its sibling's keys). The spec
 * leaves its objects open because Klaviyo adds fields without notice; the mock has no such excuse, so a
 * closed reading proves each answer uses 2026-07-15 names only: a stale attribute (a campaign message's
 * top-level `channel`, a profile's `anonymous_id`) fails.
 */
export function toJsonSchema(node: any, closed = false, prefix = 'spec'): any {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, closed, prefix));
  if (!node || typeof node !== 'object') return node;
  if (closed && Array.isArray(node.allOf)) node = mergeAllOf(node);
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'discriminator') continue;
    if (key === '$ref' && typeof value === 'string')
      out.$ref = value.replace('#/components/schemas/', `${prefix}#/components/schemas/`);
    else if (key === 'properties')
      out.properties = Object.fromEntries(
        Object.entries<any>(value as object).map(([name, p]) => [name, toJsonSchema(p, closed, prefix)]),
      );
    else out[key === 'oneOf' ? 'anyOf' : key] = toJsonSchema(value, closed, prefix);
  }
  if (closed && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (node.nullable === true) {
    if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (!out.type && (out.anyOf || out.allOf || out.properties)) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function deref(node: any): any {
  while (node && typeof node === 'object' && typeof node.$ref === 'string')
    node = spec.components.schemas[node.$ref.replace('#/components/schemas/', '')];
  return node;
}

/** One object schema holding every `allOf` part's properties (same-named properties merged the same way). */
function mergeAllOf(node: any): any {
  const { allOf, ...rest } = node;
  return (allOf as any[]).reduce((merged, part) => mergeObjects(merged, deref(part)), rest);
}

function mergeObjects(a: any, b: any): any {
  if (Array.isArray(b?.allOf)) b = mergeAllOf(b);
  if (Array.isArray(a?.allOf)) a = mergeAllOf(a);
  const out: any = { ...a, ...b };
  if (a?.properties && b?.properties) {
    out.properties = { ...a.properties };
    for (const [name, p] of Object.entries<any>(b.properties))
      out.properties[name] = name in a.properties ? mergeObjects(deref(a.properties[name]), deref(p)) : p;
  }
  if (a?.required || b?.required) out.required = [...new Set([...(a?.required ?? []), ...(b?.required ?? [])])];
  if (a?.nullable || b?.nullable) out.nullable = true;
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => void;
addFormats(ajv);
ajv.addSchema({ $id: 'spec', components: { schemas: toJsonSchema(spec.components.schemas) } });
ajv.addSchema({ $id: 'closed', components: { schemas: toJsonSchema(spec.components.schemas, true, 'closed') } });
const validators = new Map<string, ValidateFunction>();

/**
 * Validates a response body against the spec's schema for the operation and status; returns error text or ''.
 * `closed` (see `toJsonSchema`) also refuses keys the spec does not list.
 */
export function responseErrors(operationId: string, status: number, body: unknown, closed = false): string {
  const entry = specOperations.get(operationId)!;
  const response = entry.op.responses[String(status)];
  if (!response) return `status ${status} is not documented`;
  const schema = response.content?.['application/vnd.api+json']?.schema;
  if (!schema) return body === undefined ? '' : 'documented without a body, but a body was sent';
  const key = `${operationId}:${status}:${closed}`;
  const validate = validators.get(key) ?? ajv.compile(toJsonSchema(schema, closed, closed ? 'closed' : 'spec'));
  validators.set(key, validate);
  return validate(body) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

/** A request body sampled from the spec's request schema (read-only properties skipped). */
export function sampleRequestBody(operationId: string): any {
  const entry = specOperations.get(operationId)!;
  const schema = entry.op.requestBody?.content?.['application/vnd.api+json']?.schema;
  return schema ? structuredClone(sampler.sample(schema, { skipReadOnly: true }, spec)) : undefined;
}

/** Every `attributes` schema the spec gives a resource type, wherever a resource object of that type appears. */
const attributeSchemas = new Map<string, any[]>();
(function collect(node: any): void {
  if (Array.isArray(node)) return node.forEach(collect);
  if (!node || typeof node !== 'object') return;
  const type = deref(node.properties?.type)?.enum;
  if (node.properties?.attributes && Array.isArray(type) && type.length === 1) {
    const list = attributeSchemas.get(type[0]) ?? [];
    list.push(node.properties.attributes);
    attributeSchemas.set(type[0], list);
  }
  for (const value of Object.values(node)) collect(value);
})(spec.components.schemas);

/** The schemas a dotted attribute path reaches on `type` (through `$ref`, allOf/anyOf/oneOf and arrays). */
function attributeAt(type: string, path: string): any[] {
  const expand = (node: any): any[] => {
    const n = deref(node);
    if (!n || typeof n !== 'object') return [];
    const parts = [...(n.allOf ?? []), ...(n.anyOf ?? []), ...(n.oneOf ?? [])].flatMap(expand);
    return [n.type === 'array' ? deref(n.items) : n, ...parts];
  };
  let nodes = attributeSchemas.get(type) ?? [];
  for (const key of path.split('.'))
    nodes = nodes.flatMap(expand).flatMap((n) => (n.properties?.[key] ? [n.properties[key]] : []));
  return nodes.flatMap(expand);
}

/** Whether the spec types `type`'s attribute at a dotted `path` as a datetime (`string`, `format: date-time`). */
export function isDatetimeAttribute(type: string, path: string): boolean {
  return attributeAt(type, path).some((n) => n.type === 'string' && n.format === 'date-time');
}

/** The resource type an operation's 2xx answer holds in `data`, from its response schema. */
export function dataTypeOf(operationId: string): string | undefined {
  const { op } = specOperations.get(operationId)!;
  const ok = Object.keys(op.responses).find((status) => status.startsWith('2'))!;
  const find = (node: any): string | undefined => {
    const n = deref(node);
    if (!n || typeof n !== 'object') return undefined;
    const type = deref(n.properties?.type)?.enum;
    if (Array.isArray(type)) return type[0];
    for (const part of [...(n.allOf ?? []), ...(n.anyOf ?? []), ...(n.oneOf ?? [])]) {
      const found = find(part);
      if (found) return found;
    }
    return n.type === 'array' ? find(n.items) : undefined;
  };
  return find(deref(op.responses[ok].content?.['application/vnd.api+json']?.schema)?.properties?.data);
}
