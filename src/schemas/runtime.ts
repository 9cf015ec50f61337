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

/** Each discriminating property of a union's members (`type`, `method`, `channel`…) with values it may hold. */
export type Kinds<K extends string> = { readonly [P in K]: readonly string[] };

/** A plain object's members, or undefined for anything else. */
function membersOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * One member of a response union whose members are told apart by string properties, refusing a value of
 * another listed kind. Response enums accept any string (see `openEnum`), so without this a member that
 * requires nothing but its discriminator would take every other kind: `{ "method": "static" }` without its
 * `datetime` would pass as an `immediate` send strategy, and a malformed member would go unnoticed.
 *
 * A value of another kind gets one `custom` issue at the discriminator whose `params.memberOfKind` is
 * `kinds`, next to the member's own issues, so that whoever explains a failed union (`invalid_union`,
 * one issue list per member) can set aside the members of other kinds. A discriminator that is missing or
 * not a string is left to the member's own checks.
 *
 * @param kinds each discriminating property with the values this member gives it
 */
export function memberOfKind<S extends z.ZodMiniType, const K extends string>(member: S, kinds: Kinds<K>): S {
  const discriminators = Object.entries<readonly string[]>(kinds);
  const [first] = discriminators;
  return member.check(
    z.refine(
      (value) => {
        const members = membersOf(value);
        return discriminators.every(([name, values]) => typeof members?.[name] !== 'string' || values.includes(members[name]));
      },
      {
        // Even when the member's own checks failed: that it is another kind is what matters most.
        when: () => true,
        path: discriminators.length === 1 && first ? [first[0]] : [],
        message: `Another kind of member: this one has ${discriminators.map(([name, values]) => `${name} ${values.map((v) => `"${v}"`).join(' or ')}`).join(' and ')}`,
        params: { memberOfKind: kinds },
      },
    ),
  );
}

/**
 * What a response union yields for a member of a kind the spec does not list yet: its discriminating
 * properties as strings, everything else kept as Klaviyo sent it.
 */
export type UnknownMember<K extends string> = { [P in K]: string & {} } & { [key: string]: unknown };

/**
 * The last member of a response union whose members are told apart by string properties (each one a
 * `memberOfKind`): it accepts an object whose discriminating properties are all strings, at least one of
 * them holding a value no listed member has. Klaviyo adds union members (a new segment condition, a new
 * campaign send strategy) before its spec lists them, and a read must not fail on one; a member of a
 * listed kind still has to match that kind's shape, so a malformed one is still reported.
 *
 * On failure it gives one `custom` issue whose `params.unknownMember` is `known`, so that whoever explains
 * a failed union can tell this member from the listed ones.
 *
 * @param known each discriminating property with every value the listed members give it
 */
export function unknownMember<const K extends string>(known: Kinds<K>) {
  const discriminators = Object.entries<readonly string[]>(known);
  return z.custom<UnknownMember<K>>(
    (value) => {
      const members = membersOf(value);
      return (
        members !== undefined &&
        discriminators.every(([name]) => typeof members[name] === 'string') &&
        discriminators.some(([name, values]) => !values.includes(members[name] as string))
      );
    },
    {
      message: `No member matches, and it is not a new kind of member either: a new kind has ${discriminators.map(([name]) => `"${name}"`).join(' and ')} as strings, one of them a value the spec does not list`,
      params: { unknownMember: known },
    },
  );
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
