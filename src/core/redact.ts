/**
 * Keeps private keys out of everything the SDK prints or throws. Klaviyo private keys start with `pk_`;
 * anything of that shape is masked, whichever client it belongs to, so a key pasted into a wrong place
 * (a URL, a property) is masked too. The keys clients were given are also masked exactly, whatever
 * characters they hold.
 */
const PRIVATE_KEY_PATTERN = /pk_[A-Za-z0-9_-]{4,}/g;
const knownKeys = new Set<string>();

/** Remembers a key the SDK was given, so it is masked wherever it appears. */
export function registerSecret(key: string): void {
  if (key.length >= 8) knownKeys.add(key);
}

/** Masks every private key in `text`. */
export function redactSecrets(text: string): string {
  let masked = text;
  for (const key of knownKeys) masked = masked.split(key).join('pk_[redacted]');
  return masked.replace(PRIVATE_KEY_PATTERN, 'pk_[redacted]');
}

/** Header names whose values are never logged. */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization']);

/** A loggable copy of request or response headers. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers] : Object.entries(headers);
  return Object.fromEntries(
    entries.map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : redactSecrets(value)]),
  );
}

/**
 * A copy of `value` with every private key masked: strings, JSON-like data (an error body that echoes a
 * header back) and errors (a `cause` whose message quotes a URL or header), with their own causes.
 */
export function redactValue<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (value instanceof Error) {
    if (depth > 4) return new Error(redactSecrets(value.message)) as T;
    const copy = new Error(
      redactSecrets(value.message),
      value.cause === undefined ? undefined : { cause: redactValue(value.cause, depth + 1) },
    );
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactSecrets(value.stack);
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) Object.assign(copy, { code });
    return copy as T;
  }
  if (value === null || typeof value !== 'object') return value;
  try {
    return JSON.parse(redactSecrets(JSON.stringify(value))) as T;
  } catch {
    return value; // not JSON-able (a cycle): nothing of ours put a key there
  }
}
