/**
 * Matches a method and path to an operation of the generated operation table. Knowing every operation's
 * path template lets the mock tell an unknown route (404) from a known route with the wrong method (405).
 */
import { operations, type OperationId, type OperationSpec } from '../core/operations.generated.js';

/** A matched operation and its path parameters. */
export interface RouteMatch {
  op: OperationSpec & { id: OperationId };
  params: Record<string, string>;
}

interface Route {
  op: OperationSpec & { id: OperationId };
  pattern: RegExp;
  names: string[];
}

const ROUTES: Route[] = (Object.entries(operations) as Array<[OperationId, OperationSpec]>).map(([id, op]) => {
  const names: string[] = [];
  const source = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  // Klaviyo accepts paths with or without the trailing slash.
  return { op: { ...op, id }, pattern: new RegExp(`^${source}/?$`), names };
});

/** The route for `method` + `pathname`: a match, `'method-not-allowed'` or `'not-found'`. */
export function matchRoute(method: string, pathname: string): RouteMatch | 'method-not-allowed' | 'not-found' {
  let pathKnown = false;
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    pathKnown = true;
    if (route.op.method !== method.toUpperCase()) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
    return { op: route.op, params };
  }
  return pathKnown ? 'method-not-allowed' : 'not-found';
}

/** Methods a path answers to (for the `Allow` header of a 405). */
export function allowedMethods(pathname: string): string[] {
  return ROUTES.filter((r) => r.pattern.test(pathname)).map((r) => r.op.method);
}
