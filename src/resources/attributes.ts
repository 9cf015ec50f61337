/**
 * Generated methods that take a body's attributes alone (`klaviyo.profiles.create({ email })`) send them as
 * `{ data: { type, attributes } }`; this says their input issues as the caller wrote them.
 */
import { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';

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
