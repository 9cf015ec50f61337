/**
 * Compares two of Klaviyo's OpenAPI specs operation by operation and prints a Markdown report: per category,
 * which operations were added or removed, and for the others what changed in the request body, the success
 * responses, the query parameters, the endpoint (method, path), the rate limits and the scopes.
 *
 * Run: `npm run revision-diff -- OLD.json NEW.json [--category Profiles,Lists] [--out FILE]`
 *
 * Schemas are compared after resolving every `$ref` and merging `allOf`, ignoring descriptions, examples and
 * `x-` keys, so a spec that only renames or regroups its components shows no change. A request-body change
 * is **breaking** when a body valid under the old revision can be refused under the new one (a new required
 * property, a removed property, a narrowed type or enum); a query change is breaking when a parameter or
 * value the old revision accepted is gone.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CATEGORIES, parseFilterDescription } from './generate-operations.js';

type Json = any;

/** A schema with `$ref`s resolved, `allOf` merged and documentation dropped: what the wire accepts. */
export interface Shape {
  /** JSON types, sorted, without `null`; empty means any type. */
  types: string[];
  nullable: boolean;
  properties?: Record<string, Shape>;
  required?: string[];
  items?: Shape;
  /** Members of a `oneOf` / `anyOf`. */
  variants?: Shape[];
  enum?: unknown[];
  format?: string;
  default?: unknown;
  additionalProperties?: Shape | boolean;
  /** Numeric and pattern limits (minimum, maxLength, maxItems, pattern, …). */
  limits?: Record<string, unknown>;
  /** The component the shape came from: names union members in the report, never compared. */
  label?: string;
  /** `readOnly` / `writeOnly`: such properties are left out of request / response shapes. */
  access?: 'read' | 'write';
  /** A recursive schema is cut where it re-enters itself; the cut names the component. */
  cycle?: string;
}

/** One fact the report states about an operation. */
export interface Change {
  /** Request body, success response, query parameters, or the endpoint itself (method, path, rate limit, scopes). */
  section: 'body' | 'response' | 'query' | 'endpoint';
  /** Where: a JSON path into the body or response (`data.attributes.name`, `[]` = array items, `<x>` = union member), or a parameter name. */
  path: string;
  /** What changed, in words: `removed`, `now required`, `values added: …`. */
  text: string;
  /** A request the old revision accepted may be refused, or a reader may miss something it used to get. */
  breaking: boolean;
}

/** An operation as the report names it. */
export interface OperationRef {
  /** Klaviyo's operationId, e.g. `get_profiles`. */
  id: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template, e.g. `/api/profiles/{id}`. */
  path: string;
  /** The operation's first tag, e.g. `Profiles`. */
  category: string;
}

/** An operation both specs have, and what changed in it. */
export interface ChangedOperation extends OperationRef {
  changes: Change[];
}

/** One category's operations: added, removed, changed and unchanged. */
export interface CategoryReport {
  name: string;
  /** One of the categories the SDK covers (`CATEGORIES` in scripts/generate-operations.ts). */
  inSdk: boolean;
  oldCount: number;
  newCount: number;
  /** Each added operation; `renamedFrom` when it is a removed operation's endpoint under a new id, with what changed between them. */
  added: Array<OperationRef & { renamedFrom?: string; changes?: Change[] }>;
  removed: Array<OperationRef & { renamedTo?: string }>;
  changed: ChangedOperation[];
  unchanged: string[];
}

/** The whole comparison: which specs, and a report per category (SDK categories first). */
export interface RevisionReport {
  old: { file: string; revision: string; operations: number };
  new: { file: string; revision: string; operations: number };
  categories: CategoryReport[];
}

// ---------------------------------------------------------------------------------------------------------
// Shapes

type Role = 'request' | 'response';
const LIMIT_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength'];
const LIMIT_KEYS_MORE = ['minItems', 'maxItems', 'minProperties', 'maxProperties', 'pattern', 'uniqueItems', 'multipleOf'];

