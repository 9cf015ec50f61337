/**
 * zod schemas for Klaviyo's request and response documents, generated from the OpenAPI spec
 * (revision 2024-10-15) by scripts/generate-schemas.ts.
 *
 * - `requestBodySchemas[operationId]`: strict schema of the JSON body the operation takes.
 * - `responseSchemas[operationId]`: lenient schema of its 2xx JSON body (unknown keys kept, unknown enum
 *   values accepted, because Klaviyo adds fields without notice).
 * - `requestBodySchemaFor(id)` / `responseSchemaFor(id)`: the same, for an id known only at run time.
 * - `requestComponents` / `responseComponents`: every spec component the operations use, by the spec's
 *   name, in its strict (request) and lenient (response) form. Their TypeScript types, by the same names, are
 *   in `generated/types/`; the maps above are typed with them, so that the package's declarations name each
 *   document rather than spelling out the zod types of its schema (keep these namespaces out of `src/index.ts`
 *   for the same reason).
 */
export * from './generated/operations.js';
export { requestBodySchemaFor, responseSchemaFor } from './lookup.js';
export * as requestComponents from './generated/requests/index.js';
export * as responseComponents from './generated/responses/index.js';
export { E164_PATTERN, ISO_DATE_TIME_PATTERN, emailAddress, isoDateTime, openEnum, phoneNumber } from './runtime.js';
