/**
 * Keeps private keys out of everything the SDK prints or throws. Klaviyo private keys start with `pk_`;
 * anything of that shape is masked, whichever client it belongs to, so a key pasted into a wrong place
 * (a URL, a property) is masked too.
 */
const PRIVATE_KEY_PATTERN = /pk_[A-Za-z0-9]{4,}/g;

/** Masks every private key in `text`. */
export function redactSecrets(text: string): string {
  return text.replace(PRIVATE_KEY_PATTERN, () => 'pk_[redacted]');
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
