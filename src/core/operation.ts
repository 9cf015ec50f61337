/**
 * Calling one Klaviyo operation: the single path every operation function (`klaviyo-ts/operations`) and
 * every resource method takes. The operation table supplies the HTTP method, path and query grammar; the
 * caller supplies the schemas (as functions, so a schema is built on first use and a bundler keeps only
 * the schemas of the operations an app calls); the transport does the rest.
 *
 * Flow: path, query and body built and checked → request body validated → limiter → transport → retry
 * policy → response validated → typed result or typed error. Bad input rejects the returned promise with
 * `ValidationError`, and nothing is sent.
 */
import type { RequestBodyTypeMap, ResponseTypeMap } from '../schemas/generated/operations.js';
import { APIPromise } from './api-promise.js';
import { bodyRuleIssues } from './body-rules.js';
import { collectIssues, issuesBesides, ValidationError, type ValidationIssue } from './errors.js';
import type { IncludedOf } from './included.js';
import type { KlaviyoCore, KlaviyoRequest } from './klaviyo-core.js';
import { type OperationId, type OperationSpec, registerOperation, requireOperation } from './operations.js';
import { describeValue } from './known-keys.js';
import { type CollectionDocument, PagePromise } from './pagination.js';
import { loadOnce } from './runtime.js';
import { buildQuery, type QueryOptions } from './query.js';
import type { QueryValue, RequestOptions } from './transport.js';
import { jsonCheck, loadEnglish, markChecked, validateInput, type ZodSchema } from './validation.js';

/**
 * The validated response document of an operation (`undefined` for 202/204 answers without a body). With
 * sparse fieldsets `F` (`{ segment: ['name'] }`), resources of those types carry only those attributes.
 */
export type ResponseOf<Id extends OperationId, F = {}> = Id extends keyof ResponseTypeMap
  ? SparseDocument<ResponseTypeMap[Id], F>
  : undefined;
/** The JSON:API body an operation takes, as the spec describes it. */
export type RequestBodyOf<Id extends OperationId> = Id extends keyof RequestBodyTypeMap ? RequestBodyTypeMap[Id] : never;
/** One item of a collection operation's `data`, narrowed to the attributes sparse fieldsets `F` asked for. */
export type ItemOf<Id extends OperationId, F = {}> = ResponseOf<Id, F> extends { data: readonly (infer Item)[] } ? Item : never;
/** What a list call returns: a promise of the first page, iterable over every item. */
export type PageOf<Id extends OperationId, F = {}> = PagePromise<ItemOf<Id, F>, IncludedOf<ResponseOf<Id>>>;

/** The sparse fieldsets an operation takes (`fields[segment]` → `{ segment?: readonly string[] }`). */
export type FieldsOf<Id extends OperationId> = NonNullable<QueryOptions<Id> extends { fields?: infer F } ? F : never>;

/**
 * `Omit` that keeps named keys beside an index signature: the response types are loose (`[key: string]: unknown`
 * keeps what Klaviyo adds), and `Omit` over one keeps only the index signature, so `id` became `unknown`.
 */
type OmitKey<T, K extends string> = { [P in keyof T as P extends K ? never : P]: T[P] };

/** The literal members of an open enum (`'segment' | (string & {})` → `'segment'`). */
type Literal<U> = U extends unknown ? (string extends U ? never : U) : never;

/** `location.city` → `location`; `email` → `email`. */
type Head<N extends string> = N extends `${infer H}.${string}` ? H : N;
/** The rest of the dotted names `N` below `K`: `location.city`, `location.zip` below `location` → `city`, `zip`. */
type Below<N extends string, K> = N extends `${K & string}.${infer R}` ? R : never;

/**
 * `A` with only the attributes `N` names; a dotted name keeps a nested one (`location.city` →
 * `{ location?: { city?: … } }`), as Klaviyo answers it. A name and one below it (`location`,
 * `location.city`) keep the whole attribute. `Pick` keeps each attribute optional or required as it was.
 */
type SparsePick<A, N extends string> = {
  [K in keyof Pick<A, Head<N> & keyof A>]: K extends N
    ? A[K]
    : unknown extends A[K]
      ? A[K]
      : SparsePick<NonNullable<A[K]>, Below<N, K>> | Extract<A[K], null | undefined>;
};

/**
 * A resource object with only the attributes its type's sparse fieldset names: Klaviyo answers
 * `fields[segment]=name` with `name` alone, even where the spec marks other attributes required.
 */
export type SparseResource<R, F> = R extends { type: infer T; attributes: infer A }
  ? Literal<T> extends infer L extends keyof F
    ? NonNullable<F[L]> extends readonly (infer N extends string)[]
      ? OmitKey<R, 'attributes'> & { attributes: SparsePick<A, N> }
      : R
    : R
  : R;

