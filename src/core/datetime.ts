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

/** The zones Klaviyo's metric aggregates name as unsupported, with the name each goes by in Klaviyo's list. */
const UNSUPPORTED_ZONES: Readonly<Record<string, string | undefined>> = {
  Factory: undefined,
  'Europe/Kyiv': 'Europe/Kiev',
  'Pacific/Kanton': 'Pacific/Enderbury',
};

// Every IANA name is `Area/Location[/Sub]` or a single word, each part starting with a capital letter
// (`UTC`, `EST5EDT`, `Etc/GMT+5`). Newer ICU versions also take offsets like `+05:00`; Klaviyo does not.
const ZONE_NAME = /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)*$/;
const ZONE_NAME_ANY_CASE = /^[A-Z][A-Z0-9_+-]*(?:\/[A-Z][A-Z0-9_+-]*)*$/i;

/**
 * Why Klaviyo would refuse `zone` as a time zone, or undefined: not an IANA name the runtime knows (an
 * offset such as `+05:00` is none), written in another case (Klaviyo's names are case-sensitive), or one of
 * the three it names as unsupported. The runtime's `Intl` is the list (Node, Bun, Deno and Workers carry the
 * IANA database). The mock answers 400 with the same words.
 */
export function timeZoneProblem(zone: string): string | undefined {
  const given = JSON.stringify(zone);
  if (zone in UNSUPPORTED_ZONES) {
    const other = UNSUPPORTED_ZONES[zone];
    const meant = other ? `; did you mean "${other}"?` : '';
    return `is one of the zones Klaviyo does not support (Factory, Europe/Kyiv, Pacific/Kanton), got ${given}${meant}`;
  }
  let known: string | undefined;
  try {
    if (ZONE_NAME_ANY_CASE.test(zone)) known = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    // RangeError: a zone the runtime does not know
  }
  if (known === undefined) return `must be an IANA time zone name such as "America/New_York", got ${given}`;
  if (!ZONE_NAME.test(zone) || (known !== zone && known.toLowerCase() === zone.toLowerCase())) {
    return `must be written as IANA writes it (Klaviyo's names are case-sensitive), got ${given}; did you mean "${known}"?`;
  }
  return undefined;
}
