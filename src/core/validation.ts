/**
 * Turning zod's verdicts into the SDK's `ValidationIssue`s, for requests (before sending) and responses.
 *
 * Two things make zod's raw issues unreadable or wrong for Klaviyo, and both are handled here:
 * - a union that matches no member is one issue, "Invalid input", at the union: we name the closest
 *   member's problems instead, with full paths;
 * - sparse fieldsets (`fields[segment]=name`) make Klaviyo leave out attributes the spec calls required
 *   (https://developers.klaviyo.com/en/docs/sparse_fieldsets): on a response, their absence is not a
 *   mismatch.
 */
import type * as core from 'zod/v4/core';
import { appendKey, joinPath, KlaviyoError, PLAIN_KEY, ValidationError, type ValidationIssue } from './errors.js';
import { describeGiven, notOneOfMessage, unknownKeyMessage } from './known-keys.js';
import { loadOnce } from './runtime.js';

/**
 * zod issues as `{ path: 'data.attributes.email', message }`, a failed union as its closest member's issues,
 * unknown keys one issue each.
 */
export function issuesOf(error: core.$ZodError): ValidationIssue[] {
  return flatten(error.issues, [], () => true).map((issue) => ({
    path: issue.path.reduce<string>((path, key) => appendKey(path, typeof key === 'symbol' ? String(key) : key), ''),
    message: issue.message,
  }));
}

/**
 * A zod 4 schema (`zod` or `zod/mini`) that parses to `T`, typed by the one member zod's own `z.output` reads.
 * The package's declarations name this instead of zod's types, so a consumer's `tsc` loads none of zod's
 * declarations: they were a third of the check time of a small project without `skipLibCheck` (BENCHMARKS.md,
 * target 7). Every zod schema is one.
 */
export interface ZodSchema<T = unknown> {
  readonly _zod: { readonly output: T };
}

/**
 * Parses `value` with `schema`, or throws `ValidationError` naming `what` and every bad field. Nothing is sent.
 * A key a closed object does not list is one issue per key, naming the closest listed key when one is close
 * (`data.attributes.firstName: unknown key; did you mean "first_name"?`). `at` is where the caller put
 * `value` (`messages.0`): issue paths start with it, so they name what the caller wrote.
 */
export function validateInput<T>(schema: ZodSchema<T>, value: unknown, what: string, at = ''): T {
  const parsed = safeParseInEnglish(schema, value);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error);
  throw new ValidationError(`Invalid ${what}`, {
    issues: at ? issues.map((issue) => ({ ...issue, path: joinPath(at, issue.path) })) : issues,
  });
}

/**
 * `schema.safeParse(value)` with zod's English messages ("Invalid input: expected string, received number",
 * "Invalid email address"), which users read in `ValidationError` issues and response-mismatch warnings.
 * The schemas are built with `zod/mini`, which loads no locale (its messages would all be "Invalid input"),
 * and setting one for the whole process (`z.config(en())`) is a side effect on import that a bundler could
 * not drop, and would change the messages of the app's own zod schemas: each parse asks for them instead,
 * once `loadEnglish` has loaded them (schema loaders do, with the schema). A message a schema sets itself
 * (the E.164 and date-time rules) still wins over these.
 *
 * The schema's own `safeParse` method (zod classic and zod/mini schemas have one) does the parse, so that this
 * module imports no zod: importing the package loads none (BENCHMARKS.md, target 1).
 */
export function safeParseInEnglish<T>(schema: ZodSchema<T>, value: unknown): core.util.SafeParseResult<T> {
  const parseable = schema as ZodSchema<T> & {
    safeParse?: (value: unknown, params: core.ParseContext<core.$ZodIssue>) => core.util.SafeParseResult<T>;
  };
  if (typeof parseable.safeParse !== 'function') {
    throw new KlaviyoError('A response or body schema must be a zod schema (zod or zod/mini): this one has no safeParse');
  }
  return parseable.safeParse(value, { error: englishMessage });
}