function lookup(spec: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node = spec;
  for (const part of ref.slice(2).split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

/**
 * The shape of `schema` as `role` sees it: a request drops `readOnly` properties (the server ignores them),
 * a response drops `writeOnly` ones (the server never sends them).
 */
export function toShape(schema: Json, spec: Json, role: Role): Shape {
  return new Shaper(spec, role).shape(schema, []).shape;
}

const shaperCaches = new WeakMap<object, Map<string, Shape>>();

/**
 * Expands schemas of one spec. Klaviyo's responses reuse the same components hundreds of times (every
 * `included` resource, every condition group), so each component's shape is built once and shared — but
 * only when it is closed, i.e. every recursion cut inside it re-enters the component itself or something
 * inside it; a shape cut at an outer component depends on where it was reached from.
 */
class Shaper {
  private readonly cache: Map<string, Shape>;

  constructor(
    private readonly spec: Json,
    private readonly role: Role,
  ) {
    let perSpec = shaperCaches.get(spec);
    if (!perSpec) shaperCaches.set(spec, (perSpec = new Map()));
    this.cache = perSpec;
  }

  /** The shape, and the components above it where recursion was cut inside it. */
  shape(schema: Json, stack: readonly string[]): { shape: Shape; open: Set<string> } {
    const open = new Set<string>();
    const sub = (s: Json, st: readonly string[] = stack) => {
      const r = this.shape(s, st);
      for (const name of r.open) open.add(name);
      return r.shape;
    };
    if (schema === true || schema === undefined || schema === null) return { shape: { types: [], nullable: false }, open };
    if (schema.$ref) {
      const name: string = schema.$ref.split('/').pop()!;
      if (stack.includes(name)) return { shape: { types: [], nullable: false, cycle: name, label: name }, open: new Set([name]) };
      // Keys beside a $ref (nullable, readOnly) are taken with it, as Klaviyo's spec means them.
      const { $ref, ...beside } = schema;
      const key = `${this.role}:${$ref}`;
      let target = this.cache.get(key);
      if (!target) {
        target = sub(lookup(this.spec, $ref), [...stack, name]);
        open.delete(name);
        target = { ...target, label: name };
        if (!open.size) this.cache.set(key, target);
      }
      if (!Object.keys(beside).length) return { shape: target, open };
      const extra = sub({ ...beside, type: undefined });
      return { shape: withBeside(target, extra, beside), open };
    }
    const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
    const access = schema.readOnly ? 'read' : schema.writeOnly ? 'write' : undefined;
    if (schema.allOf) {
      const { allOf, ...rest } = schema;
      const parts = [...allOf, ...(hasSchemaKeys(rest) ? [rest] : [])].map((s: Json) => sub(s));
      const merged = parts.reduce(mergeShapes);
      return { shape: { ...merged, nullable: nullable || merged.nullable, ...(access ? { access } : {}) }, open };
    }
    const union = schema.oneOf ?? schema.anyOf;
    if (union) {
      const variants: Shape[] = union.flatMap((s: Json) => {
        const v = sub(s);
        return v.variants ? v.variants : [v];
      });
      const unionNullable = nullable || variants.some((v) => v.nullable);
      // One of several enums of one type is one enum: `oneOf: [GreaterThanEnum, LessThanEnum]` is an operator.
      if (variants.length > 1 && variants.every((v) => v.enum && !v.properties && v.types.join() === variants[0]!.types.join())) {
        const values = [...new Set(variants.flatMap((v) => v.enum!))].sort(compareValues);
        return { shape: { types: variants[0]!.types, nullable: unionNullable, enum: values }, open };
      }
      if (variants.length === 1) return { shape: { ...variants[0]!, nullable: unionNullable }, open };
      return { shape: { types: [], nullable: unionNullable, variants, ...(access ? { access } : {}) }, open };
    }
    const declared = Array.isArray(schema.type)
      ? schema.type.filter((t: string) => t !== 'null')
      : schema.type
        ? [schema.type]
        : [];
    // An enum without a type still says its type: `{ enum: [true] }` is a boolean.
    const fromEnum = schema.enum ? [...new Set<string>(schema.enum.filter((v: unknown) => v !== null).map(jsonType))] : [];
    const types = declared.length ? declared : schema.properties ? ['object'] : schema.items ? ['array'] : fromEnum;
    const shape: Shape = { types: [...types].sort(), nullable };
    if (access) shape.access = access;
    if (schema.properties) {
      const hidden = this.role === 'request' ? 'read' : 'write';
      shape.properties = {};
      for (const [name, s] of Object.entries<Json>(schema.properties)) {
        const prop = sub(s);
        if (prop.access !== hidden) shape.properties[name] = prop;
      }
    }
    if (schema.required) shape.required = [...schema.required].filter((r) => !shape.properties || r in shape.properties).sort();
    if (schema.items) shape.items = sub(schema.items);
    if (schema.enum) shape.enum = [...schema.enum].sort(compareValues);
    if (schema.format) shape.format = schema.format;
    if (schema.default !== undefined) shape.default = schema.default;
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
      shape.additionalProperties = schema.additionalProperties === false ? false : sub(schema.additionalProperties);
    }
    const limits = Object.fromEntries(
      [...LIMIT_KEYS, ...LIMIT_KEYS_MORE].filter((k) => schema[k] !== undefined).map((k) => [k, schema[k]]),
    );
    if (Object.keys(limits).length) shape.limits = limits;
    return { shape, open };
  }
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Keys that constrain a document (as opposed to description, example, `x-…`). */
function hasSchemaKeys(schema: Json): boolean {
  return Object.keys(schema).some((k) => !['description', 'example', 'examples', 'title'].includes(k) && !k.startsWith('x-'));
}

/** A `$ref` with keys beside it: the component's shape, made nullable, read-only, … as those keys say. */
function withBeside(target: Shape, extra: Shape, beside: Json): Shape {
  return {
    ...target,
    nullable: target.nullable || beside.nullable === true,
    ...(extra.access ? { access: extra.access } : {}),
    ...(beside.default !== undefined ? { default: beside.default } : {}),
  };
}

/** `allOf`: the properties and requirements of every part. */
function mergeShapes(a: Shape, b: Shape): Shape {
  const types = !a.types.length ? b.types : !b.types.length ? a.types : a.types.filter((t) => b.types.includes(t));
  const out: Shape = { ...a, ...b, types, nullable: a.nullable && b.nullable };
  if (a.properties || b.properties) {
    out.properties = { ...a.properties };
    for (const [name, prop] of Object.entries(b.properties ?? {})) {
      const mine = out.properties[name];
      out.properties[name] = mine ? mergeShapes(mine, prop) : prop;
    }
  }
  if (a.required || b.required) out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])].sort();
  if (a.label && b.label) out.label = a.label;
  return out;
}

