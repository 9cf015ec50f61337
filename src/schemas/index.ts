/**
 * zod schemas for Klaviyo's request and response documents, generated from the OpenAPI spec
 * (revision 2026-07-15) by scripts/generate-schemas.ts. Every schema is built on its first use, so importing
 * this module builds none, and a bundler keeps only the schemas an app refers to.
 *
 * - `requestBodySchemas[operationId]()`: strict schema of the JSON body the operation takes.
 * - `responseSchemas[operationId]()`: lenient schema of its 2xx JSON body (unknown keys and unknown enum
 *   values accepted, because Klaviyo adds them without notice). A union member of a kind the spec does not
 *   list is refused with one issue that says so (`unionOfKinds`), which the client reports while returning
 *   the data as sent: the member's type, with its discriminator closed so that it narrows, does not describe it.
 * - `requestBodySchemaFor(id)` / `responseSchemaFor(id)`: the built schema, for an id known only at run time.
 * - `requestComponents` / `responseComponents`: every spec component the operations use, by the spec's
 *   name, in its strict (request) and lenient (response) form, each a `LazySchema` (`X()` returns the schema).
 *   Their TypeScript types, by the same names, are in `generated/types/`; the maps above are typed with them,
 *   so that the package's declarations name each document rather than spelling out the zod types of its
 *   schema (keep these namespaces out of `src/index.ts` for the same reason).
 *
 * The schemas are `zod/mini` schemas (`z.optional(x)`, `z.extend(base, shape)`: the functional API, which a
 * bundler can tree-shake). `zod/mini` loads no locale, so their own `safeParse` says "Invalid input" where
 * zod classic would say "Invalid input: expected string, received number"; the SDK parses with
 * `safeParseInEnglish` (src/core/validation.ts) to keep zod's English messages.
 */
export * from './generated/operations.js';
export { requestBodySchemaFor, responseSchemaFor } from './lookup.js';
export * as requestComponents from './generated/requests/index.js';
export * as responseComponents from './generated/responses/index.js';
export {
  E164_PATTERN,
  ISO_DATE_TIME_PATTERN,
  emailAddress,
  isoDateTime,
  lazySchema,
  openEnum,
  phoneNumber,
  schemasBuilt,
  unionOfKinds,
  type Kinds,
  type LazySchema,
} from './runtime.js';
