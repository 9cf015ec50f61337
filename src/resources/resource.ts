/**
 * What every resource class stands on. Generated methods (src/resources/generated/) call their operation
 * function; hand-written helpers (`…Helpers` classes) call `this.call()` / `this.paginate()` with an
 * operation id, which find the operation's schema loaders (src/operations/schemas.ts) by that id. Either way the call goes through
 * `callOperation`, so a resource never talks to the transport.
 */
import type { APIPromise } from '../core/api-promise.js';
import type { KlaviyoCore } from '../core/klaviyo-core.js';
import { type CallArgs, callOperation, checkBody, type PageOf, paginateOperation, type ResponseOf } from '../core/operation.js';
import type { OperationId } from '../core/operations.js';
import type { RequestOptions } from '../core/transport.js';
import { schemasByOperation } from '../operations/schemas.js';

export type { ItemOf, PageOf, RequestBodyOf, ResponseOf } from '../core/operation.js';

/** `CallArgs` without the schemas: `call()` finds them by operation id. */
export type ResourceCallArgs<Id extends OperationId> = Omit<CallArgs<Id>, 'requestSchema' | 'responseSchema'>;

/**
 * Base of every resource class: the client its calls go through. A generated class with no hand-written
 * method extends this alone, so an app bundles no operation's schemas but those of the methods it calls
 * (`Resource`, below, looks schemas up by id, which keeps every schema).
 */
export abstract class BaseResource {
  // Private, so `JSON.stringify(klaviyo)` and `util.inspect` see no cycle and nothing of the client.
  readonly #client: KlaviyoCore;

  constructor(client: KlaviyoCore) {
    this.#client = client;
  }

  /** The client every call of this resource goes through. */
  protected get client(): KlaviyoCore {
    return this.#client;
  }
}

/** Base of the hand-written `…Helpers` classes: calls operations by id, finding their schemas at call time. */
export abstract class Resource extends BaseResource {
  /** Calls one operation and resolves to its validated response document. */
  protected call<Id extends OperationId>(
    operationId: Id,
    args: ResourceCallArgs<Id> = {},
    options?: RequestOptions,
  ): APIPromise<ResponseOf<Id>> {
    return callOperation(this.client, operationId, withSchemas(operationId, args), options);
  }

  /**
   * Checks every body a bulk call is about to send as `call()` would, throwing `ValidationError` before the
   * first is sent: a body refused after others went through would leave the call half done.
   */
  protected async checkBodies<Id extends OperationId>(operationId: Id, bodies: readonly unknown[]): Promise<void> {
    const schema = await schemasOf(operationId)?.requestSchema?.();
    for (const body of bodies) checkBody(operationId, body, schema);
  }

  /** Calls a collection operation: `await` for the first page, `for await` for every item. */
  protected paginate<Id extends OperationId>(
    operationId: Id,
    args: ResourceCallArgs<Id> = {},
    options?: RequestOptions,
  ): PageOf<Id> {
    return paginateOperation(this.client, operationId, withSchemas(operationId, args), options);
  }
}

/** The schema loaders of an operation known only by its id, or undefined when it has neither. */
function schemasOf(operationId: string): Pick<CallArgs<OperationId>, 'requestSchema' | 'responseSchema'> | undefined {
  return Object.hasOwn(schemasByOperation, operationId) ? schemasByOperation[operationId] : undefined;
}

/** The operation's schemas, loaded and built on its first call (not at import). */
function withSchemas<Id extends OperationId>(operationId: Id, args: ResourceCallArgs<Id>): CallArgs<Id> {
  const loaders = schemasOf(operationId);
  return {
    ...args,
    requestSchema: args.bodyChecked ? undefined : loaders?.requestSchema,
    responseSchema: loaders?.responseSchema,
  };
}
