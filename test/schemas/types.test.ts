/**
 * The generator writes each component twice: a zod schema, and a named TypeScript type that the package's
 * declarations use instead of the schema's inferred type (which would spell out every nested schema again).
 * These checks run as the project type-checks (`tsc --noEmit`): each named type must be exactly what its
 * schema accepts and yields, so the public types cannot drift from what is validated at run time.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { RequestComponentTypes, ResponseComponentTypes } from '../../src/schemas/generated/component-types.js';
import type * as requests from '../../src/schemas/generated/requests/index.js';
import type * as responses from '../../src/schemas/generated/responses/index.js';

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

/** The names of the components whose type is not exactly their schema's output and input. */
type Mismatches<Schemas, Types> = {
  [K in keyof Types]: K extends keyof Schemas
    ? Same<z.output<Schemas[K]>, Types[K]> extends true
      ? Same<z.input<Schemas[K]>, Types[K]> extends true
        ? never
        : K
      : K
    : K;
}[keyof Types];

/** Only the schemas (not the helpers and types a module also exports). */
type SchemasOf<Module> = { [K in keyof Module as Module[K] extends z.ZodType ? K : never]: Module[K] };

/** Compiles only when `Names` is empty; otherwise the error names each component that differs. */
type NoneOf<Names extends never> = Names;
export type RequestTypesMatch = NoneOf<Mismatches<typeof requests, RequestComponentTypes>>;
export type ResponseTypesMatch = NoneOf<Mismatches<typeof responses, ResponseComponentTypes>>;

describe('named component types', () => {
  it('are exactly what each request schema accepts and yields', () => {
    expectTypeOf<Mismatches<typeof requests, RequestComponentTypes>>().toEqualTypeOf<never>();
  });

  it('are exactly what each response schema accepts and yields', () => {
    expectTypeOf<Mismatches<typeof responses, ResponseComponentTypes>>().toEqualTypeOf<never>();
  });

  it('cover every schema', () => {
    expectTypeOf<keyof SchemasOf<typeof requests>>().toEqualTypeOf<keyof RequestComponentTypes>();
    expectTypeOf<keyof SchemasOf<typeof responses>>().toEqualTypeOf<keyof ResponseComponentTypes>();
  });

  it('are told apart by the check when they differ', () => {
    expectTypeOf<Same<{ a: string }, { a: string; [key: string]: unknown }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a?: string }, { a: string }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a?: string | null }, { a?: string }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a: 'x' | (string & {}) }, { a: 'x' }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a: { b: number }[] }, { a: { b: number | null }[] }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a: string; b: 1 | 2 }, { b: 2 | 1 } & { a: string }>>().toEqualTypeOf<true>();
    expectTypeOf<Same<{ a: string; [key: string]: unknown }, { [key: string]: unknown; a: string }>>().toEqualTypeOf<true>();
  });
});
