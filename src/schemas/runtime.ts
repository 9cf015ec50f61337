/**
 * The few building blocks the generated schemas share. Hand-written; the generated files import them.
 * Nothing here builds a schema when the module loads: the generated files call these inside `lazySchema`.
 */
import * as z from 'zod/mini';
import * as core from 'zod/v4/core';
import { parseIsoDatetime } from '../core/datetime.js';

/** A schema built on its first call, accepting and yielding exactly `T`; every later call returns the same schema. */
export type LazySchema<T> = () => z.ZodMiniType<T, T>;

let schemasBuiltSoFar = 0;

/**
 * Wraps a schema's builder so that it runs on the first call only, then returns that schema ever after.
 * The generated files declare every component this way (`X = lazySchema(buildX)`), so that importing them
 * builds nothing: an app pays only for the schemas of the operations it calls, and a bundler can drop the
 * rest (the generator marks each call `@__PURE__`).
 *
 * `T` is not checked against what `build` makes, and `build` is typed loosely (anything with zod's `_zod`):
 * checking every builder's schema against `z.ZodMiniType` here made type-checking src/schemas eight times as
 * costly (1.06 M instantiations instead of 0.13 M). test/schemas/types.test.ts proves instead, for every
 * component, that its builder's schema accepts and yields exactly its named type.
 */
export function lazySchema<T>(build: () => { readonly _zod: object }): LazySchema<T> {
  let schema: z.ZodMiniType<T, T> | undefined;
  return () => {
    if (schema === undefined) {
      schema = build() as z.ZodMiniType<T, T>;
      schemasBuiltSoFar++;
    }
    return schema;
  };
}

/** How many `lazySchema`s have been built in this process: lets tests prove that schemas are built on first use. */
export function schemasBuilt(): number {
  return schemasBuiltSoFar;
}

/**
 * Each discriminating property of one union member (`type`, `method`, `channel`…) with the values it gives it:
 * strings, or booleans (`is_member: [true]`).
 */
export type Kinds = { readonly [property: string]: readonly string[] | readonly boolean[] };

/** A plain object's members, or undefined for anything else. */
function membersOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** What a union of kinds makes of a value: the members of its kind, or the issue that stops it there. */
type KindFound = { readonly members: readonly number[] } | { readonly issue: z.core.$ZodRawIssue };

/**
 * The members whose kinds hold the value's discriminating properties, taken in order (`type`, then `operator`
 * among the members of that type); or, when the value is no object, a discriminator is not a string or no
 * member has its value, the one issue that says so.
 */
function kindOf(value: unknown, kinds: readonly Kinds[]): KindFound {
  const members = membersOf(value);
  if (!members) return { issue: { code: 'invalid_type', expected: 'object', input: value } };
  let candidates = kinds.map((_, index) => index);
  const given: string[] = [];
  for (const property of Object.keys(kinds[0] ?? {})) {
    const kind = members[property];
    const expected = typeof kinds[candidates[0]!]![property]![0] === 'boolean' ? 'boolean' : 'string';
    if (typeof kind !== expected) return { issue: { code: 'invalid_type', expected, input: kind, path: [property] } };
    const matching = candidates.filter((index) => (kinds[index]![property] as readonly unknown[]).includes(kind));
    if (matching.length === 0) {
      const listed = [...new Set(candidates.flatMap((index): readonly unknown[] => kinds[index]![property]!))];
      const article = /^[aeiou]/i.test(property) ? 'an' : 'a';
      const context = given.length ? ` for ${given.join(' and ')}` : '';
      const message = `${article} ${property} the spec does not list${context} (${JSON.stringify(kind)}); listed: ${listed.join(', ')}`;
      return { issue: { code: 'custom', message, input: value, params: { unlistedKind: { [property]: kind } } } };
    }
    candidates = matching;
    given.push(`${property} ${JSON.stringify(kind)}`);
  }
  return { members: candidates };
}

