/**
 * Refusing keys the SDK does not know, so that nothing a caller wrote is dropped silently: `{ timeout: 5 }`
 * or `{ firstName: 'Ana' }` would otherwise be ignored (or sent, and stored as nothing) without a word. Also
 * the checks every public method makes of its arguments' types first, so that a JavaScript caller's
 * `undefined` or number is a `ValidationError` naming the argument, never a `TypeError` from deep inside.
 */
import { distance } from 'fastest-levenshtein';
import { appendKey, ValidationError, type ValidationIssue } from './errors.js';

/** `first_name`, `firstName`, `First-Name` and `first[name]` all read `firstname`. */
const normalize = (name: string) => name.toLowerCase().replace(/[_\-\s[\]]/g, '');

/**
 * The accepted name `name` was probably meant to be: the same word written another way (`firstName` →
 * `first_name`, `baseURL` → `baseUrl`, `unique_id` → `uniqueId`, `page[cursor]` → `pageCursor`), else the
 * nearest within two edits (`timeout` → `timeoutMs`). `undefined` when none is close.
 */
export function closestName(name: string, accepted: readonly string[]): string | undefined {
  const wanted = normalize(name);
  const same = accepted.find((candidate) => normalize(candidate) === wanted);
  if (same) return same;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of accepted) {
    const near = normalize(candidate);
    const d = swapped(wanted, near) ? 1 : Math.min(distance(wanted, near), prefixDistance(wanted, near));
    // Two edits turn any two-letter word into `id`: an edit must leave most of the name standing.
    if (d < bestDistance && d <= near.length / 2) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * `must be one of email, sms, got "emial"; did you mean "email"?`: the message for a value outside a fixed list
 * (an enum of the spec, a sort key, an include), naming the closest value of `suggestFrom` when one is close.
 */
export function notOneOfMessage(given: unknown, allowed: readonly string[], suggestFrom = allowed): string {
  const suggestion = typeof given === 'string' ? closestName(given, suggestFrom) : undefined;
  return `must be one of ${allowed.join(', ')}, got ${describeGiven(given)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

/** `dya` is `day` with two letters swapped: one slip of the fingers, though Levenshtein counts two edits. */
function swapped(name: string, candidate: string): boolean {
  if (name.length !== candidate.length) return false;
  const differ = [...name].flatMap((c, i) => (c === candidate[i] ? [] : [i]));
  const [i, j] = differ;
  return differ.length === 2 && j === i! + 1 && name[i!] === candidate[j] && name[j] === candidate[i!];
}

/** `timeout` is `timeoutMs` without its unit: a missing suffix of up to 2 letters counts as that many edits. */
function prefixDistance(name: string, candidate: string): number {
  return candidate.startsWith(name) && name.length >= 4 ? candidate.length - name.length : Infinity;
}

/** `unknown key; did you mean "first_name"?`, or the accepted keys when none is close. */
export function unknownKeyMessage(key: string, accepted: readonly string[]): string {
  const suggestion = closestName(key, accepted);
  if (suggestion) return `unknown key; did you mean "${suggestion}"?`;
  return accepted.length ? `unknown key; accepted: ${accepted.join(', ')}` : 'unknown key; none is accepted here';
}

/**
 * Every key of `T`, listed once for the run-time checks above (`keysOf<WaitOptions>()(['signal', …])`): an
 * options type that gains a key the list lacks fails to compile, naming it (`missing: "timeoutMs"`), so a new
 * option is never refused as unknown.
 */
export function keysOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> }),
  ): K => keys;
}

/**
 * The keys of `entry` that are near misses of a helper's own `keys` (`couponID` for `couponId`, `categoryId`
 * for `categoryIds`), by the key meant, each with its issue at `at`. A helper's entries mix its own keys with a
 * resource's attributes, which the schema checks: its list of accepted keys leaves the helper's out.
 */
export function misspeltKeys(
  entry: object,
  keys: readonly string[],
  at: string,
): { misspelt: Map<string, string>; issues: ValidationIssue[] } {
  const misspelt = new Map<string, string>();
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(entry)) {
    const meant = keys.includes(key) ? undefined : closestName(key, keys);
    if (meant === undefined) continue;
    misspelt.set(key, meant);
    issues.push({ path: appendKey(at, key), message: unknownKeyMessage(key, keys) });
  }
  return { misspelt, issues };
}

/** One issue per key of `value` not in `accepted`, each naming the closest accepted key when one is close. */
export function unknownKeyIssues(value: object, accepted: readonly string[], at = ''): ValidationIssue[] {
  const known = new Set(accepted);
  return Object.keys(value)
    .filter((key) => !known.has(key))
    .map((key) => ({ path: appendKey(at, key), message: unknownKeyMessage(key, accepted) }));
}

/**
 * Throws `ValidationError` (`Unknown key in KlaviyoClient options: timeout: unknown key; did you mean "timeoutMs"?`)
 * when `value` has a key not in `accepted`. A key whose value is `undefined` counts too: `{ timeOut:
 * undefined }` is still a misspelling.
 */
export function rejectUnknownKeys(value: object, accepted: readonly string[], what: string, at = ''): void {
  const issues = unknownKeyIssues(value, accepted, at);
  if (issues.length) throw new ValidationError(`Unknown ${issues.length === 1 ? 'key' : 'keys'} in ${what}`, { issues });
}

/** What a value is, for messages: `undefined`, `null`, `an array`, `a number`, `a bigint`… */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** A string quoted (`"sms "`), a number or boolean as written (`-1`, `NaN`), anything else described (`an object`): what a message says was given. */
export function describeGiven(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : describeValue(value);
}

/** The longest a timer waits (2^31 − 1 ms, about 24.8 days): `setTimeout` fires a longer one after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Why `value` cannot be a duration in milliseconds (a timeout, a window, a pause), or undefined when it can: a
 * number above 0 and at most `MAX_TIMER_MS`. A longer one would not wait longer: every timer would fire at once.
 */
export function durationProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS) return undefined;
  const range = `a positive number of milliseconds, at most ${MAX_TIMER_MS} (the longest a timer waits, about 24.8 days)`;
  return `must be ${range}, got ${describeGiven(value)}`;
}

/** A plain object (`{…}`, or an object without a prototype): not an array, a Date, a Map or a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function invalidArgument(what: string, path: string, message: string): never {
  throw new ValidationError(`Invalid ${what}`, { issues: [{ path, message }] });
}

/**
 * Checks an argument object of a hand-written method: a plain object (or `undefined` when `optional`) with
 * no key outside `accepted`. Throws `ValidationError` naming `what` and, per unknown key, the closest
 * accepted one (`unique_id` → `uniqueId`).
 *
 * @returns the object, or `{}` for an optional argument left out
 */
export function checkArgumentObject<T extends object>(
  value: T | undefined,
  accepted: readonly string[],
  what: string,
  { optional = false, path = '' }: { optional?: boolean; path?: string } = {},
): T {
  if (value === undefined && optional) return {} as T;
  if (!isPlainObject(value)) return invalidArgument(what, path, `must be an object, got ${describeValue(value)}`);
  rejectUnknownKeys(value, accepted, what, path);
  return value;
}

/**
 * Why `value` cannot be a `signal` option (a call's, `wait()`'s), or undefined when it can: anything but an
 * `AbortSignal` would fail deep inside, in the limiter's queue or in fetch, rather than where it was given.
 */
export function signalProblem(value: unknown): string | undefined {
  if (value === undefined || value instanceof AbortSignal) return undefined;
  return `must be an AbortSignal (an AbortController's signal, or AbortSignal.timeout(ms)), got ${describeValue(value)}`;
}

/** Why `value` is not a non-empty string (an id, a name), or undefined when it is one. */
export function stringProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  return value.trim() === '' ? 'must not be empty' : undefined;
}

/** Checks that an argument is a non-empty string (an id, a name); throws `ValidationError` naming it. */
export function checkString(value: unknown, what: string, path: string): string {
  const problem = stringProblem(value);
  return problem ? invalidArgument(what, path, problem) : (value as string);
}

/**
 * The issues of a list of ids an argument holds (`categoryIds`): an array, without holes, of non-empty
 * strings; none when it is one.
 */
export function idListIssues(value: unknown, path: string): ValidationIssue[] {
  if (!Array.isArray(value)) return [{ path, message: `must be an array, got ${describeValue(value)}` }];
  const holes = holeIssues(value, path);
  if (holes.length) return holes;
  return value.flatMap((id: unknown, i) => {
    const problem = stringProblem(id);
    return problem ? [{ path: `${path}.${i}`, message: problem }] : [];
  });
}

/**
 * Checks that an argument is an array without holes (of anything: its items are checked where they are
 * used). A sparse array's hole (`[a, , b]`) is refused by its index: `map` and `forEach` skip it, so an item
 * the caller meant to pass would be left out without a word.
 */
export function checkArray<T>(value: readonly T[], what: string, path: string): readonly T[] {
  if (!Array.isArray(value)) return invalidArgument(what, path, `must be an array, got ${describeValue(value)}`);
  const holes = holeIssues(value, path);
  if (holes.length) throw new ValidationError(`Invalid ${what}`, { issues: holes });
  return value;
}

/**
 * One issue per hole of a sparse array (`[a, , b]`: `list.1`), none for a dense one. `map`, `forEach` and
 * `join` skip a hole or send it as nothing (`a,,b`), so an item the caller meant to pass would be lost.
 */
export function holeIssues(list: readonly unknown[], path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) issues.push({ path: `${path}.${i}`, message: 'is a hole in a sparse array: every index needs an item' });
  }
  return issues;
}
