/**
 * Refusing keys the SDK does not know, so that nothing a caller wrote is dropped silently: `{ timeout: 5 }`
 * or `{ firstName: 'Ana' }` would otherwise be ignored (or sent, and stored as nothing) without a word.
 */
import { distance } from 'fastest-levenshtein';
import { ValidationError, type ValidationIssue } from './errors.js';

/** `first_name`, `firstName` and `First-Name` all read `firstname`. */
const normalize = (name: string) => name.toLowerCase().replace(/[_\-\s]/g, '');

/**
 * The accepted name `name` was probably meant to be: the same word written another way (`firstName` →
 * `first_name`, `baseURL` → `baseUrl`, `unique_id` → `uniqueId`), else the nearest within two edits
 * (`timeout` → `timeoutMs`). `undefined` when none is close.
 */
export function closestName(name: string, accepted: readonly string[]): string | undefined {
  const wanted = normalize(name);
  const same = accepted.find((candidate) => normalize(candidate) === wanted);
  if (same) return same;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of accepted) {
    const d = Math.min(distance(wanted, normalize(candidate)), prefixDistance(wanted, normalize(candidate)));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** `timeout` is `timeoutMs` without its unit: a missing suffix of up to 2 letters counts as that many edits. */
function prefixDistance(name: string, candidate: string): number {
  return candidate.startsWith(name) && name.length >= 4 ? candidate.length - name.length : Infinity;
}

/** One issue per key of `value` not in `accepted`, each naming the closest accepted key when one is close. */
export function unknownKeyIssues(value: object, accepted: readonly string[], pathPrefix = ''): ValidationIssue[] {
  const known = new Set(accepted);
  return Object.keys(value)
    .filter((key) => !known.has(key))
    .map((key) => {
      const suggestion = closestName(key, accepted);
      const hint = suggestion ? `did you mean "${suggestion}"?` : `accepted: ${accepted.join(', ')}`;
      return { path: `${pathPrefix}${key}`, message: `unknown key; ${hint}` };
    });
}

/**
 * Throws `ValidationError` (`Unknown key in client options: timeout: unknown key; did you mean "timeoutMs"?`)
 * when `value` has a key not in `accepted`. A key whose value is `undefined` counts too: `{ timeOut:
 * undefined }` is still a misspelling.
 */
export function rejectUnknownKeys(value: object, accepted: readonly string[], what: string, pathPrefix = ''): void {
  const issues = unknownKeyIssues(value, accepted, pathPrefix);
  if (issues.length) throw new ValidationError(`Unknown ${issues.length === 1 ? 'key' : 'keys'} in ${what}`, { issues });
}