interface UnionOfKindsDef extends z.core.$ZodUnionDef {
  /** Each member's kinds, in the order of `options`. */
  kinds: readonly Kinds[];
}

type SetUpUnion = (inst: z.ZodMiniUnion, def: z.core.$ZodUnionDef) => void;

/**
 * `z.union` that goes straight to the member of the value's kind: see `unionOfKinds`. zod's own union is set
 * up first (optionality, the values it lists), then its parse is replaced.
 */
const ZodMiniUnionOfKinds = /* @__PURE__ */ core.$constructor(
  'ZodMiniUnionOfKinds',
  (inst: z.ZodMiniUnion, def: UnionOfKindsDef) => {
    (z.ZodMiniUnion.init as SetUpUnion)(inst, def);
    // Members whose kinds overlap, each such set tried as a plain union, built on first need.
    const overlapping = new Map<string, z.ZodMiniType>();
    inst._zod.parse = (payload, ctx) => {
      const found = kindOf(payload.value, def.kinds);
      if ('issue' in found) {
        payload.issues.push({ ...found.issue, inst } as z.core.$ZodRawIssue);
        return payload;
      }
      const [only, ...more] = found.members;
      if (more.length === 0) return def.options[only!]!._zod.run(payload, ctx);
      const key = found.members.join();
      let union = overlapping.get(key);
      if (!union) overlapping.set(key, (union = z.union(found.members.map((index) => def.options[index]! as z.ZodMiniType))));
      return union._zod.run(payload, ctx);
    };
  },
);

/**
 * A response union whose members are told apart by string or boolean properties (`channel`, `type` and
 * `operator`, `is_member`…): a value goes straight to the member of its kind, so that
 * - a member of a listed kind that is malformed is explained against that kind alone (`content.subject:
 *   expected string, received number`), not against every member;
 * - a member of a kind the spec does not list fails with one issue at the union that says so:
 *   `a channel the spec does not list ("whatsapp"); listed: email, sms, mobile_push`. Klaviyo adds kinds of
 *   members (a new segment condition, a new send strategy) before its spec lists them; the SDK returns
 *   responses as sent and reports the difference, so the read still succeeds (src/core/transport.ts);
 * - a value that is no object, or whose discriminator is missing or of another type, gets one issue saying so.
 *
 * Where members of one kind are told apart by another property (two `mobile_push` definitions, by
 * `notification_type`), the generator nests a `unionOfKinds` of them; members whose kinds overlap otherwise
 * are tried in turn, as `z.union` does.
 * The type is the union of the members' types, whose discriminators are closed enums (`channel: "email"`),
 * so that `if (definition.channel === 'email')` and `switch` narrow it.
 *
 * @param members the union's members, in the spec's order
 * @param kinds each member's discriminating properties with the values it gives them, the same properties
 *   in the same order for every member
 */
export function unionOfKinds<const Members extends readonly [z.ZodMiniType, ...z.ZodMiniType[]]>(
  members: Members,
  kinds: { readonly [I in keyof Members]: Kinds },
): z.ZodMiniUnion<Members> {
  return new ZodMiniUnionOfKinds({
    type: 'union',
    options: members,
    kinds,
  } as UnionOfKindsDef) as unknown as z.ZodMiniUnion<Members>;
}

/**
 * zod/mini's object schema, parsed by the compiled parser zod classic's objects use (`$ZodObjectJIT`) instead
 * of the interpreted one: the same accepted values, output and issues, in a third of the time on a page of
 * 100 profiles (0.64 → 0.21 ms; BENCHMARKS.md, finding 16). zod compiles it with `new Function` on its first
 * parse; where code generation is refused (Cloudflare Workers, a Content-Security-Policy without
 * `'unsafe-eval'`, `z.config({ jitless: true })`) it parses the interpreted way, as zod/mini does.
 *
 * zod runs a trait's setup once per schema: setting up `$ZodObjectJIT` first (which sets up `$ZodObject` and
 * replaces its parse) makes `ZodMiniObject`'s own setup skip `$ZodObject` and add only zod/mini's members.
 * test/schemas/compiled-objects.test.ts proves the compiled parser is the one that runs, and that it agrees with the
 * interpreted one.
 */
