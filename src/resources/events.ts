/**
 * Events: what profiles did ("Placed Order", "Viewed Product"), tracked one by one or in bulk
 * (https://developers.klaviyo.com/en/reference/events_api_overview).
 */
import { utf8ByteLength } from '../core/runtime.js';
import type { APIPromise } from '../core/api-promise.js';
import { chunk, sendAll } from '../core/chunk.js';
import { parseIsoDatetime } from '../core/datetime.js';
import { appendKey, ValidationError, type ValidationIssue } from '../core/errors.js';
import { checkArray, describeValue, isPlainObject, unknownKeyIssues } from '../core/known-keys.js';
import type { RequestOptions } from '../core/transport.js';
import { jsonIssues } from '../core/validation.js';
import { type RequestBodyOf, Resource } from './resource.js';

type EventAttributes = RequestBodyOf<'create_event'>['data']['attributes'];

/** Who did it: at least one identifier (`id`, `email`, `phone_number`, `external_id`, …), Klaviyo's wire names. */
export type EventProfile = EventAttributes['profile']['data']['attributes'] & { id?: string };
/** What was done: a metric name, or `{ name, service }`. Klaviyo creates the metric on first use. */
export type EventMetric = string | EventAttributes['metric']['data']['attributes'];

/** One event to track. */
export interface EventInput {
  /** The metric name, e.g. `'Placed Order'`. */
  metric: EventMetric;
  /** The profile it happened to; created or updated by its identifiers. */
  profile: EventProfile;
  /** Free-form details (at most 300 keys, 100 kB per value, 10 levels deep, arrays of at most 4000 items). */
  properties?: Record<string, unknown> | undefined;
  /** A monetary value, e.g. the order total. */
  value?: number | undefined;
  /** ISO 4217 currency of `value`, e.g. `'USD'`. */
  valueCurrency?: string | undefined;
  /** When it happened (default: when Klaviyo receives it). Between the year 2000 and one year from now. */
  time?: Date | string | undefined;
  /**
   * Your id for the event (e.g. the order id). Klaviyo keeps one event per unique id, so an event that has
   * one is safe to send twice, and the SDK re-sends it after a 5xx or a dropped connection.
   */
  uniqueId?: string | undefined;
}

/** Every key `EventInput` declares: any other is a misspelling (`unique_id` for `uniqueId`), refused with a suggestion. */
const EVENT_KEYS = [
  'metric',
  'profile',
  'properties',
  'value',
  'valueCurrency',
  'time',
  'uniqueId',
] as const satisfies readonly (keyof EventInput)[];
// Fails to compile when EventInput gains a key EVENT_KEYS does not list.
const everyEventKeyListed: Exclude<keyof EventInput, (typeof EVENT_KEYS)[number]> extends never ? true : never = true;
void everyEventKeyListed;

/** Klaviyo's event limits (API-NOTES "Size limits"; https://developers.klaviyo.com/en/reference/create_event). */
export const EVENT_LIMITS = {
  properties: 300,
  /** Bytes of JSON per property value: "a field at most 100 kB". */
  fieldBytes: 100 * 1024,
  arrayItems: 4000,
  nesting: 10,
  /** Bytes of one request: "payload at most 5 MB", read as 5,000,000 to be safe either way. */
  payloadBytes: 5_000_000,
  /** Events per bulk job. */
  bulkEvents: 1000,
  earliestTime: Date.UTC(2000, 0, 1),
  /** How far ahead `time` may be. */
  futureMs: 365 * 24 * 60 * 60 * 1000,
} as const;

/** Room left in a bulk request for the envelope around the events. */
const BULK_ENVELOPE_BYTES = 4_096;

/** The hand-written methods of `klaviyo.events` (src/resources/generated/events.ts adds the rest): events checked against Klaviyo's limits, bulk jobs chunked. */
export abstract class EventsHelpers extends Resource {
  /**
   * Tracks one event, creating or updating its profile. Checked against Klaviyo's limits before sending
   * (`ValidationError`, nothing sent). Klaviyo answers 202 with no body, so this resolves to `undefined`.
   * With `uniqueId` it is safe to repeat and re-sent after a 5xx; without it, it is not re-sent.
   * `create_event` · POST /api/events · tier XL · scopes events:write.
   */
  create(event: EventInput, options?: RequestOptions): APIPromise<undefined> {
    const body = () => {
      const issues = eventIssues(event, '');
      if (issues.length > 0) throw new ValidationError('Invalid event', { issues });
      return { data: { type: 'event', attributes: toWire(event) } };
    };
    return this.call('create_event', { body }, options);
  }

