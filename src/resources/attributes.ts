/**
 * Generated methods that take a body's attributes alone (`klaviyo.profiles.create({ email })`) send them as
 * `{ data: { type, attributes } }`; this says their input issues as the caller wrote them.
 */
import { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';

/**
 * The call of a method that takes only a body's attributes (`profiles.create({ email })`) and sends them as
 * `{ data: { type, attributes } }`: its input issues are said as the caller wrote them, `email` rather than
 * `data.attributes.email`. A response's issues (`responseValidation: 'strict'`) keep their paths.
 */
export function withAttributePaths<T>(call: APIPromise<T>, operationId: string): APIPromise<T> {
  return new APIPromise(
    call.withResponse().catch((error: unknown) => {
      throw error instanceof ValidationError && error.body === undefined ? attributeIssues(error, operationId) : error;
    }),
  );
}

const ATTRIBUTES = 'data.attributes';

function attributeIssues(error: ValidationError, operationId: string): ValidationError {
  if (!error.issues.some((issue) => issue.path === ATTRIBUTES || issue.path.startsWith(`${ATTRIBUTES}.`))) return error;
  const issues = error.issues.map((issue) =>
    issue.path === ATTRIBUTES
      ? { ...issue, path: '' }
      : issue.path.startsWith(`${ATTRIBUTES}.`)
        ? { ...issue, path: issue.path.slice(ATTRIBUTES.length + 1) }
        : issue,
  );
  return new ValidationError(`Invalid attributes for ${operationId}`, { issues, cause: error });
}
