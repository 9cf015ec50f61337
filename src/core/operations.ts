/** Looking up the generated operation table by id, or by method and concrete path. */
import { type OperationId, type OperationSpec, operations } from './operations.generated.js';

export { type OperationId, type OperationSpec, operations };

/** Each operation's path as a pattern; built on the first raw `request()`, not at import (345 regexes). */
let byTemplate: Array<{ id: OperationId; method: string; pattern: RegExp }> | undefined;

/** The operation a request is for, so `klaviyo.request()` calls get the right rate-limit bucket and retry policy. */
export function findOperationId(method: string, path: string): OperationId | undefined {
  byTemplate ??= Object.entries(operations).map(([id, op]) => ({
    id: id as OperationId,
    method: op.method as string,
    // `/api/profiles/{id}` → /^\/api\/profiles\/[^/]+$/
    pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
  }));
  const verb = method.toUpperCase();
  return byTemplate.find((op) => op.method === verb && op.pattern.test(path))?.id;
}