type SetUp = (inst: z.ZodMiniObject, def: z.ZodMiniObject['_zod']['def']) => void;
const ZodMiniObjectJIT = /* @__PURE__ */ core.$constructor('ZodMiniObjectJIT', (inst: z.ZodMiniObject, def) => {
  (core.$ZodObjectJIT.init as SetUp)(inst, def);
  (z.ZodMiniObject.init as SetUp)(inst, def);
});

/**
 * `z.looseObject(shape)` (unknown keys kept, as Klaviyo sends them) with the compiled parser above: what the
 * generated response schemas build their objects with, and the request schemas the few the spec leaves open.
 */
export const looseObject = /* @__NO_SIDE_EFFECTS__ */ <const Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
): z.ZodMiniObject<Shape, z.core.$loose> =>
  new ZodMiniObjectJIT({ type: 'object', shape, catchall: z.unknown() }) as unknown as z.ZodMiniObject<Shape, z.core.$loose>;

/**
 * `z.strictObject(shape)` (an unknown key is an `unrecognized_keys` issue, which names the key the caller
 * misspelt) with the compiled parser above: what the generated request-body schemas build their objects with.
 */
export const strictObject = /* @__NO_SIDE_EFFECTS__ */ <const Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
): z.ZodMiniObject<Shape, z.core.$strict> =>
  new ZodMiniObjectJIT({ type: 'object', shape, catchall: z.never() }) as unknown as z.ZodMiniObject<Shape, z.core.$strict>;

/**
 * A response enum that keeps the documented values for autocompletion but accepts any string, because
 * Klaviyo adds enum values without a new revision and a client must not crash on them.
 * The type is `'a' | 'b' | (string & {})`: editors still suggest `'a'` and `'b'`.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string() as unknown as z.ZodMiniType<string & {}, string & {}>]);
}

/** E.164: a plus sign, a non-zero country-code digit, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** A phone number in E.164 format, the only form Klaviyo accepts (`+15005550006`). */
export function phoneNumber() {
  return z.string().check(z.regex(E164_PATTERN, { error: 'Phone numbers must be in E.164 format, e.g. +15005550006' }));
}

/**
 * ISO 8601 date or date-time, as Klaviyo reads it: `2024-10-15`, `2024-10-15T09:30:00`, with optional
 * fractional seconds and `Z` or an offset. Loose enough for everything the spec's `date-time` accepts;
 * strict enough to catch `Date.prototype.toString()` output and other non-ISO strings before Klaviyo does.
 */
export const ISO_DATE_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** An ISO 8601 date or date-time (`ISO_DATE_TIME_PATTERN`) naming a day and time that exist: not `2024-02-30`, not hour 24. */
export function isoDateTime() {
  const error = 'Expected an ISO 8601 date-time, e.g. 2024-10-15T09:30:00Z';
  return z.string().check(
    z.regex(ISO_DATE_TIME_PATTERN, { error }),
    z.refine((text) => !ISO_DATE_TIME_PATTERN.test(text) || parseIsoDatetime(text) !== undefined, {
      error: 'Expected a date that exists (the day of the month, hour, minute and second in range)',
    }),
  );
}

/**
 * The rule browsers apply to `<input type="email">`
 * (https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address), the same as zod's
 * `regexes.html5Email`: written out here because reaching it through zod's `regexes` namespace brings every
 * one of zod's patterns into a bundle (6 KB minified).
 */
export const HTML5_EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * An email address by the rule browsers apply to `<input type="email">` (`HTML5_EMAIL_PATTERN`): it refuses
 * strings that are not addresses at all (`sarah.mason`, `@klaviyo.com`) but not unusual real ones
 * (`o'brien+tag&co@example.co.uk`), which zod's default, stricter rule would refuse.
 */
export function emailAddress() {
  return z.email({ pattern: HTML5_EMAIL_PATTERN });
}
