/**
 * Keeps private keys and OAuth access tokens out of everything the SDK prints or throws. Klaviyo private keys
 * start with `pk_`; anything of that shape is masked, whichever client it belongs to, so a key pasted into a
 * wrong place (a URL, a property) is masked too. The keys and tokens clients were given are also masked
 * exactly, whatever characters they hold: access tokens have no shape of their own to recognise.
 */
const PRIVATE_KEY_PATTERN = /pk_[A-Za-z0-9_-]{4,}/g;
/** Every secret the SDK was given, with what replaces it: `pk_[redacted]` for a key, `[redacted]` for a token. */
const knownSecrets = new Map<string, string>();

/**
 * Remembers a secret the SDK was given, so it is masked wherever it appears: a private key (the default
 * mask), or an access token (`'[redacted]'`). Strings under 8 characters are not secrets anyone issues, and
 * masking them would garble ordinary text.
 */
export function registerSecret(secret: string, mask = 'pk_[redacted]'): void {
  if (secret.length >= 8) knownSecrets.set(secret, mask);
}

/**
 * Stops masking a secret exactly: for access tokens long replaced by refreshed ones, so that a process that
 * refreshes every hour for months does not check every message against thousands of dead tokens.
 */
export function forgetSecret(secret: string): void {
  knownSecrets.delete(secret);
}

/** Masks every private key and every registered secret in `text`. */
export function redactSecrets(text: string): string {
  let masked = text;
  for (const [secret, mask] of knownSecrets) masked = masked.split(secret).join(mask);
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
 * A copy of `value` with every private key and registered secret masked: strings, JSON-like data (an error body that echoes a
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