let english: core.$ZodErrorMap | undefined;
// The English file alone: `zod/locales` would bring every language into a bundle (a dynamic import keeps a
// whole module). tsup.config.ts points the CommonJS build at the file's `.cjs` twin.
const englishOnce = /* @__PURE__ */ loadOnce(() =>
  import('zod/v4/locales/en.js').then(({ default: en }) => {
    english = en().localeError;
  }),
);

/**
 * Loads zod's English messages for `englishMessage`, once per process (on the first call that validates,
 * not when the package loads); undefined once they are loaded, so a caller awaits only the first time.
 */
export function loadEnglish(): Promise<void> | undefined {
  return english ? undefined : englishOnce();
}

/**
 * zod error map giving each issue zod's English message once `loadEnglish` has loaded them (zod's own
 * default before that), and remembering the listed keys of each refusing closed object for `flatten`.
 */
export function englishMessage(issue: core.$ZodRawIssue): ReturnType<core.$ZodErrorMap> {
  rememberListedKeys(issue);
  // A value outside an enum reads as the SDK's own checks say it (`must be one of email, sms, got "emial";
  // did you mean "email"?`), where zod would say `Invalid option: expected one of "email"|"sms"`.
  if (issue.code === 'invalid_value') {
    const [only, ...more] = issue.values;
    if (more.length === 0) return `must be ${JSON.stringify(only)}, got ${describeGiven(issue.input)}`;
    return notOneOfMessage(issue.input, issue.values.map(String));
  }
  return english?.(issue);
}

/**
 * The keys a closed object lists, by the `keys` array of the `unrecognized_keys` issue it raised. zod hands
 * the object's schema to the error map only, and the issue it returns keeps the same `keys` array, so this is
 * how `flatten` learns, per issue, what the unknown keys were meant to be.
 */
const listedKeys = new WeakMap<readonly string[], readonly string[]>();

/** Remembers the listed keys of each refusing closed object (see `listedKeys`). */
function rememberListedKeys(issue: core.$ZodRawIssue): void {
  if (issue.code !== 'unrecognized_keys') return;
  const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  if (shape) listedKeys.set(issue.keys, Object.keys(shape));
}

/** The attributes a request asked for per resource type, from its `fields[<type>]` parameters. */
export type SparseFieldsets = ReadonlyMap<string, readonly string[]>;

/** Reads `fields[segment]=name,is_active` into `segment → ['name', 'is_active']`. */
export function sparseFieldsetsOf(params: URLSearchParams): SparseFieldsets {
  const fieldsets = new Map<string, string[]>();
  for (const [name, value] of params) {
    const type = /^fields\[(.+)\]$/.exec(name)?.[1];
    if (type)
      fieldsets.set(
        type,
        value.split(',').map((field) => field.trim()),
      );
  }
  return fieldsets;
}

/**
 * How a response `body` differs from the schema that rejected it: each problem once per path, with array
 * indexes folded (`data[].attributes.email`), leaving out attributes a sparse fieldset did not ask for.
 * Empty when the only differences were such attributes.
 */
export function responseIssuesOf(error: core.$ZodError, body: unknown, fieldsets: SparseFieldsets): ValidationIssue[] {
  const kept = flatten(error.issues, [], (path) => !leftOutBySparseFieldset(body, path, fieldsets));
  const issues = new Map<string, ValidationIssue>();
  for (const { path, message } of kept) {
    const issue = { path: jsonPath(path), message };
    issues.set(`${issue.path}\n${message}`, issue);
  }
  return [...issues.values()];
}

/** A zod issue reduced to what we report, its path from the root of the value. */
interface FlatIssue {
  path: PropertyKey[];
  message: string;
  /** The message says which shape it was measured against (a union's note, or a kind the spec does not list). */
  explained?: true;
}

/**
 * zod issues with full paths; a failed union becomes the issues of its closest member (the fewest issues;
 * on a tie, the one whose issues reach deepest, as it matched furthest). `keep` drops issues that do not
 * count; a union member left with none matched.
 */
