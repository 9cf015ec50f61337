/**
 * What the schema tests need from the spec: sample documents (openapi-sampler) and an independent
 * validator (ajv) that reads the spec's OpenAPI 3.0 schemas as JSON Schema.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import OpenAPISampler from 'openapi-sampler';
import { readSpec } from '../../scripts/generate-operations.js';
import { readOperationSchemas, refName, requestStringFormat } from '../../scripts/generate-schemas.js';
import { E164_PATTERN } from '../../src/schemas/runtime.js';

type Json = any;

// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as typeof addFormatsModule.default;

export const spec: Json = readSpec();
export const operations = readOperationSchemas(spec);
const components: Record<string, Json> = spec.components.schemas;

export function sample(componentName: string, options: { skipNonRequired?: boolean } = {}): Json {
  const sampled = OpenAPISampler.sample(
    { $ref: `#/components/schemas/${componentName}` },
    { skipReadOnly: false, ...options },
    spec,
  );
  if (ajvValidator(componentName)(sampled)) return sampled;
  // openapi-sampler mixes the members of an anyOf of closed objects (a form's blocks) and cuts a recursive
  // schema (a form's steps within steps) into an object missing its required members: a document the spec
  // itself refuses. Such components get a document that takes one member of each union instead.
  return firstMemberSample({ $ref: `#/components/schemas/${componentName}` }, !!options.skipNonRequired, []);
}

/**
 * A document for `s` that the spec accepts: the first union member that can be written without going
 * round a reference cycle (else null, where the spec allows it), required members (and, unless `minimal`,
 * the others), enum values, examples, and strings in the spec's formats.
 */
function firstMemberSample(s: Json, minimal: boolean, stack: string[]): Json {
  if (s?.$ref) {
    const name = refName(s.$ref);
    if (stack.includes(name)) throw new Cycle();
    return firstMemberSample(components[name], minimal, [...stack, name]);
  }
  if (!s || typeof s !== 'object') return null;
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) {
    for (const member of alternatives) {
      try {
        return firstMemberSample(member, minimal, stack);
      } catch (error) {
        if (!(error instanceof Cycle)) throw error;
      }
    }
    if (s.nullable) return null;
    throw new Cycle();
  }
  if (s.allOf) return Object.assign({}, ...s.allOf.map((part: Json) => firstMemberSample(part, minimal, stack)));
  if (s.enum) return s.enum.find((v: unknown) => v !== null) ?? null;
  if (s.example !== undefined && s.type !== 'object' && s.type !== 'array') return s.example;
  switch (s.type) {
    case 'string':
      if (s.format === 'date-time') return '2026-07-15T12:00:00+00:00';
      if (s.format === 'date') return '2026-07-15';
      return 'string';
    case 'integer':
    case 'number':
      return s.minimum ?? 0;
    case 'boolean':
      return true;
    case 'array': {
      try {
        return [firstMemberSample(s.items, minimal, stack)];
      } catch (error) {
        if (error instanceof Cycle) return [];
        throw error;
      }
    }
    default: {
      const out: Json = {};
      const required = new Set<string>(s.required ?? []);
      for (const [key, property] of Object.entries<Json>(s.properties ?? {})) {
        if (minimal && !required.has(key)) continue;
        try {
          out[key] = firstMemberSample(property, minimal, stack);
        } catch (error) {
          if (!(error instanceof Cycle) || required.has(key)) throw error;
        }
      }
      return out;
    }
  }
}

