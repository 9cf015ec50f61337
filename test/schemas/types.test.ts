/**
 * The generator writes each component twice: a zod schema, and a named TypeScript type that the package's
 * declarations use instead of the schema's inferred type (which would spell out every nested schema again).
 * The schema comes as `buildX` (which builds it, typed by zod's inference) and `X` (which builds it on first
 * call, declared as `LazySchema<the named type>` without the compiler checking that declaration).
 * These checks run as the project type-checks (`tsc --noEmit`): each named type must be exactly what its
 * builder's schema accepts and yields, and each `X` declared with it, so the public types cannot drift from
 * what is validated at run time.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { RequestComponentTypes, ResponseComponentTypes } from '../../src/schemas/generated/component-types.js';
import type * as requests from '../../src/schemas/generated/requests/index.js';
import type * as responses from '../../src/schemas/generated/responses/index.js';
import type { LazySchema } from '../../src/schemas/runtime.js';

/**
 * `T` rebuilt as plain object types, member by member (index signatures included): an interface, an
 * intersection of objects and zod's inferred object type come out alike when they have the same members.
 */
type Normalize<T> = T extends readonly (infer Item)[]
  ? Normalize<Item>[]
  : T extends object
    ? { [K in keyof T]: Normalize<T[K]> }
    : T;

/**
 * The same type, by the compiler's own identity check after normalizing. Plain mutual assignability
 * would miss a missing `[key: string]: unknown`, since object literal types count as having one.
 */
type Same<A, B> = (<G>() => G extends Normalize<A> ? 1 : 2) extends <G>() => G extends Normalize<B> ? 1 : 2 ? true : false;

/** The very same type, without normalizing. */
type Identical<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

/** What a builder builds. */
type Built<Builder> = Builder extends () => infer Schema ? Schema : never;

// Components are looked up by name (`Module[`build${K}`]`) rather than through a mapped type of the module
// re-keyed with `as`: indexing such a type costs the compiler seven times as much here.

/** The names of the components whose type is not exactly what their builder's schema yields and accepts. */
type Mismatches<Module, Types> = {
  [K in keyof Types & string]: `build${K}` extends keyof Module
    ? Same<z.output<Built<Module[`build${K}`]>>, Types[K]> extends true
      ? Same<z.input<Built<Module[`build${K}`]>>, Types[K]> extends true
        ? never
        : K
      : K
    : K;
}[keyof Types & string];

/** The names of the components whose lazy schema `X` is not declared as `LazySchema` of their type. */
type LazyMismatches<Module, Types> = {
  [K in keyof Types & string]: K extends keyof Module ? (Identical<Module[K], LazySchema<Types[K]>> extends true ? never : K) : K;
}[keyof Types & string];

/** The component names a module has builders for. */
type BuiltNames<Module> = { [K in keyof Module]: K extends `build${infer Name}` ? Name : never }[keyof Module];

/** Compiles only when `Names` is empty; otherwise the error names each component that differs. */
type NoneOf<Names extends never> = Names;
export type RequestTypesMatch = NoneOf<Mismatches<typeof requests, RequestComponentTypes>>;
export type ResponseTypesMatch = NoneOf<Mismatches<typeof responses, ResponseComponentTypes>>;
export type LazyRequestsDeclared = NoneOf<LazyMismatches<typeof requests, RequestComponentTypes>>;
export type LazyResponsesDeclared = NoneOf<LazyMismatches<typeof responses, ResponseComponentTypes>>;

describe('named component types', () => {
  it('are exactly what each request schema accepts and yields', () => {
    expectTypeOf<Mismatches<typeof requests, RequestComponentTypes>>().toEqualTypeOf<never>();
  });

  it('are exactly what each response schema accepts and yields', () => {
    expectTypeOf<Mismatches<typeof responses, ResponseComponentTypes>>().toEqualTypeOf<never>();
  });

  it('are what each lazy schema is declared to accept and yield', () => {
    expectTypeOf<LazyMismatches<typeof requests, RequestComponentTypes>>().toEqualTypeOf<never>();
    expectTypeOf<LazyMismatches<typeof responses, ResponseComponentTypes>>().toEqualTypeOf<never>();
  });

  it('cover every schema', () => {
    expectTypeOf<BuiltNames<typeof requests>>().toEqualTypeOf<keyof RequestComponentTypes>();
    expectTypeOf<BuiltNames<typeof responses>>().toEqualTypeOf<keyof ResponseComponentTypes>();
  });

  it('are told apart by the check when they differ', () => {
    expectTypeOf<Same<{ a: string }, { a: string; [key: string]: unknown }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a?: string }, { a: string }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a?: string | null }, { a?: string }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a: 'x' | (string & {}) }, { a: 'x' }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a: { b: number }[] }, { a: { b: number | null }[] }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a: string; b: 1 | 2 }, { b: 2 | 1 } & { a: string }>>().toEqualTypeOf<true>();
    expectTypeOf<Same<{ a: string; [key: string]: unknown }, { [key: string]: unknown; a: string }>>().toEqualTypeOf<true>();
    expectTypeOf<Identical<LazySchema<{ a: string }>, LazySchema<{ a: string | null }>>>().toEqualTypeOf<false>();
  });
});