function flatten(issues: readonly core.$ZodIssue[], prefix: PropertyKey[], keep: (path: PropertyKey[]) => boolean): FlatIssue[] {
  return issues.flatMap((issue): FlatIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const all = issue.errors.map((member) => flatten(member, path, keep));
      if (all.some((member) => member.length === 0)) return [];
      const closest = all.reduce((best, member) =>
        member.length < best.length || (member.length === best.length && depthOf(member) > depthOf(best)) ? member : best,
      );
      // Said once, at the innermost union; a kind the spec does not list already says what it is.
      const note = `(measured against the closest of the ${all.length} shapes the spec allows here)`;
      return closest.map((i) => (i.explained ? i : { ...i, message: `${i.message} ${note}`, explained: true }));
    }
    if (issue.code === 'unrecognized_keys') {
      const listed = listedKeys.get(issue.keys);
      return issue.keys
        .map((key): FlatIssue => ({ path: [...path, key], message: listed ? unknownKeyMessage(key, listed) : 'unknown key' }))
        .filter((flat) => keep(flat.path));
    }
    // zod says "Invalid input: expected boolean, received undefined"; the path already says where.
    const unlistedKind = issue.code === 'custom' && 'unlistedKind' in ((issue.params as object | undefined) ?? {});
    const message = issue.message.replace(/^Invalid input: (?=.)/, '');
    return keep(path) ? [{ path, message, ...(unlistedKind && { explained: true }) }] : [];
  });
}

function depthOf(issues: FlatIssue[]): number {
  return Math.max(...issues.map((issue) => issue.path.length));
}

/**
 * True when `path` names an attribute that is absent from `body` because the request's sparse fieldset for
 * that resource's type did not ask for it. An attribute that was asked for (itself, a parent such as
 * `location` or a member such as `location.city`) still counts when absent, as does anything present but
 * of the wrong type.
 */
