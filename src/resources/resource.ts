/**
 * What every resource class stands on. A resource method names a Klaviyo operation; the generated table
 * supplies its HTTP method and path, the generated schemas validate the body before sending and the
 * response after, and the transport does the rest. A resource never talks to ky.
 */
import type { z } from 'zod';
import type { Klaviyo, KlaviyoRequest } from '../client.js';
import { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import { type OperationId, operations } from '../core/operations.js';
import { type CollectionDocument, PagePromise } from '../core/pagination.js';
import { buildQuery, type QueryOptions } from '../core/query.js';
import type { IncludedOf } from '../core/included.js';
import type { QueryValue, RequestOptions } from '../core/transport.js';
import { validateInput } from '../core/validation.js';
import { requestBodySchemas, responseSchemas } from '../schemas/index.js';

type ResponseSchemas = typeof responseSchemas;
type RequestBodySchemas = typeof requestBodySchemas;

/** The validated response document of an operation (`undefined` for 202/204 answers without a body). */
export type ResponseOf<Id extends OperationId> = Id extends keyof ResponseSchemas ? z.output<ResponseSchemas[Id]> : undefined;
/** The JSON:API body an operation takes, as the spec describes it. */
export type RequestBodyOf<Id extends OperationId> = Id extends keyof RequestBodySchemas ? z.input<RequestBodySchemas[Id]> : never;
/** One item of a collection operation's `data`. */
export type ItemOf<Id extends OperationId> = ResponseOf<Id> extends { data: readonly (infer Item)[] } ? Item : never;

/** What a list method returns: a promise of the first page, iterable over every item. */
export type PageOf<Id extends OperationId> = PagePromise<ItemOf<Id>, IncludedOf<ResponseOf<Id>>>;

/** What a call needs besides the operation id. */
export interface CallArgs<Id extends OperationId> {
  /** Path parameters, e.g. `{ id }`. */
  path?: Record<string, string>;
  /** The caller's typed query options (`filter`, `sort`, `include`, `fields`, `pageSize`, …), or a function building them. */
  query?: QueryOptions<Id> | (() => QueryOptions<Id>);
  /** Wire query parameters set by the method itself (e.g. `page[cursor]`). */
  rawQuery?: Record<string, QueryValue>;
  /**
   * The JSON:API document to send, or a function building it. A builder may throw `ValidationError`:
   * the call then rejects with it, like any other failure, and nothing is sent.
   */
  body?: unknown;
}

/** A value, or the function that builds it, run where its errors become the call's rejection. */
const built = <T>(value: T | (() => T)): T => (typeof value === 'function' ? (value as () => T)() : value);

/** Base of every resource class. */
export abstract class Resource {
  // Private, so `JSON.stringify(klaviyo)` and `util.inspect` see no cycle and nothing of the client.
  readonly #klaviyo: Klaviyo;

  constructor(klaviyo: Klaviyo) {
    this.#klaviyo = klaviyo;
  }

  /** Calls one operation and resolves to its validated response document. */
  protected call<Id extends OperationId>(
    operationId: Id,
    args: CallArgs<Id> = {},
    options?: RequestOptions,
  ): APIPromise<ResponseOf<Id>> {
    const op = operations[operationId];
    let spec: KlaviyoRequest;
    try {
      const body = built(args.body);
      const bodySchema = (requestBodySchemas as Partial<Record<OperationId, z.ZodType>>)[operationId];
      if (body !== undefined && bodySchema) {
        // Validated, but the caller's own object is what is sent: nothing they wrote is dropped.
        validateInput(bodySchema, body, `request body for ${operationId}`);
      }
      const query = { ...buildQuery(operationId, built(args.query)), ...args.rawQuery };
      spec = { method: op.method, path: fillPath(op.path, args.path ?? {}), query, body, operationId };
    } catch (error) {
      // Bad input rejects like any other failure (nothing was sent), rather than throwing synchronously.
      return new APIPromise(Promise.reject(error));
    }
    const schema = (responseSchemas as Partial<Record<OperationId, z.ZodType>>)[operationId];
    return schema
      ? this.#klaviyo.request(spec, options, schema as z.ZodType<ResponseOf<Id>>)
      : (this.#klaviyo.request(spec, options) as APIPromise<ResponseOf<Id>>);
  }

  /** Calls a collection operation: `await` for the first page, `for await` for every item. */
  protected paginate<Id extends OperationId>(operationId: Id, args: CallArgs<Id> = {}, options?: RequestOptions): PageOf<Id> {
    return new PagePromise<ItemOf<Id>, IncludedOf<ResponseOf<Id>>>(
      (cursor) =>
        this.call(
          operationId,
          { ...args, rawQuery: { ...args.rawQuery, 'page[cursor]': cursor } },
          options,
        ) as unknown as APIPromise<CollectionDocument<ItemOf<Id>>>,
    );
  }
}

/** `/api/profiles/{id}` + `{ id: 'a/b' }` → `/api/profiles/a%2Fb`. Every parameter is encoded; none may be empty. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ValidationError(`Missing path parameter "${name}"`, {
        issues: [{ path: name, message: 'must be a non-empty string' }],
      });
    }
    return encodeURIComponent(value);
  });
}