  /**
   * Tracks any number of events: 1000 events and 5 MB per job, events of the same profile grouped. Every
   * event is checked before anything is sent, and a `ValidationError` names every bad one (`events.3.metric`),
   * so a batch is mended in one pass. Klaviyo answers each job 202 with no body and no job id, so this
   * resolves (to nothing) once every job was accepted. Not re-sent after a 5xx.
   * `bulk_create_events` · POST /api/event-bulk-create-jobs · tier M · scopes events:write.
   */
  async bulkCreate(events: readonly EventInput[], options?: RequestOptions): Promise<void> {
    const issues = checkArray(events, 'events', 'events').flatMap((event, i) => eventIssues(event, `events.${i}`));
    if (issues.length > 0) throw new ValidationError('Invalid events', { issues });
    const wire = events.map(toWire);
    const chunks = chunk(wire, { maxItems: EVENT_LIMITS.bulkEvents, maxBytes: EVENT_LIMITS.payloadBytes - BULK_ENVELOPE_BYTES });
    const bodies = chunks.map((batch) => ({
      data: { type: 'event-bulk-create-job', attributes: { 'events-bulk-create': { data: groupByProfile(batch) } } },
    }));
    await this.checkBodies('bulk_create_events', bodies);
    await sendAll(chunks, (_, i) => this.call('bulk_create_events', { body: bodies[i], bodyChecked: true }, options));
  }
}

/** What is wrong with one event: not an object, a key `EventInput` does not have, or Klaviyo's limits broken (`at`: where the caller put it). */
function eventIssues(event: EventInput, at: string): ValidationIssue[] {
  if (!isPlainObject(event)) return [{ path: at, message: `must be an object, got ${describeValue(event)}` }];
  return [...unknownKeyIssues(event, EVENT_KEYS, at), ...checkEvent(event, at)];
}

/** The wire attributes of one event that `eventIssues` passed. */
function toWire(event: EventInput) {
  const { id, ...profileAttributes } = event.profile;
  return {
    properties: event.properties ?? {},
    ...(event.time === undefined ? {} : { time: event.time instanceof Date ? event.time.toISOString() : event.time }),
    ...(event.value === undefined ? {} : { value: event.value }),
    ...(event.valueCurrency === undefined ? {} : { value_currency: event.valueCurrency }),
    ...(event.uniqueId === undefined ? {} : { unique_id: event.uniqueId }),
    metric: { data: { type: 'metric', attributes: typeof event.metric === 'string' ? { name: event.metric } : event.metric } },
    profile: { data: { type: 'profile', ...(id === undefined ? {} : { id }), attributes: profileAttributes } },
  };
}

type WireEvent = ReturnType<typeof toWire>;

/** Bulk jobs take `{ profile, events[] }` pairs: events of the same profile share one entry. */
function groupByProfile(events: readonly WireEvent[]) {
  const groups = new Map<string, { profile: WireEvent['profile']; events: unknown[] }>();
  for (const { profile, ...event } of events) {
    const key = JSON.stringify(profile);
    const group = groups.get(key) ?? { profile, events: [] };
    group.events.push({ type: 'event', attributes: event });
    groups.set(key, group);
  }
  return [...groups.values()].map(({ profile, events }) => ({
    type: 'event-bulk-create',
    attributes: { profile, events: { data: events } },
  }));
}

const PROFILE_IDENTIFIERS = ['id', 'email', 'phone_number', 'external_id', 'anonymous_id', '_kx'] as const;