/** A document whose `data` follows the sparse fieldsets `F`; the document itself when `F` asks for none. */
type SparseDocument<D, F> = {} extends F
  ? D
  : D extends { data: infer Data }
    ? OmitKey<D, 'data'> & { data: Data extends readonly (infer R)[] ? SparseResource<R, F>[] : SparseResource<Data, F> }
    : D;

/**
 * A schema built on first use: at once, or (for a generated operation, whose schemas live in modules loaded
 * on its first call) once its module has loaded. See `loadSchema`.
 */
export type SchemaThunk = () => ZodSchema | Promise<ZodSchema>;

/** A `SchemaThunk` whose module can be loaded ahead of its first call (see `loadSchema`). */
export interface SchemaLoader {
  (): ZodSchema | Promise<ZodSchema>;
  /** Imports the schema's module and zod's English messages, building nothing; resolves once they are loaded. */
  preload(): Promise<void>;
}

/**
 * A schema thunk that imports the module defining the schema on its first call (and zod's English messages,
 * see `loadEnglish`), then builds it: a promise until the module is loaded, the schema itself ever after (so
 * later calls start at once). `preload()` loads the module ahead of time (see `preloadOperations` in
 * `klaviyo-ts/testing`). A failed import is tried again on the next call. src/operations/schemas.ts holds
 * one per generated operation.
 *
 * @param load imports the module and picks the schema's builder (`m.GetProfileResponse`)
 */
export function loadSchema(load: () => Promise<() => ZodSchema>): SchemaLoader {
  let build: (() => ZodSchema) | undefined;
  const preload = loadOnce(async () => {
    [build] = await Promise.all([load(), loadEnglish()]);
  });
  return Object.assign(() => (build ? build() : preload().then(() => build!())), { preload });
}

/** What a call needs besides the operation id. */
export interface CallArgs<Id extends OperationId> {
  /** Path parameters, e.g. `{ id }`. */
  path?: Record<string, string>;
  /** The caller's typed query options (`filter`, `sort`, `include`, `fields`, `pageSize`, …), or a function building them. */
  query?: QueryOptions<Id> | undefined | (() => QueryOptions<Id> | undefined);
  /** Wire query parameters set by the method itself (e.g. `page[cursor]`). */
  rawQuery?: Record<string, QueryValue>;
  /**
   * The JSON:API document to send, or a function building it (or a promise of it). A builder may throw
   * `ValidationError`: the call then rejects with it, like any other failure, and nothing is sent.
   */
  body?: unknown;
  /** The operation's request-body schema, checked before sending. */
  requestSchema?: SchemaThunk | undefined;
  /** The body passed `checkBody` already (a bulk helper checks every job's before sending the first): not again. */
  bodyChecked?: boolean | undefined;
  /** The operation's 2xx response schema. */
  responseSchema?: SchemaThunk | undefined;
  /**
   * The operation's entry of the generated table, which its function passes (so that a bundle carries the
   * entries of the operations it calls, not the table); known already when omitted (`Klaviyo` registers all).
   */
  operation?: OperationSpec | undefined;
}

/** A value, or the function that builds it, run where its errors become the call's rejection. */
const built = <T>(value: T | (() => T)): T => (typeof value === 'function' ? (value as () => T)() : value);

/**
 * Calls one operation and resolves to its validated response document (`F`: the sparse fieldsets the query
 * asked for, which only narrow the type; the transport's validation knows them from the query).
 */
export function callOperation<Id extends OperationId, F = {}>(
  client: KlaviyoCore,
  operationId: Id,
  args: CallArgs<Id> = {},
  options?: RequestOptions,
): APIPromise<ResponseOf<Id, F>> {
  try {
    const body = built(args.body);
    const requestSchema = args.requestSchema?.();
    const responseSchema = args.responseSchema?.();
    const english = requestSchema ? loadEnglish() : undefined;
    // Schemas not loaded yet (an operation's first call) or a body still being built: the call waits for
    // them before anything is checked or sent. Once loaded, a call starts at once.
    if (body instanceof Promise || requestSchema instanceof Promise || responseSchema instanceof Promise || english) {
      const ready = Promise.all([body, requestSchema, responseSchema, english]);
      return new APIPromise(
        ready.then(([b, request, response]) =>
          send<Id, F>(client, operationId, args, b, request, response, options).withResponse(),
        ),
      );
    }
    return send(client, operationId, args, body, requestSchema, responseSchema, options);
  } catch (error) {
    // Bad input rejects like any other failure (nothing was sent), rather than throwing synchronously.
    return new APIPromise(Promise.reject(error));
  }
}

