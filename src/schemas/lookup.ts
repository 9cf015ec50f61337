/**
 * Schema lookup by an operation id known only at run time (the transport, the mock server), where the
 * keyed maps' precise types do not help. Each lookup builds the operation's schema on its first use only.
 */
import type * as z from 'zod/mini';
import { requestBodySchemas, responseSchemas } from './generated/operations.js';

/** The strict schema of the JSON body `operationId` takes (built on first use), or undefined when it takes none. */
export function requestBodySchemaFor(operationId: string): z.ZodMiniType | undefined {
  return Object.hasOwn(requestBodySchemas, operationId)
    ? requestBodySchemas[operationId as keyof typeof requestBodySchemas]()
    : undefined;
}

/** The lenient schema of the 2xx JSON body `operationId` answers with (built on first use), or undefined (202/204, no body). */
export function responseSchemaFor(operationId: string): z.ZodMiniType | undefined {
  return Object.hasOwn(responseSchemas, operationId) ? responseSchemas[operationId as keyof typeof responseSchemas]() : undefined;
}