function compareValues(x: unknown, y: unknown): number {
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

const canonCache = new WeakMap<Shape, string>();
/** A string equal for two shapes exactly when the wire accepts the same documents (labels aside). */
function canon(shape: Shape): string {
  let key = canonCache.get(shape);
  if (key === undefined) {
    const { label, access, properties, items, variants, additionalProperties, ...rest } = shape;
    // Hashes of the parts, not the parts: a response expands to millions of nodes, shared many times over.
    key = createHash('sha1')
      .update(
        JSON.stringify([
          rest,
          properties &&
            Object.keys(properties)
              .sort()
              .map((k) => [k, canon(properties[k]!)]),
          items && canon(items),
          variants && variants.map(canon).sort(),
          typeof additionalProperties === 'object' ? canon(additionalProperties) : additionalProperties,
        ]),
      )
      .digest('base64');
    canonCache.set(shape, key);
  }
  return key;
}

/** A one-line picture of a shape, for properties and union members that appear or go away. */
export function describe(shape: Shape, depth = 0): string {
  const nullable = shape.nullable ? ' or null' : '';
  if (shape.cycle) return `${shape.cycle} (recursive)`;
  if (shape.variants) return `one of ${memberNames(shape.variants).join(' | ')}${nullable}`;
  if (shape.enum) return shape.enum.map((v) => JSON.stringify(v)).join(' | ') + nullable;
  if (shape.types.includes('object') && shape.properties && depth < 1) {
    const names = Object.keys(shape.properties).map((k) => (shape.required?.includes(k) ? `${k}*` : k));
    const shown = names.length > 8 ? [...names.slice(0, 8), `… ${names.length - 8} more`] : names;
    return `object {${shown.join(', ')}}${nullable}`;
  }
  if (shape.types.includes('array') && shape.items) return `array of ${describe(shape.items, depth + 1)}${nullable}`;
  const type = shape.types.join(' | ') || 'any';
  const limits = Object.entries(shape.limits ?? {}).map(([k, v]) => `${k} ${JSON.stringify(v)}`);
  if (shape.default !== undefined) limits.push(`default ${JSON.stringify(shape.default)}`);
  const notes = [...(shape.format ? [shape.format] : []), ...limits];
  return `${type}${notes.length ? ` (${notes.join(', ')})` : ''}${nullable}`;
}

// ---------------------------------------------------------------------------------------------------------
// Comparing shapes

interface DiffContext {
  role: Role;
  section: Change['section'];
  out: Change[];
}

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

function push(ctx: DiffContext, path: string, text: string, breaking: boolean) {
  ctx.out.push({ section: ctx.section, path, text, breaking });
}

/** Breaking for whom: a request breaks when the old form is refused, a response when readers can meet something new. */
export function diffShapes(a: Shape, b: Shape, path: string, ctx: DiffContext): void {
  if (canon(a) === canon(b)) return;
  const request = ctx.role === 'request';
  if (a.cycle || b.cycle) {
    push(ctx, path, `recursive shape ${a.cycle ?? describe(a)} → ${b.cycle ?? describe(b)}`, request);
    return;
  }
  if (a.nullable !== b.nullable) {
    push(ctx, path, b.nullable ? 'may now be null' : 'may no longer be null', request ? !b.nullable : b.nullable);
  }
  if (a.variants || b.variants) return diffVariants(a, b, path, ctx);

  const gone = a.types.filter((t) => !b.types.includes(t));
  const come = b.types.filter((t) => !a.types.includes(t));
  if (gone.length || come.length) {
    // An empty type list accepts anything: losing it narrows, gaining it widens.
    const narrowed = gone.length > 0 || (!a.types.length && b.types.length > 0);
    push(ctx, path, `type ${a.types.join(' | ') || 'any'} → ${b.types.join(' | ') || 'any'}`, request ? narrowed : true);
    if (a.types.length && b.types.length && !a.types.some((t) => b.types.includes(t))) return;
  }
  diffEnum(a, b, path, ctx);
  if (a.format !== b.format) {
    const narrowed = b.format !== undefined;
    push(ctx, path, `format ${a.format ?? 'none'} → ${b.format ?? 'none'}`, request && narrowed);
  }
  if (JSON.stringify(a.default) !== JSON.stringify(b.default)) {
    push(ctx, path, `default ${JSON.stringify(a.default) ?? 'none'} → ${JSON.stringify(b.default) ?? 'none'}`, false);
  }
  diffLimits(a, b, path, ctx);
  diffProperties(a, b, path, ctx);
  if (canonOf(a.additionalProperties) !== canonOf(b.additionalProperties)) {
    const before = a.additionalProperties === undefined ? 'any' : describeExtra(a.additionalProperties);
    const after = b.additionalProperties === undefined ? 'any' : describeExtra(b.additionalProperties);
    push(ctx, at(path, '*'), `other keys: ${before} → ${after}`, request && b.additionalProperties !== undefined);
  }
  if (a.items && b.items) diffShapes(a.items, b.items, `${path}[]`, ctx);
  else if (a.items || b.items)
    push(ctx, `${path}[]`, `items ${a.items ? describe(a.items) : 'any'} → ${b.items ? describe(b.items) : 'any'}`, request);
}

function canonOf(extra: Shape | boolean | undefined): string {
  return typeof extra === 'object' ? canon(extra) : String(extra);
}

function describeExtra(extra: Shape | boolean): string {
  return extra === false ? 'none allowed' : extra === true ? 'any' : describe(extra);
}

function diffEnum(a: Shape, b: Shape, path: string, ctx: DiffContext) {
  const request = ctx.role === 'request';
  if (a.enum && b.enum) {
    const gone = a.enum.filter((v) => !b.enum!.some((w) => w === v));
    const come = b.enum.filter((v) => !a.enum!.some((w) => w === v));
    if (gone.length) push(ctx, path, `no longer allows ${listValues(gone)}`, request);
    // A response enum that grows can hand readers a value they do not know; Klaviyo says to expect that.
    if (come.length) push(ctx, path, `now also allows ${listValues(come)}`, false);
  } else if (a.enum && !b.enum) {
    push(ctx, path, `any value now (was ${listValues(a.enum)})`, !request);
  } else if (!a.enum && b.enum) {
    push(ctx, path, `restricted to ${listValues(b.enum)}`, request);
  }
}

function listValues(values: unknown[]): string {
  return values.map((v) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``).join(', ');
}

function diffLimits(a: Shape, b: Shape, path: string, ctx: DiffContext) {
  const keys = new Set([...Object.keys(a.limits ?? {}), ...Object.keys(b.limits ?? {})]);
  for (const key of keys) {
    const before = a.limits?.[key];
    const after = b.limits?.[key];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    // A lower maximum, a higher minimum or a new limit of either kind refuses what was accepted.
    const narrowed =
      before === undefined ||
      (after !== undefined && (key.startsWith('max') ? Number(after) < Number(before) : Number(after) > Number(before)));
    push(
      ctx,
      path,
      `${key} ${JSON.stringify(before) ?? 'none'} → ${JSON.stringify(after) ?? 'none'}`,
      ctx.role === 'request' && narrowed,
    );
  }
}

function diffProperties(a: Shape, b: Shape, path: string, ctx: DiffContext) {
  if (!a.properties && !b.properties) return;
  const request = ctx.role === 'request';
  const before = a.properties ?? {};
  const after = b.properties ?? {};
  const wasRequired = new Set(a.required ?? []);
  const isRequired = new Set(b.required ?? []);
  for (const name of Object.keys(before)) {
    if (!(name in after)) push(ctx, at(path, name), 'removed', true);
  }
  for (const [name, prop] of Object.entries(after)) {
    const where = at(path, name);
    if (!(name in before)) {
      const required = isRequired.has(name);
      push(ctx, where, `added${required ? ', required' : ''}: ${describe(prop)}`, request && required);
      continue;
    }
    if (wasRequired.has(name) && !isRequired.has(name)) push(ctx, where, 'no longer required', !request);
    if (!wasRequired.has(name) && isRequired.has(name)) push(ctx, where, 'now required', request);
    diffShapes(before[name]!, prop, where, ctx);
  }
}

/** The values of a union member's required one-value properties (`type`, `channel`, `method`, …), `type` first. */
function discriminators(shape: Shape): string[] {
  const props = shape.properties ?? {};
  const names = Object.keys(props).sort((x, y) => (x === 'type' ? -1 : y === 'type' ? 1 : x.localeCompare(y)));
  return names
    .filter((name) => props[name]!.enum?.length === 1 && (shape.required?.includes(name) ?? false))
    .map((name) => String(props[name]!.enum![0]));
}

/**
 * A name for each member of a union, unique within it: its discriminating value (`email`, `static`), else all
 * its one-value properties together, else its component's name, else a description numbered by position.
 */
function memberNames(variants: Shape[]): string[] {
  const unique = (names: Array<string | undefined>) => names.every((n) => n) && new Set(names).size === names.length;
  const first = variants.map((v) => discriminators(v)[0]);
  if (unique(first)) return first as string[];
  const all = variants.map((v) => discriminators(v).join(' ') || undefined);
  if (unique(all)) return all as string[];
  const labels = variants.map((v) => v.label);
  if (unique(labels)) return labels as string[];
  const plain = variants.map((v, i) => first[i] ?? v.label ?? (v.types.join(' | ') || 'any'));
  return plain.map((n, i) => (plain.indexOf(n) === plain.lastIndexOf(n) ? n : `${n} #${i + 1}`));
}

/**
 * Whether every document `old` accepts is accepted by `next` (conservatively: false when unsure). An object
 * whose one-value-per-member property the new union splits on (`operator: 'greater-than' | 'less-than'` into
 * one member per operator) is accepted when each of its values is.
 */
export function accepts(next: Shape, old: Shape): boolean {
  if (canon(next) === canon(old)) return true;
  if (old.cycle || next.cycle) return old.cycle === next.cycle;
  if (old.nullable && !next.nullable) return false;
  if (old.variants) return old.variants.every((v) => accepts(next, { ...v, nullable: v.nullable && old.nullable }));
  if (next.variants) {
    if (next.variants.some((v) => accepts({ ...v, nullable: v.nullable || next.nullable }, old))) return true;
    const split = Object.entries(old.properties ?? {}).find(([, p]) => (p.enum?.length ?? 0) > 1);
    if (!split) return false;
    const [name, prop] = split;
    return prop.enum!.every((value) =>
      accepts(next, { ...old, properties: { ...old.properties, [name]: { ...prop, enum: [value] } } }),
    );
  }
  if (next.types.length && !old.types.every((t) => next.types.includes(t) || (t === 'integer' && next.types.includes('number'))))
    return false;
  if (next.types.length && !old.types.length) return false;
  if (next.enum && !(old.enum && old.enum.every((v) => next.enum!.includes(v)))) return false;
  if (next.format && next.format !== old.format) return false;
  if (JSON.stringify(next.limits) !== JSON.stringify(old.limits) && next.limits) return false;
  const oldRequired = new Set(old.required ?? []);
  if ((next.required ?? []).some((r) => !oldRequired.has(r))) return false;
  for (const [name, prop] of Object.entries(old.properties ?? {})) {
    const theirs = next.properties?.[name];
    if (theirs ? !accepts(theirs, prop) : next.additionalProperties === false || next.properties !== undefined) return false;
  }
  if (next.items && !(old.items && accepts(next.items, old.items))) return false;
  return true;
}

function similarity(a: Shape, b: Shape): number {
  if (a.types.join() !== b.types.join()) return 0;
  const x = Object.keys(a.properties ?? {});
  const y = Object.keys(b.properties ?? {});
  if (!x.length && !y.length) return 0.5;
  const common = x.filter((k) => y.includes(k)).length;
  return common / new Set([...x, ...y]).size;
}

/**
 * Pairs the members of two unions: the same shape, then the same name (discriminating value or component),
 * then the most alike (half their property names in common), so a member that gained a property is reported
 * as changed rather than as one removed and one added.
 */
function diffVariants(a: Shape, b: Shape, path: string, ctx: DiffContext) {
  const request = ctx.role === 'request';
  const before = a.variants ?? [a];
  const after = b.variants ?? [b];
  const union = before.length > 1 || after.length > 1;
  const names = new Map<Shape, string>();
  memberNames(before).forEach((n, i) => names.set(before[i]!, n));
  memberNames(after).forEach((n, i) => names.set(after[i]!, n));
  const left = [...before];
  const right = [...after];
  const pairs: Array<[Shape, Shape]> = [];
  const pair = (x: Shape, y: Shape) => {
    pairs.push([x, y]);
    left.splice(left.indexOf(x), 1);
    right.splice(right.indexOf(y), 1);
  };
  const pick = (match: (x: Shape, y: Shape) => boolean) => {
    for (const x of [...left]) {
      const y = right.find((candidate) => match(x, candidate));
      if (y) pair(x, y);
    }
  };
  pick((x, y) => canon(x) === canon(y));
  pick((x, y) => names.get(x) === names.get(y));
  // A member the new union splits in several (one per value of its enum) is still accepted whole: say so
  // once instead of pairing it with one of the parts and calling the other values refused.
  const splits: Change[] = [];
  for (const x of [...left]) {
    if (!request || right.some((y) => accepts(y, x)) || !accepts(b, x)) continue;
    const parts = right.filter((y) => similarity(x, y) >= 0.5);
    if (parts.length < 2) continue;
    splits.push({
      section: ctx.section,
      path: path,
      text: `split into ${parts.map((y) => `\`<${names.get(y)}>\``).join(', ')}; every form accepted before still is`,
      breaking: false,
    });
    left.splice(left.indexOf(x), 1);
    for (const y of parts) right.splice(right.indexOf(y), 1);
  }
  ctx.out.push(...splits);
  const candidates = left
    .flatMap((x) => right.map((y) => [x, y, similarity(x, y)] as const))
    .filter(([, , s]) => s >= 0.5)
    .sort((p, q) => q[2] - p[2]);
  for (const [x, y] of candidates) if (left.includes(x) && right.includes(y)) pair(x, y);
  const member = (shape: Shape) => (union ? `${path}<${names.get(shape)}>` : path);
  for (const x of left) {
    if (request && accepts(b, x)) push(ctx, member(x), `regrouped: still accepted as ${describe(b)}`, false);
    else
      push(
        ctx,
        member(x),
        request ? 'no longer accepted (union member removed)' : 'no longer returned (union member removed)',
        request,
      );
  }
  // A new member of a response union is a shape readers have not met; Klaviyo adds them without notice, so
  // readers must cope anyway, and it is not flagged.
  for (const y of right) push(ctx, member(y), `${request ? 'now also accepted' : 'may now be returned'}: ${describe(y)}`, false);
  for (const [x, y] of pairs) diffShapes(x, y, member(y), ctx);
}

// ---------------------------------------------------------------------------------------------------------
// Comparing operations

interface Operation extends OperationRef {
  op: Json;
}

function readOperations(spec: Json): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!op || typeof op !== 'object' || !op.operationId) continue;
      out.set(op.operationId, {
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        category: op.tags?.[0] ?? '(untagged)',
        op,
      });
    }
  }
  return out;
}

function jsonContent(content: Json): { type: string; schema: Json } | undefined {
  if (!content) return undefined;
  const type = Object.keys(content).find((t) => /json/.test(t)) ?? Object.keys(content)[0];
  return type === undefined ? undefined : { type, schema: content[type].schema };
}

function resolve(spec: Json, node: Json): Json {
  return node?.$ref ? resolve(spec, lookup(spec, node.$ref)) : node;
}

function diffBody(a: Operation, b: Operation, oldSpec: Json, newSpec: Json): Change[] {
  const ctx: DiffContext = { role: 'request', section: 'body', out: [] };
  const before = resolve(oldSpec, a.op.requestBody);
  const after = resolve(newSpec, b.op.requestBody);
  if (!before && !after) return [];
  if (!before) {
    push(ctx, '', `request body added${after.required ? ' (required)' : ''}`, after.required === true);
    return ctx.out;
  }
  if (!after) {
    push(ctx, '', 'request body removed', true);
    return ctx.out;
  }
  if (!before.required && after.required) push(ctx, '', 'request body now required', true);
  const x = jsonContent(before.content);
  const y = jsonContent(after.content);
  if (x?.type !== y?.type) push(ctx, '', `content type ${x?.type} → ${y?.type}`, true);
  if (x && y) diffShapes(toShape(x.schema, oldSpec, 'request'), toShape(y.schema, newSpec, 'request'), '', ctx);
  return ctx.out;
}

function diffResponses(a: Operation, b: Operation, oldSpec: Json, newSpec: Json): Change[] {
  const ctx: DiffContext = { role: 'response', section: 'response', out: [] };
  const success = (op: Json) => Object.keys(op.responses ?? {}).filter((code) => /^2/.test(code));
  const before = success(a.op);
  const after = success(b.op);
  if (before.join() !== after.join()) {
    push(ctx, '', `success status ${before.join(', ') || 'none'} → ${after.join(', ') || 'none'}`, true);
  }
  // The bodies of the success statuses both have; a lone pair of different codes (201 → 200) is compared too.
  const common = before.filter((c) => after.includes(c));
  const pairs: Array<[string, string]> = common.length
    ? common.map((c) => [c, c])
    : before.length === 1 && after.length === 1
      ? [[before[0]!, after[0]!]]
      : [];
  const perCode = pairs.map(([from, to]) => {
    const sub: DiffContext = { ...ctx, out: [] };
    const x = jsonContent(resolve(oldSpec, a.op.responses[from])?.content);
    const y = jsonContent(resolve(newSpec, b.op.responses[to])?.content);
    if (x && y) diffShapes(toShape(x.schema, oldSpec, 'response'), toShape(y.schema, newSpec, 'response'), '', sub);
    else if (x) push(sub, '', 'response body removed', true);
    else if (y) push(sub, '', `response body added: ${describe(toShape(y.schema, newSpec, 'response'))}`, false);
    return { code: to, changes: summariseIncluded(sub.out) };
  });
  // Operations answering 200 and 201 with the same document would otherwise list every change twice.
  const same = perCode.every((c) => JSON.stringify(c.changes) === JSON.stringify(perCode[0]!.changes));
  for (const { code, changes } of same ? perCode.slice(0, 1) : perCode) {
    ctx.out.push(...changes.map((c) => (same ? c : { ...c, path: `(${code}) ${c.path}` })));
  }
  return ctx.out;
}

/**
 * Changes inside a resource that `included` may hold are the changes of that resource, which the operations
 * returning it as `data` list in full; here each included type gets one line saying how much changed.
 */
function summariseIncluded(changes: Change[]): Change[] {
  const out: Change[] = [];
  const inside = new Map<string, Change[]>();
  for (const c of changes) {
    const m = /^(included\[\](?:<[^>]+>)?)\.(.+)$/.exec(c.path);
    if (!m) {
      out.push(c);
      continue;
    }
    if (!inside.has(m[1]!)) inside.set(m[1]!, []);
    inside.get(m[1]!)!.push(c);
  }
  for (const [path, list] of inside) {
    const fields = [
      ...new Set(
        list.map(
          (c) =>
            c.path
              .slice(path.length + 1)
              .split(/[.[<]/)[0]!
              .split('.')[0]!,
        ),
      ),
    ];
    const n = list.length;
    out.push({
      section: 'response',
      path,
      text: `${n} change${n === 1 ? '' : 's'} inside (${fields.map((f) => `\`${f}\``).join(', ')}), listed in full for the operations returning this resource`,
      breaking: list.some((c) => c.breaking),
    });
  }
  return out;
}

/** Allowed fields and operators of a `filter` parameter, from its description (both revisions write it there). */
function filterGrammar(op: Json, param: Json): Record<string, string[]> {
  const fromText = parseFilterDescription(param.description ?? '');
  if (Object.keys(fromText).length) return fromText;
  const machine = op['x-klaviyo-filters'] ?? {};
  return Object.fromEntries(
    Object.entries<Json>(machine).map(([field, f]) => [
      field,
      [...new Set<string>([...(f.operators?.list ?? []), ...(f.operators?.single ?? [])])],
    ]),
  );
}

/** `subscriptions.sms`, `subscriptions.sms.marketing`, … → `subscriptions.sms (+ 1 nested)`: fields lists repeat every level. */
export function collapseNested(values: unknown[]): string[] {
  const strings = values.map(String);
  const set = new Set(strings);
  const parentIn = (v: string) => {
    for (let i = v.lastIndexOf('.'); i > 0; i = v.lastIndexOf('.', i - 1)) if (set.has(v.slice(0, i))) return true;
    return false;
  };
  return strings
    .filter((v) => !parentIn(v))
    .map((v) => {
      const nested = strings.filter((w) => w.startsWith(`${v}.`)).length;
      return nested ? `${v} (+ ${nested} nested)` : v;
    });
}

function valueList(values: unknown[]): string {
  return collapseNested(values)
    .map((v) => `\`${v}\``)
    .join(', ');
}

function diffQuery(a: Operation, b: Operation, oldSpec: Json, newSpec: Json): Change[] {
  const ctx: DiffContext = { role: 'request', section: 'query', out: [] };
  const params = (op: Json, spec: Json) =>
    new Map<string, Json>(
      (op.parameters ?? [])
        .map((p: Json) => resolve(spec, p))
        .filter((p: Json) => p.in === 'query')
        .map((p: Json) => [p.name, p]),
    );
  const before = params(a.op, oldSpec);
  const after = params(b.op, newSpec);
  for (const name of before.keys()) if (!after.has(name)) push(ctx, name, 'parameter removed', true);
  for (const [name, p] of after) {
    const old = before.get(name);
    if (!old) {
      const accepted = valuesOf(p) ? valueList(valuesOf(p)!) : describe(toShape(p.schema, newSpec, 'request'));
      push(ctx, name, `parameter added${p.required ? ', required' : ''}: ${accepted}`, !!p.required);
      continue;
    }
    if (!old.required && p.required) push(ctx, name, 'now required', true);
    if (old.required && !p.required) push(ctx, name, 'no longer required', false);
    if (name === 'filter') {
      diffFilter(filterGrammar(a.op, old), filterGrammar(b.op, p), ctx);
      continue;
    }
    const x = valuesOf(old);
    const y = valuesOf(p);
    if (x && y) {
      const gone = x.filter((v) => !y.includes(v));
      const come = y.filter((v) => !x.includes(v));
      if (gone.length) push(ctx, name, `values removed: ${valueList(gone)}`, true);
      if (come.length) push(ctx, name, `values added: ${valueList(come)}`, false);
      continue;
    }
    diffShapes(toShape(old.schema, oldSpec, 'request'), toShape(p.schema, newSpec, 'request'), name, ctx);
  }
  return ctx.out;
}

/** The allowed values of `sort`, `include`, `fields[…]`, `additional-fields[…]`: an enum, or an array of one. */
function valuesOf(param: Json): unknown[] | undefined {
  return param.schema?.enum ?? param.schema?.items?.enum;
}

function diffFilter(before: Record<string, string[]>, after: Record<string, string[]>, ctx: DiffContext) {
  for (const field of Object.keys(before)) if (!(field in after)) push(ctx, 'filter', `field \`${field}\` removed`, true);
  for (const [field, ops] of Object.entries(after)) {
    const old = before[field];
    if (!old) {
      push(ctx, 'filter', `field \`${field}\` added (${ops.join(', ')})`, false);
      continue;
    }
    const gone = old.filter((o) => !ops.includes(o));
    const come = ops.filter((o) => !old.includes(o));
    if (gone.length) push(ctx, 'filter', `\`${field}\` no longer takes ${gone.map((o) => `\`${o}\``).join(', ')}`, true);
    if (come.length) push(ctx, 'filter', `\`${field}\` now also takes ${come.map((o) => `\`${o}\``).join(', ')}`, false);
  }
}

const RATE_UNITS = ['burst', 'steady', 'daily'] as const;

function diffEndpoint(a: Operation, b: Operation): Change[] {
  const out: Change[] = [];
  const add = (path: string, text: string, breaking: boolean) => out.push({ section: 'endpoint', path, text, breaking });
  if (a.method !== b.method || a.path !== b.path) add('', `endpoint ${a.method} ${a.path} → ${b.method} ${b.path}`, true);
  if (a.category !== b.category) add('', `category ${a.category} → ${b.category}`, false);
  const x = a.op['x-klaviyo-ratelimit'] ?? {};
  const y = b.op['x-klaviyo-ratelimit'] ?? {};
  const moved = RATE_UNITS.filter((unit) => x[unit] !== y[unit]);
  if (moved.length) {
    add('rate limit', moved.map((unit) => `${unit} ${x[unit] ?? 'none'} → ${y[unit] ?? 'none'}`).join(', '), false);
  }
  const scopesBefore: string[] = a.op['x-klaviyo-scopes'] ?? [];
  const scopesAfter: string[] = b.op['x-klaviyo-scopes'] ?? [];
  const scopesGone = scopesBefore.filter((s) => !scopesAfter.includes(s));
  const scopesCome = scopesAfter.filter((s) => !scopesBefore.includes(s));
  // A new scope is one an existing key may lack: calls that worked can now answer 403.
  if (scopesCome.length) add('scopes', `now also needs ${scopesCome.map((s) => `\`${s}\``).join(', ')}`, true);
  if (scopesGone.length) add('scopes', `no longer needs ${scopesGone.map((s) => `\`${s}\``).join(', ')}`, false);
  const pre = (op: Json) => String(op['x-klaviyo-pre-release'] ?? 'None');
  if (pre(a.op) !== pre(b.op)) add('pre-release', `${pre(a.op)} → ${pre(b.op)}`, false);
  return out;
}

function diffOperation(a: Operation, b: Operation, oldSpec: Json, newSpec: Json): Change[] {
  return [
    ...diffEndpoint(a, b),
    ...diffBody(a, b, oldSpec, newSpec),
    ...diffResponses(a, b, oldSpec, newSpec),
    ...diffQuery(a, b, oldSpec, newSpec),
  ];
}

const ref = (o: Operation): OperationRef => ({ id: o.id, method: o.method, path: o.path, category: o.category });

/**
 * Compares two specs. `categories` restricts the report to those categories (an operation's first tag);
 * `sdkCategories` are listed first and marked.
 */
export function compareSpecs(
  oldSpec: Json,
  newSpec: Json,
  options: { categories?: string[]; sdkCategories?: string[]; oldFile?: string; newFile?: string } = {},
): RevisionReport {
  const before = readOperations(oldSpec);
  const after = readOperations(newSpec);
  const sdk = options.sdkCategories ?? [];
  const known = new Set([...before.values(), ...after.values()].map((o) => o.category));
  for (const c of options.categories ?? []) if (!known.has(c)) throw new UnknownCategoryError(c, [...known].sort());
  const wanted = options.categories ? new Set(options.categories) : known;
  const names = [...wanted].sort((x, y) => {
    const i = sdk.indexOf(x);
    const j = sdk.indexOf(y);
    if (i >= 0 || j >= 0) return (i < 0 ? Infinity : i) - (j < 0 ? Infinity : j);
    return x.localeCompare(y);
  });
  const reports = new Map<string, CategoryReport>(
    names.map((name) => [
      name,
      { name, inSdk: sdk.includes(name), oldCount: 0, newCount: 0, added: [], removed: [], changed: [], unchanged: [] },
    ]),
  );
  for (const o of before.values()) if (reports.has(o.category)) reports.get(o.category)!.oldCount++;
  for (const o of after.values()) if (reports.has(o.category)) reports.get(o.category)!.newCount++;

  const removed = [...before.values()].filter((o) => !after.has(o.id));
  const added = [...after.values()].filter((o) => !before.has(o.id));
  // A new id for the same endpoint (Klaviyo lists the old id among the new one's aliases) is still counted
  // as one removed and one added, since callers address operations by id; the report links the two.
  const renamedTo = new Map<string, Operation>();
  for (const r of removed) {
    const successor =
      added.find((n) => (n.op['x-klaviyo-operation-aliases'] ?? []).includes(r.id)) ??
      added.find((n) => n.method === r.method && n.path === r.path);
    if (successor) renamedTo.set(r.id, successor);
  }
  for (const r of removed) {
    const report = reports.get(r.category);
    const successor = renamedTo.get(r.id);
    if (report) report.removed.push({ ...ref(r), ...(successor ? { renamedTo: successor.id } : {}) });
  }
  for (const n of added) {
    const report = reports.get(n.category);
    if (!report) continue;
    const predecessor = removed.find((r) => renamedTo.get(r.id) === n);
    report.added.push(
      predecessor ? { ...ref(n), renamedFrom: predecessor.id, changes: diffOperation(predecessor, n, oldSpec, newSpec) } : ref(n),
    );
  }
  for (const n of after.values()) {
    const o = before.get(n.id);
    const report = reports.get(n.category);
    if (!o || !report) continue;
    const changes = diffOperation(o, n, oldSpec, newSpec);
    if (changes.length) report.changed.push({ ...ref(n), changes });
    else report.unchanged.push(n.id);
  }
  return {
    old: { file: options.oldFile ?? 'old', revision: String(oldSpec.info?.version ?? '?'), operations: before.size },
    new: { file: options.newFile ?? 'new', revision: String(newSpec.info?.version ?? '?'), operations: after.size },
    categories: [...reports.values()],
  };
}

/** A `--category` the specs do not have. */
export class UnknownCategoryError extends Error {
  constructor(
    readonly category: string,
    readonly known: string[],
  ) {
    super(`unknown category "${category}"; the specs have: ${known.join(', ')}`);
    this.name = 'UnknownCategoryError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Markdown

/** The counts of one category's summary row. */
export function counts(c: CategoryReport) {
  const has = (o: ChangedOperation, section: Change['section']) => o.changes.some((x) => x.section === section);
  return {
    added: c.added.length,
    removed: c.removed.length,
    body: c.changed.filter((o) => has(o, 'body')).length,
    bodyBreaking: c.changed.filter((o) => o.changes.some((x) => x.section === 'body' && x.breaking)).length,
    response: c.changed.filter((o) => has(o, 'response')).length,
    query: c.changed.filter((o) => has(o, 'query')).length,
    queryParams: c.changed.filter((o) =>
      o.changes.some((x) => x.section === 'query' && /^parameter (added|removed)/.test(x.text)),
    ).length,
    endpoint: c.changed.filter((o) => has(o, 'endpoint')).length,
    unchanged: c.unchanged.length,
  };
}

type Counts = ReturnType<typeof counts>;

function sum(rows: Counts[]): Counts {
  const total = {
    added: 0,
    removed: 0,
    body: 0,
    bodyBreaking: 0,
    response: 0,
    query: 0,
    queryParams: 0,
    endpoint: 0,
    unchanged: 0,
  };
  for (const row of rows) for (const k of Object.keys(total) as Array<keyof Counts>) total[k] += row[k];
  return total;
}

function row(name: string, ops: string, n: Counts): string {
  return `| ${name} | ${ops} | ${n.added} | ${n.removed} | ${n.body} (${n.bodyBreaking}) | ${n.response} | ${n.query} (${n.queryParams}) | ${n.endpoint} | ${n.unchanged} |`;
}

const SECTION_TITLES: Record<Change['section'], string> = {
  endpoint: 'Endpoint, rate limit, scopes',
  body: 'Request body',
  response: 'Response',
  query: 'Query parameters',
};

function renderChanges(changes: Change[], indent = ''): string[] {
  const lines: string[] = [];
  for (const section of ['endpoint', 'body', 'response', 'query'] as const) {
    const mine = changes.filter((c) => c.section === section);
    if (!mine.length) continue;
    const breaking = mine.some((c) => c.breaking) && section === 'body' ? ' — **breaking**' : '';
    lines.push(`${indent}- ${SECTION_TITLES[section]}${breaking}:`);
    for (const c of mine) {
      const where = c.path ? `\`${c.path}\`: ` : '';
      lines.push(`${indent}  - ${c.breaking ? '**breaking** ' : ''}${where}${c.text}`);
    }
  }
  return lines;
}