/** Checks the call's input and sends it; throws `ValidationError` (nothing sent) for bad input. */
function send<Id extends OperationId, F>(
  client: KlaviyoCore,
  operationId: Id,
  args: CallArgs<Id>,
  body: unknown,
  requestSchema: ZodSchema | undefined,
  responseSchema: ZodSchema | undefined,
  options: RequestOptions | undefined,
): APIPromise<ResponseOf<Id, F>> {
  if (args.operation) registerOperation(operationId, args.operation);
  const op = requireOperation(operationId);
  if (!args.bodyChecked && (body !== undefined || requestSchema)) checkBody(operationId, body, requestSchema);
  if ('multipart' in op && body !== undefined) body = formDataOf(body as Record<string, unknown>);
  const query = { ...buildQuery(operationId, built(args.query)), ...args.rawQuery };
  const spec: KlaviyoRequest = { method: op.method, path: fillPath(op.path, args.path ?? {}), query, body, operationId };
  if (!('multipart' in op)) markChecked(body); // checkBody walked it: the transport need not
  return responseSchema
    ? client.request(spec, options, responseSchema as ZodSchema<ResponseOf<Id, F>>)
    : (client.request(spec, options) as APIPromise<ResponseOf<Id, F>>);
}

/**
 * Checks a request body as `callOperation` does before sending it, throwing `ValidationError`: that it can be
 * sent as JSON as written (no BigInt, cycle, function, `NaN`…), that it matches the operation's schema
 * (`schema`, when given), and that it keeps the rules the spec states in prose (src/core/body-rules.ts).
 * Bulk helpers check every chunk's body with it before sending the first, so no call is refused halfway.
 */
export function checkBody(operationId: OperationId, body: unknown, schema?: ZodSchema): void {
  if (body === undefined) {
    throw new ValidationError(`Missing request body for ${operationId}`, {
      issues: [{ path: '', message: `${operationId} takes a JSON:API document` }],
    });
  }
  if (requireOperation(operationId).multipart) {
    // A form (a file upload) is sent as its fields, not as JSON: its schema is the whole check.
    if (schema) validateInput(schema, body, `request body for ${operationId}`);
    return;
  }
  // JSON.stringify would throw a TypeError on a BigInt or a cycle, and drop or change other values silently.
  const { issues: unsendable, transformed } = jsonCheck(body);
  if (unsendable.length) {
    throw new ValidationError(`Request body for ${operationId} cannot be sent as JSON`, { issues: unsendable });
  }
  // What is checked is what Klaviyo will read: where JSON turns a value into another (a Date into its ISO
  // string, even where an object is due), the JSON form. The caller's own object is what is sent.
  const sent = transformed ? (JSON.parse(JSON.stringify(body)) as unknown) : body;
  // The schema's issues and the rules' in one error, so a body is mended in one pass (a rule's issue where the
  // schema already said something is left out).
  const issues: ValidationIssue[] = [];
  if (schema) collectIssues(issues, () => validateInput(schema, sent, `request body for ${operationId}`));
  issues.push(...issuesBesides(issues, bodyRuleIssues(operationId, sent)));
  if (issues.length) throw new ValidationError(`Invalid request body for ${operationId}`, { issues });
}

/**
 * A checked multipart body (`{ file: Blob, name?, hidden? }`) as the form fetch sends: a Blob as a file
 * part (named after the File, else `upload`), anything else as its text.
 */
function formDataOf(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value instanceof Blob)
      form.append(name, value, 'name' in value && typeof value.name === 'string' ? value.name : 'upload');
    else form.append(name, String(value));
  }
  return form;
}

/** Calls a collection operation: `await` for the first page, `for await` for every item. */
export function paginateOperation<Id extends OperationId, F = {}>(
  client: KlaviyoCore,
  operationId: Id,
  args: CallArgs<Id> = {},
  options?: RequestOptions,
): PageOf<Id, F> {
  return new PagePromise<ItemOf<Id, F>, IncludedOf<ResponseOf<Id>>>(
    (cursor) =>
      callOperation(
        client,
        operationId,
        // The first page starts at the query's `pageCursor` when one was given, else at the beginning.
        cursor === undefined ? args : { ...args, rawQuery: { ...args.rawQuery, 'page[cursor]': cursor } },
        options,
      ) as unknown as APIPromise<CollectionDocument<ItemOf<Id, F>>>,
  );
}

/**
 * `/api/profiles/{id}` + `{ id: 'a/b' }` → `/api/profiles/a%2Fb`. Every parameter is encoded (`/`, `?`, `#`,
 * `%` and whitespace included), so none can change the path; one that encoding cannot keep in its place is
 * refused: empty, `.` or `..` (which a URL resolves as a move up the path), or holding a lone UTF-16 surrogate.
 */
export function fillPath(template: string, params: Record<string, string>): string {
  if (typeof params !== 'object' || params === null) params = {};
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value: unknown = params[name];
    const refuse = (message: string): never => {
      throw new ValidationError(`Invalid path parameter "${name}"`, { issues: [{ path: name, message }] });
    };
    if (typeof value !== 'string') return refuse(`must be a non-empty string, got ${describeValue(value)}`);
    if (value.trim() === '') return refuse('must be a non-empty string');
    if (value === '.' || value === '..') return refuse(`cannot be "${value}": it would move the request up the path`);
    try {
      return encodeURIComponent(value);
    } catch {
      return refuse('holds a lone UTF-16 surrogate, which cannot be sent in a URL');
    }
  });
}
