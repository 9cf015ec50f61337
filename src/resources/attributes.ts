/**
 * Generated methods that take a body's attributes alone (`klaviyo.profiles.create({ email })`) send them as
 * `{ data: { type, attributes } }`; this says their input issues as the caller wrote them. Those whose body can
 * carry optional relationships (a tag's group, a catalog item's categories) take the whole document too.
 */
import { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import { describeGiven, isPlainObject } from '../core/known-keys.js';

/**
 * The call of a method that takes only a body's attributes (`profiles.create({ email })`) and sends them as
 * `{ data: { type, attributes } }`: its input issues are said as the caller wrote them, `email` rather than
 * `data.attributes.email`, under "Invalid attributes for <operation>" (or "Invalid <what>"). A helper whose
 * parameters are named otherwise than the attributes passes `rename` (`metric_id` → `metricId`). A response's
 * issues (`responseValidation: 'strict'`) keep their paths.
 */
export function withAttributePaths<T>(
  call: APIPromise<T>,
  operationId: string,
  rename: (path: string) => string = (path) => path,
  what = `attributes for ${operationId}`,
): APIPromise<T> {
  return new APIPromise(
    call.withResponse().catch((error: unknown) => {
      throw error instanceof ValidationError && error.body === undefined ? attributeIssues(error, what, rename) : error;
    }),
  );
}

/** `metric_id.0` → `metricId.0`: for helpers whose parameters are the attributes in camelCase. */
export const camelCaseKey = (path: string): string =>
  path.replace(/^[a-z0-9]+(?:_[a-z0-9]+)+(?=$|[.[])/, (key) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));

const ATTRIBUTES = 'data.attributes';

/** `data.attributes.email` → `email`, `data.attributes["utm.source"]` → `["utm.source"]`; undefined when not below the attributes. */
function belowAttributes(path: string): string | undefined {
  if (!path.startsWith(ATTRIBUTES)) return undefined;
  const rest = path.slice(ATTRIBUTES.length);
  return rest === '' || rest.startsWith('[') ? rest : rest.startsWith('.') ? rest.slice(1) : undefined;
}

function attributeIssues(error: ValidationError, what: string, rename: (path: string) => string): ValidationError {
  if (!error.issues.some((issue) => belowAttributes(issue.path) !== undefined)) return error;
  const issues = error.issues.map((issue) => {
    const below = belowAttributes(issue.path);
    return { ...issue, path: below === undefined ? issue.path : rename(below) };
  });
  return new ValidationError(`Invalid ${what}`, { issues, cause: error });
}

/**
 * The call of a method that takes a body's attributes (`klaviyo.tags.create({ name })`) or, to send the body's
 * optional relationships too, the whole JSON:API document (`{ data: { type: 'tag', attributes, relationships }
 * }`): a document is an object whose `data` is an object (no such body's attributes have a `data`;
 * scripts/generate-api.ts checks), and the schema refuses any other key it has. Attributes go as
 * `{ data: { type, id?, attributes } }` and their issues are said as the caller wrote them
 * (`withAttributePaths`); a document goes as written, its issues at their own paths. `id` is the path's id of an update: a document without `data.id` gets it, and one naming another id
 * is refused (Klaviyo answers 409).
 *
 * @throws {ValidationError} (as the rejection) for a document whose `data.id` is not the path's id, and every
 *   issue the operation's schema finds.
 */
export function sendAttributesOrDocument<Body, T>(
  operationId: string,
  type: string,
  id: string | undefined,
  given: unknown,
  send: (body: Body) => APIPromise<T>,
): APIPromise<T> {
  if (!isDocument(given)) {
    const data = id === undefined ? { type, attributes: given } : { type, id, attributes: given };
    return withAttributePaths(send({ data } as Body), operationId);
  }
  if (id === undefined || given.data.id === undefined) {
    return send((id === undefined ? given : { ...given, data: { ...given.data, id } }) as Body);
  }
  if (given.data.id === id) return send(given as Body);
  const message = `must be the id the call names (${JSON.stringify(id)}), got ${describeGiven(given.data.id)}`;
  const error = new ValidationError(`Invalid request body for ${operationId}`, { issues: [{ path: 'data.id', message }] });
  return new APIPromise(Promise.reject(error));
}

function isDocument(given: unknown): given is { data: Record<string, unknown> } {
  return isPlainObject(given) && isPlainObject(given['data']);
}

/**
 * A JSON:API body whose `data.id` may be left out: what an update method taking the whole document accepts,
 * since the call names the id (`klaviyo.catalogs.items.update(id, { data: { type, attributes, relationships } })`).
 */
export type WithCallId<Body> = Body extends { data: infer Data }
  ? Omit<Body, 'data'> & { data: Omit<Data, 'id'> & { id?: string | undefined } }
  : Body;