const opLine = (o: OperationRef) => `\`${o.id}\` — ${o.method} \`${o.path}\``;

/** Where a maintainer's notes sit in a report; regenerating the report into the same file keeps them. */
const NOTES = /<!-- notes -->[\s\S]*?<!-- \/notes -->/;

/**
 * The report as Markdown. `command`, when given, is quoted at the top as the way to reproduce it; `notes`
 * (a `<!-- notes -->…<!-- /notes -->` block) follows it.
 */
export function renderMarkdown(report: RevisionReport, options: { command?: string; notes?: string } = {}): string {
  const { old, new: next } = report;
  const out: string[] = [`# Klaviyo API revision ${old.revision} → ${next.revision}`, ''];
  if (options.command) out.push('Produced by:', '', '```sh', options.command, '```', '');
  if (options.notes) out.push(options.notes, '');
  out.push(
    `Old: \`${old.file}\` (revision ${old.revision}, ${old.operations} operations). New: \`${next.file}\` (revision ${next.revision}, ${next.operations} operations).`,
    '',
    'How to read it: operations are matched by `operationId`; a category is an operation’s first tag. Schemas are compared ' +
      'after resolving `$ref`s and merging `allOf`, ignoring descriptions, examples and `x-` keys; request bodies leave out ' +
      '`readOnly` properties and responses `writeOnly` ones. In paths, `[]` is an array’s items and `<x>` the member `x` of a ' +
      '`oneOf` (named by its one-value `type`/`channel`/`method` property, else its schema name). **breaking** marks a request ' +
      'the old revision accepted that the new one may refuse (new required property, removed property, narrowed type or enum, ' +
      'removed query parameter, value or filter operator, new scope), and in responses what a reader may now miss ' +
      '(removed or no-longer-required property, a value that may now be null, changed type). An id that Klaviyo renamed (same endpoint, old id kept as ' +
      'an alias) counts as one removed and one added operation, and the added one lists what changed from the old one.',
    '',
    '## Summary',
    '',
    '| category | operations | added | removed | request body changed (breaking) | response changed | query changed (parameters added/removed) | endpoint, rate limit or scopes changed | unchanged |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  const sdk = report.categories.filter((c) => c.inSdk);
  const rest = report.categories.filter((c) => !c.inSdk);
  const ops = (cs: CategoryReport[]) => `${cs.reduce((n, c) => n + c.oldCount, 0)} → ${cs.reduce((n, c) => n + c.newCount, 0)}`;
  for (const c of report.categories)
    out.push(row(c.inSdk ? `**${c.name}** (SDK)` : c.name, `${c.oldCount} → ${c.newCount}`, counts(c)));
  if (sdk.length && rest.length) out.push(row('**SDK categories**', ops(sdk), sum(sdk.map(counts))));
  out.push(row('**all shown**', ops(report.categories), sum(report.categories.map(counts))), '');
  if (sdk.length) out.push('(SDK) marks the categories klaviyo-ts covers; they come first.', '');

  for (const c of report.categories) {
    out.push(`## ${c.name}${c.inSdk ? ' (SDK)' : ''}`, '');
    if (c.added.length) {
      out.push(`### Added (${c.added.length})`, '');
      for (const o of c.added) {
        out.push(`- ${opLine(o)}${o.renamedFrom ? ` — renamed from \`${o.renamedFrom}\`` : ''}`);
        if (o.changes?.length) out.push(...renderChanges(o.changes, '  '));
      }
      out.push('');
    }
    if (c.removed.length) {
      out.push(`### Removed (${c.removed.length})`, '');
      for (const o of c.removed) out.push(`- ${opLine(o)}${o.renamedTo ? ` — now \`${o.renamedTo}\`` : ''}`);
      out.push('');
    }
    if (c.changed.length) {
      out.push(`### Changed (${c.changed.length})`, '');
      for (const o of c.changed) out.push(`#### ${opLine(o)}`, '', ...renderChanges(o.changes), '');
    }
    if (c.unchanged.length) out.push(`Unchanged (${c.unchanged.length}): ${c.unchanged.map((id) => `\`${id}\``).join(', ')}`, '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Command line

export const USAGE = `Usage: npm run revision-diff -- OLD.json NEW.json [--category Profiles,Lists] [--out FILE]

Compares two Klaviyo OpenAPI specs by operationId and prints a Markdown report per category.
  --category LIST   only these categories (an operation's first tag), comma-separated
  --out FILE        write the report to FILE instead of standard output; a block between
                    <!-- notes --> and <!-- /notes --> already in FILE is kept`;

/** Runs the command with `args` (without node and the script); returns the exit code. */
export function run(
  args: string[],
  io: { stdout: (text: string) => void; stderr: (text: string) => void } = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  },
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { category: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 2) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const [oldFile, newFile] = positionals as [string, string];
  let specs: [Json, Json];
  try {
    specs = [JSON.parse(readFileSync(oldFile, 'utf8')), JSON.parse(readFileSync(newFile, 'utf8'))];
  } catch (error) {
    io.stderr(`cannot read the specs: ${(error as Error).message}\n`);
    return 1;
  }
  let report: RevisionReport;
  try {
    report = compareSpecs(specs[0], specs[1], {
      ...(values.category ? { categories: values.category.split(',').map((c) => c.trim()) } : {}),
      sdkCategories: Object.keys(CATEGORIES),
      oldFile: basename(oldFile),
      newFile: basename(newFile),
    });
  } catch (error) {
    if (!(error instanceof UnknownCategoryError)) throw error;
    io.stderr(`${error.message}\n`);
    return 2;
  }
  const notes = values.out && existsSync(values.out) ? NOTES.exec(readFileSync(values.out, 'utf8'))?.[0] : undefined;
  const quote = (arg: string) => (/^[\w./:=,@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  const command = ['npx tsx scripts/revision-diff.ts', ...args.map(quote)].join(' ');
  const markdown = renderMarkdown(report, { command, ...(notes ? { notes } : {}) });
  if (values.out) {
    writeFileSync(values.out, `${markdown}\n`);
    io.stdout(`wrote ${values.out}\n`);
  } else {
    io.stdout(`${markdown}\n`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = run(process.argv.slice(2));
}