/** Thrown where a document would go round a reference cycle: the caller takes another member. */
class Cycle extends Error {}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable: true` becomes "or null", oneOf is read as anyOf, an object with listed
 * properties refuses any other key; request strings the generator checks as emails or E.164 phone numbers get the same
 * rule here, so both validators judge the same thing.
 */
function toJsonSchema(s: Json, propertyName?: string): Json {
  if (Array.isArray(s)) return s.map((x) => toJsonSchema(x));
  if (!s || typeof s !== 'object') return s;
  const out: Json = {};
  for (const [k, v] of Object.entries<Json>(s)) {
    if (k === 'nullable' || k === 'example' || k === 'description') continue;
    // The spec's oneOf branches are open objects (send options for email vs SMS share keys), so a real
    // body often matches two and "exactly one" would refuse every one of them. Read them as anyOf, which
    // is also what the generated z.union does.
    if (k === 'oneOf') out.anyOf = toJsonSchema(v);
    else if (k === 'properties')
      out.properties = Object.fromEntries(Object.entries<Json>(v).map(([n, p]) => [n, toJsonSchema(p, n)]));
    else out[k] = toJsonSchema(v);
  }
  // Closed as the generator closes request objects: keys the spec does not list are refused.
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  const format = requestStringFormat(propertyName, s);
  if (format === 'email') out.format = 'email';
  if (format === 'phone') out.pattern = E164_PATTERN.source;
  return s.nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** An ajv validator for a request component, following the spec's own `$ref`s. */
export function ajvValidator(componentName: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'klaviyo.json', components: { schemas: toJsonSchema(components) } });
  }
  let v = validators.get(componentName);
  if (!v) {
    v = ajv.compile({ $ref: `klaviyo.json#/components/schemas/${componentName}` });
    validators.set(componentName, v);
  }
  return v;
}

function resolve(s: Json): Json {
  return s?.$ref ? resolve(components[refName(s.$ref)]) : s;
}

/** The properties and required names of an object schema, allOf parts merged. */
function objectParts(s: Json): { properties: Record<string, Json>; required: string[] } {
  s = resolve(s);
  const properties: Record<string, Json> = { ...(s?.properties ?? {}) };
  const required: string[] = [...(s?.required ?? [])];
  for (const part of s?.allOf ?? []) {
    const p = objectParts(part);
    for (const [k, v] of Object.entries(p.properties)) properties[k] = properties[k] ? { allOf: [properties[k], v] } : v;
    required.push(...p.required);
  }
  return { properties, required };
}

export type Path = Array<string | number>;

/**
 * Walks a sample alongside its schema, calling `visit` with each value's path and (resolved) schema.
 * oneOf/anyOf follow every branch (the sampler takes the first; the callbacks check the value themselves).
 */
export function walk(
  schema: Json,
  value: Json,
  visit: (path: Path, schema: Json, value: Json, required: boolean) => void,
  path: Path = [],
  required = true,
) {
  const s = resolve(schema);
  if (!s) return;
  visit(path, s, value, required);
  for (const part of s.allOf ?? []) walk(part, value, visit, path, required);
  for (const branch of s.oneOf ?? s.anyOf ?? []) walk(branch, value, visit, path, required);
  if (Array.isArray(value) && s.items) value.forEach((item, i) => walk(s.items, item, visit, [...path, i]));
  if (value && typeof value === 'object' && !Array.isArray(value) && s.properties) {
    const req = new Set(s.required ?? []);
    for (const [k, p] of Object.entries<Json>(s.properties)) if (k in value) walk(p, value[k], visit, [...path, k], req.has(k));
  }
}

export function getAt(doc: Json, path: Path): Json {
  return path.reduce((v, k) => v?.[k], doc);
}

export function setAt(doc: Json, path: Path, value: Json): void {
  const parent = getAt(doc, path.slice(0, -1));
  parent[path[path.length - 1]!] = value;
}

export function deleteAt(doc: Json, path: Path): void {
  const parent = getAt(doc, path.slice(0, -1));
  delete parent[path[path.length - 1]!];
}

export { objectParts };

/** Every component the spec lets component `name` reach through `$ref`s, itself included. */
export function reachableComponents(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  const visit = (s: Json): void => {
    if (Array.isArray(s)) s.forEach(visit);
    else if (s && typeof s === 'object') {
      for (const [k, v] of Object.entries<Json>(s)) {
        if (k === '$ref' && typeof v === 'string') reachableComponents(refName(v), seen);
        else if (k !== 'example' && k !== 'enum' && k !== 'default') visit(v);
      }
    }
  };
  visit(components[name]);
  return seen;
}