/** Every way `event` breaks Klaviyo's documented event limits, as issues (paths below `at`, where the event is). */
export function checkEvent(event: EventInput, at = '', now = Date.now()): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fail = (path: string, message: string) => issues.push({ path: at ? `${at}.${path}` : path, message });

  const metricName = typeof event.metric === 'string' ? event.metric : event.metric?.name;
  if (typeof metricName !== 'string' || metricName.trim() === '') fail('metric', 'needs a metric name, e.g. "Placed Order"');
  const profile = (event.profile ?? {}) as Record<string, unknown>;
  if (!PROFILE_IDENTIFIERS.some((key) => typeof profile[key] === 'string' && profile[key] !== '')) {
    fail('profile', `needs an identifier: one of ${PROFILE_IDENTIFIERS.join(', ')}`);
  }
  if (event.value !== undefined && !Number.isFinite(event.value)) fail('value', 'must be a finite number');
  if (event.uniqueId !== undefined && event.uniqueId === '') fail('uniqueId', 'must not be empty');
  if (event.time !== undefined) {
    const time =
      event.time instanceof Date ? event.time.getTime() : typeof event.time === 'string' ? parseIsoDatetime(event.time) : NaN;
    if (time === undefined || Number.isNaN(time))
      fail('time', 'must be a Date or an ISO 8601 datetime, e.g. 2024-10-15T09:30:00Z');
    else if (time < EVENT_LIMITS.earliestTime) fail('time', 'is before the year 2000');
    else if (time > now + EVENT_LIMITS.futureMs) fail('time', 'is more than one year from now');
  }

  const properties = event.properties ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    fail('properties', 'must be an object');
    return issues;
  }
  // A BigInt or a cycle would make JSON.stringify throw a TypeError, here and when sending.
  const unsendable = jsonIssues(properties, appendKey(at, 'properties'));
  if (unsendable.length) return [...issues, ...unsendable];
  const keys = Object.keys(properties);
  if (keys.length > EVENT_LIMITS.properties)
    fail('properties', `has ${keys.length} properties; at most ${EVENT_LIMITS.properties} are allowed`);
  const bytes = utf8ByteLength(JSON.stringify(properties));
  // No field is larger than all of them together: each is sized only when they are over a field's limit.
  if (bytes > EVENT_LIMITS.fieldBytes) {
    for (const key of keys) {
      const fieldBytes = utf8ByteLength(JSON.stringify(properties[key]) ?? '');
      if (fieldBytes > EVENT_LIMITS.fieldBytes)
        fail(
          appendKey('properties', key),
          `is ${fieldBytes} bytes; a field may be at most ${EVENT_LIMITS.fieldBytes} bytes (100 kB)`,
        );
    }
  }
  checkShape(properties, 1, ['properties'], fail);
  if (issues.length === 0 && bytes > EVENT_LIMITS.payloadBytes) {
    fail('properties', `are ${bytes} bytes; an event may be at most 5 MB`);
  }
  return issues;
}

/**
 * Arrays of at most 4000 items; objects and arrays nested at most 10 levels, counting `properties` itself as
 * the first (the stricter reading of Klaviyo's limit). Stops at the first too-deep branch.
 */
function checkShape(
  value: unknown,
  depth: number,
  keys: Array<string | number>,
  fail: (path: string, message: string) => void,
): boolean {
  if (typeof value !== 'object' || value === null) return true;
  // `keys` is the way down from `properties`, joined into a path only for an issue.
  if (depth > EVENT_LIMITS.nesting) {
    fail(keys.reduce<string>(appendKey, ''), `is nested ${depth} levels deep; at most ${EVENT_LIMITS.nesting} are allowed`);
    return false;
  }
  const array = Array.isArray(value);
  if (array && value.length > EVENT_LIMITS.arrayItems) {
    fail(keys.reduce<string>(appendKey, ''), `has ${value.length} items; arrays may have at most ${EVENT_LIMITS.arrayItems}`);
  }
  const record = value as Record<string | number, unknown>;
  const names = array ? undefined : Object.keys(record);
  const count = names ? names.length : (value as unknown[]).length;
  for (let i = 0; i < count; i++) {
    const name = names ? names[i]! : i;
    keys.push(name);
    const fits = checkShape(record[name], depth + 1, keys, fail);
    keys.pop();
    if (!fits) return false;
  }
  return true;
}
