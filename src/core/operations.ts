/**
 * The operations the core knows: each one an operation function or method has called (its function passes
 * its own entry of the generated table), or every one once the whole table is registered (`Klaviyo` does
 * that; `KlaviyoCore` alone does not, so a bundle of `KlaviyoCore` and `getProfiles` carries one entry of
 * the table, not 345). Looked up by id (query grammar, rate limits) or by method and path (`request()`).
 */
import { ValidationError } from './errors.js';
import { DEFAULT_REVISION } from './revisions.js';
import { type OperationId, type OperationSpec, operations } from './operations.generated.js';

export { type OperationId, type OperationSpec, operations };

const known = new Map<string, OperationSpec>();
/** Whether the revision's whole table is registered, so an id `known` lacks is no operation of the revision. */
let everyOperationKnown = false;
/** Each known operation's path as a pattern, built on the first raw `request()` after the set changed. */
let byTemplate: Array<{ id: OperationId; method: string; pattern: RegExp }> | undefined;

/** Makes an operation known to the core: the entry its function passes on every call. */
export function registerOperation(operationId: string, spec: OperationSpec): void {
  if (known.get(operationId) === spec) return;
  known.set(operationId, spec);
  byTemplate = undefined;
}

/** Makes every operation of the revision's table known (`Klaviyo` registers the whole generated table). */
export function registerOperations(table: { readonly [id: string]: OperationSpec }): void {
  for (const [id, spec] of Object.entries(table)) registerOperation(id, spec);
  everyOperationKnown = true;
}

/**
 * The ids of the operations the core knows, and whether they are all of the revision's (`Klaviyo`) or only
 * those a bare `KlaviyoCore`'s functions have called so far.
 */
export function knownOperations(): { ids: string[]; complete: boolean } {
  return { ids: [...known.keys()], complete: everyOperationKnown };
}

/** The facts of a known operation, or undefined. */
export function operationSpec(operationId: string): OperationSpec | undefined {
  return known.get(operationId);
}

/** The facts of a known operation; `ValidationError` for an id no function or table has made known. */
export function requireOperation(operationId: string): OperationSpec {
  const spec = known.get(operationId);
  if (!spec)
    throw new ValidationError(
      `Unknown operation ${operationId}: not an operation of revision ${DEFAULT_REVISION} this client knows`,
    );
  return spec;
}

/** The operation a request is for, so `klaviyo.request()` calls get the right rate-limit bucket and retry policy. */
export function findOperationId(method: string, path: string): OperationId | undefined {
  byTemplate ??= [...known].map(([id, op]) => ({
    id: id as OperationId,
    method: op.method,
    // `/api/profiles/{id}` → /^\/api\/profiles\/[^/]+$/
    pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
  }));
  const verb = method.toUpperCase();
  const matches = byTemplate.filter((op) => op.method === verb && op.pattern.test(path));
  // A literal path (`/api/profile-import`) before a template that also matches it (`/api/{x}`).
  const params = (id: string) => (known.get(id)!.path.match(/\{/g) ?? []).length;
  return matches.sort((a, b) => params(a.id) - params(b.id))[0]?.id;
}
