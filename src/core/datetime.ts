/**
 * ISO 8601 datetimes as Klaviyo reads them: in filters unquoted (`greater-than(created,2024-08-01T07:00:00Z)`,
 * https://developers.klaviyo.com/en/docs/filtering_), in bodies as strings. Anything else — `01/02/2025`,
 * `Date.now()`, `2024-02-30` — is refused before sending rather than compared as text or rolled over.
 */

/** `2024-08-01`, `2024-08-01T00:00`, `…:00`, `….123`, each time with `Z` or an offset (`+02`, `+0200`, `+02:00`) or none. */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * The instant an ISO 8601 date or datetime names, as milliseconds since 1970; a time without an offset is
 * UTC, as Klaviyo reads it. `undefined` for any other text and for a day or time that does not exist
 * (`2024-02-30`, hour 24), which `Date.parse` would roll over instead.
 */
export function parseIsoDatetime(text: string): number | undefined {
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A `Date` or an ISO 8601 string as the UTC datetime Klaviyo's filters take: `2024-08-01T07:00:00Z`
 * (milliseconds only when not zero). `undefined` for anything else: an invalid `Date`, a number, text in
 * another format.
 */
export function toUtcDatetime(value: unknown): string | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? parseIsoDatetime(value) : undefined;
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