function leftOutBySparseFieldset(body: unknown, path: PropertyKey[], fieldsets: SparseFieldsets): boolean {
  if (fieldsets.size === 0) return false;
  let node = body;
  let resource: { type: string; attributesAt: number } | undefined;
  for (const [index, key] of path.entries()) {
    if (key === 'attributes' && isRecord(node) && typeof node['type'] === 'string') {
      resource = { type: node['type'], attributesAt: index };
    }
    node = isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  if (node !== undefined || !resource) return false;
  const requested = fieldsets.get(resource.type);
  if (!requested) return false;
  const rest = path.slice(resource.attributesAt + 1);
  const firstIndex = rest.findIndex((key) => typeof key !== 'string');
  const attribute = (firstIndex === -1 ? rest : rest.slice(0, firstIndex)) as string[];
  return !requested.some((field) => {
    const parts = field.split('.');
    return startsWith(parts, attribute) || startsWith(attribute, parts);
  });
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => path[index] === key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `['data', 3, 'attributes', 'email']` → `data[].attributes.email`: one name for the same place in every item. */
function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return '[]';
      const name = String(key);
      if (!PLAIN_KEY.test(name)) return `[${JSON.stringify(name)}]`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

/**
 * Bodies `callOperation` has checked (`checkBody`), each marked for the one request that sends it: the transport
 * takes the mark off and does not walk the body a second time. A body sent again later is walked afresh.
 */
const checkedBodies = new WeakSet<object>();

/** Marks `body` as checked for the request about to send it. */
export function markChecked(body: unknown): void {
  if (typeof body === 'object' && body !== null) checkedBodies.add(body);
}

/** Whether `body` was marked by `markChecked`; the mark is taken off. */
export function takeChecked(body: unknown): boolean {
  return typeof body === 'object' && body !== null && checkedBodies.delete(body);
}

/** Deeper than any Klaviyo payload (event properties stop at 10 levels), shallow enough for `JSON.stringify`. */
const MAX_JSON_DEPTH = 256;

/**
 * Every way `value` cannot be sent as the JSON the caller wrote: a `BigInt` or a circular reference
 * (`JSON.stringify` throws a `TypeError`), a getter or `toJSON` that throws, and values it would change without
 * a word — a function or symbol (dropped), `NaN` or `Infinity` (sent as `null`), `undefined` or a hole in an
 * array (`null`), and built-ins whose content JSON cannot hold (a `Map`, `Set`, `RegExp`, `Error`, typed array…).
 * Paths are dotted from `at`. Refuses nesting beyond `MAX_JSON_DEPTH`, so that neither this walk (it recurses
 * once per level) nor `JSON.stringify` can overflow the stack.
 */
export function jsonIssues(value: unknown, at = ''): ValidationIssue[] {
  return jsonCheck(value, at).issues;
}

/** Where a value sits: its key in its parent, up to the root, whose key is the walk's `at`. */
interface Place {
  readonly parent: Place | undefined;
  readonly key: string | number;
}

/** A place as a path (`properties.items.0.sku`, `properties["utm.source"]`), spelled out only for an issue. */
function pathOf(place: Place): string {
  const keys: Array<string | number> = [];
  let root = place;
  for (; root.parent; root = root.parent) keys.push(root.key);
  let path = String(root.key);
  for (let i = keys.length - 1; i >= 0; i--) path = appendKey(path, keys[i]!);
  return path;
}

/** What is wrong with a primitive as JSON, or `undefined`. */
function primitiveProblem(value: unknown, inArray: boolean): string | undefined {
  switch (typeof value) {
    case 'bigint':
      return 'is a BigInt, which JSON cannot carry: pass a number or a string';
    case 'function':
    case 'symbol':
      return `is a ${typeof value}, which JSON would leave out`;
    case 'number':
      return Number.isFinite(value) ? undefined : `is ${value}, which JSON would send as null`;
    case 'undefined':
      return inArray ? 'is undefined, which JSON would send as null in an array' : undefined;
    default:
      return undefined;
  }
}

/** `Object.prototype.toString`'s tag (`Map`, `Date`, `Uint8Array`…): it names built-ins from any realm. */
const tagOf = (value: object) => Object.prototype.toString.call(value).slice(8, -1);

/** A plain object or array, of this realm: `JSON.stringify` sends its own enumerable properties, as they are. */
function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === Array.prototype || prototype === null;
}

/** "an ArrayBuffer", "an Error", "an Int8Array", but "a Uint8Array". */
const named = (name: string) => `is ${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`;

/**
 * What `JSON.stringify` loses of an object that is not plain and has no `toJSON`: a built-in's content (a `Map`
 * or a `RegExp` is sent as `{}`, a typed array as an object keyed by index), or everything of an
 * object without own enumerable properties (a `Promise`, a `Blob`, a class instance whose data is in getters).
 * Built-ins are told by their tag, so that one from another realm (a `vm` context) is caught too.
 */
function lossyProblem(value: object): string | undefined {
  if (Array.isArray(value)) return undefined;
  const tag = tagOf(value);
  const prototype: unknown = Object.getPrototypeOf(value);
  // A plain object of another realm: its prototype's prototype is null, as Object.prototype's is.
  if (tag === 'Object' && (prototype === null || Object.getPrototypeOf(prototype) === null)) return undefined;
  if (tag === 'Map' || tag === 'Set') return `is a ${tag}, which JSON would send as {}: pass an object or an array`;
  if (ArrayBuffer.isView(value) && tag !== 'DataView') {
    return `${named(tag)}, which JSON would send as an object keyed by index: pass an array`;
  }
  if (tag === 'Error') return `${named('Error')}, which JSON would send without its message: pass its message`;
  if (tag === 'RegExp') return `${named('RegExp')}, which JSON would send as {}: pass its source as a string`;
  if (Object.keys(value).length > 0) return undefined;
  if (tag !== 'Object') return `${named(tag)}, which JSON would send as {}`;
  const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
  const name = typeof constructorName === 'string' && constructorName ? constructorName : 'object';
  return `${named(name)} without an own enumerable property, which JSON would send as {}`;
}

/** A `Number`, `String`, `Boolean` or `BigInt` object as the primitive it boxes, as `JSON.stringify` reads it. */
function unboxed(value: object): unknown {
  const tag = tagOf(value);
  return tag === 'Number' || tag === 'String' || tag === 'Boolean' || tag === 'BigInt'
    ? (value as { valueOf(): unknown }).valueOf()
    : value;
}

/** The issue of a value whose getter, `toJSON` or Proxy threw while it was read. */
const unreadable = (error: unknown) => `could not be read: ${error instanceof Error ? error.message : String(error)}`;

/**
 * `jsonIssues`, and whether `JSON.stringify` would send something else than `value` holds: an object with a
 * `toJSON`, such as a `Date`, which becomes its ISO string. Paths are built only for issues: a bulk body of
 * 1,000 events is walked without a string per value.
 */
export function jsonCheck(value: unknown, at = ''): { issues: ValidationIssue[]; transformed: boolean } {
  let transformed = false;
  const issues: ValidationIssue[] = [];
  const fail = (place: Place, message: string) => issues.push({ path: pathOf(place), message });
  // The objects on the way down to the current one, and their places: meeting one again is a cycle. Arrays, not
  // a Map: a body is a few levels deep, and a Map would hash every object in it.
  const ancestors: object[] = [];
  const ancestorPlaces: Place[] = [];
  const visit = (v: unknown, parent: Place | undefined, key: string | number, inArray: boolean, depth: number): void => {
    // In JSON.stringify's own order (ECMA-262, SerializeJSONProperty): a toJSON first (a BigInt may have one),
    // then a boxed primitive unboxed, then the value.
    if ((typeof v !== 'object' || v === null) && typeof v !== 'bigint') {
      const problem = primitiveProblem(v, inArray);
      if (problem) fail({ parent, key }, problem);
      return;
    }
    const place: Place = { parent, key };
    let object: object;
    let keys: string[] | undefined;
    try {
      const plain = typeof v === 'object' && isPlain(v);
      if (!plain && typeof v === 'object' && (v instanceof Date || tagOf(v) === 'Date')) {
        // Its toJSON gives an ISO string, or null for an invalid one.
        transformed = true;
        if (Number.isNaN((v as Date).getTime())) fail(place, 'is an invalid Date, which JSON would send as null');
        return;
      }
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      let json: unknown = v;
      if (typeof toJSON === 'function') {
        transformed = true;
        json = toJSON.call(v, parent ? String(key) : ''); // the key JSON.stringify passes
        if (json === undefined && !inArray)
          return void fail(place, 'has a toJSON that returns undefined, which JSON would leave out');
      }
      if ((json !== v || !plain) && typeof json === 'object' && json !== null) json = unboxed(json);
      if (typeof json !== 'object' || json === null) {
        const problem = primitiveProblem(json, inArray);
        if (problem) fail(place, problem);
        return;
      }
      // A toJSON's result is sent without a toJSON of its own: a Date it returns goes out as {}.
      const lossy = plain && json === v ? undefined : lossyProblem(json);
      if (lossy) return void fail(place, lossy);
      object = json;
      // An array is indexed, not iterated, so that a hole is found (JSON sends it as null).
      keys = Array.isArray(object) ? undefined : Object.keys(object);
    } catch (error) {
      // A getter, toJSON or Proxy that throws: JSON.stringify would throw the same.
      return void fail(place, unreadable(error));
    }
    if (depth >= MAX_JSON_DEPTH) {
      return void fail(place, `is nested deeper than ${MAX_JSON_DEPTH} levels, more than any Klaviyo payload takes`);
    }
    const seen = ancestors.lastIndexOf(object);
    if (seen !== -1) {
      const where = pathOf(ancestorPlaces[seen]!) || 'the whole value';
      return void fail(place, `refers back to ${where}: a circular structure cannot be sent as JSON`);
    }
    const container = object as Record<string | number, unknown>;
    const count = keys ? keys.length : (object as unknown[]).length;
    ancestors.push(object);
    ancestorPlaces.push(place);
    for (let i = 0; i < count; i++) {
      const name = keys ? keys[i]! : i;
      if (!keys && !(i in container)) {
        fail({ parent: place, key: name }, 'is a hole in a sparse array, which JSON would send as null');
        continue;
      }
      let child: unknown;
      try {
        child = container[name];
      } catch (error) {
        fail({ parent: place, key: name }, unreadable(error));
        continue;
      }
      visit(child, place, name, keys === undefined, depth + 1);
    }
    ancestors.pop();
    ancestorPlaces.pop();
  };
  visit(value, undefined, at, false, 0);
  return { issues, transformed };
}
