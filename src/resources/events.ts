/**
 * Events: what profiles did ("Placed Order", "Viewed Product"), tracked one by one or in bulk
 * (https://developers.klaviyo.com/en/reference/events_api_overview).
 */
import { utf8ByteLength } from '../core/runtime.js';
import type { APIPromise } from '../core/api-promise.js';
import { chunk, sendAll } from '../core/chunk.js';
import { parseIsoDatetime } from '../core/datetime.js';
import { appendKey, joinPath, type ValidationIssue } from '../core/errors.js';
import {
  checkArray,
  closestName,
  describeGiven,
  describeValue,
  isPlainObject,
  keysOf,
  unknownKeyIssues,
} from '../core/known-keys.js';
import type { RequestOptions } from '../core/transport.js';
import { jsonIssues } from '../core/validation.js';
import { checkJobBodies } from './bulk-jobs.js';
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
const EVENT_KEYS = keysOf<EventInput>()(['metric', 'profile', 'properties', 'value', 'valueCurrency', 'time', 'uniqueId']);

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
   * Tracks one event, creating or updating its profile. Checked against Klaviyo's limits and the operation's
   * schema before sending (`ValidationError` naming every problem at once, nothing sent). Klaviyo answers 202
   * with no body, so this resolves to `undefined`. With `uniqueId` it is safe to repeat and re-sent after a
   * 5xx; without it, it is not re-sent.
   * `create_event` · POST /api/events · tier XL · scopes events:write.
   */
  create(event: EventInput, options?: RequestOptions): APIPromise<undefined> {
    const body = async () => {
      const { issues, wire } = eventProblems(event, '');
      const document = wire && { data: { type: 'event', attributes: wire } };
      // The schema's issues name the wire body (`data.attributes.value_currency`): said as the caller wrote them.
      const callerPaths = (path: string) => callerPath(path.replace(/^data\.attributes(?:\.|(?=\[)|$)/, ''));
      const jobs = document ? [{ body: document, callerPath: callerPaths }] : [];
      await checkJobBodies((whole) => this.checkBodies('create_event', [whole]), jobs, 'Invalid event', issues);
      return document;
    };
    return this.call('create_event', { body, bodyChecked: true }, options);
  }

  /**
   * Tracks any number of events: 1000 events and 5 MB per job, events of the same profile grouped. Every
   * event is checked before anything is sent, against Klaviyo's limits and the job's schema, and a
   * `ValidationError` names every problem of every event (`events.3.metric`), so a batch is mended in one
   * pass. A `uniqueId` given twice for one profile and metric is refused too: Klaviyo fails a job that
   * repeats one, recording none of its events. Klaviyo answers each job 202 with no body and no job id, so
   * this resolves (to nothing) once every job was accepted. A job whose events all have a `uniqueId` is
   * re-sent after a 5xx (Klaviyo records one event per unique id); another is not, and when some jobs went
   * through, `BatchError.failures[].items` names the events of each failed one.
   * `bulk_create_events` · POST /api/event-bulk-create-jobs · tier M · scopes events:write.
   */
  async bulkCreate(events: readonly EventInput[], options?: RequestOptions): Promise<void> {
    const issues: ValidationIssue[] = [];
    // Every event that can be written as a job's entry is checked against the job's schema too, its own
    // problems or not, so that one call reports every problem of every event.
    const written: { index: number; wire: WireEvent }[] = [];
    checkArray(events, 'events', 'events').forEach((event, index) => {
      const { issues: found, wire } = eventProblems(event, `events.${index}`);
      issues.push(...found);
      if (wire) written.push({ index, wire });
    });
    issues.push(...repeatedEventIssues(written));
    const wire = written.map((entry) => entry.wire);
    const chunks = chunk(wire, { maxItems: EVENT_LIMITS.bulkEvents, maxBytes: EVENT_LIMITS.payloadBytes - BULK_ENVELOPE_BYTES });
    let offset = 0;
    const jobs = chunks.map((batch) => {
      const { entries, indexes } = groupByProfile(
        batch,
        written.slice(offset, (offset += batch.length)).map((entry) => entry.index),
      );
      return {
        body: { data: { type: 'event-bulk-create-job', attributes: { 'events-bulk-create': { data: entries } } } },
        callerPath: (path: string) => bulkCallerPath(path, indexes),
      };
    });
    await checkJobBodies((body) => this.checkBodies('bulk_create_events', [body]), jobs, 'Invalid events', issues);
    await sendAll(chunks, (_, i) => this.call('bulk_create_events', { body: jobs[i]!.body, bodyChecked: true }, options));
  }
}

/**
 * Events a bulk job would repeat: Klaviyo fails a job in which a `unique_id` repeats for one profile and
 * metric, recording none of its events, and takes an event's time to the second as its unique id when it has
 * none ("If a unique_id is repeated for the same profile and metric, the request will fail and no events will
 * be processed", BaseEventCreateQueryBulkEntryResourceObject in the spec). Jobs are the SDK's to cut, so the
 * whole call is checked. A profile written two ways (by email, then by email and phone) is not matched.
 */
function repeatedEventIssues(written: readonly { index: number; wire: WireEvent }[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const first = new Map<string, number>();
  for (const { index, wire } of written) {
    const uniqueId = wire.unique_id;
    // Without a uniqueId, only an explicit time can repeat: Klaviyo's own clock gives the others.
    const time = uniqueId === undefined && typeof wire.time === 'string' ? parseIsoDatetime(wire.time) : undefined;
    if (uniqueId === undefined && time === undefined) continue;
    const id = uniqueId ?? `time:${Math.floor(time! / 1000)}`;
    const key = JSON.stringify([wire.profile, wire.metric, id]);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, index);
      continue;
    }
    issues.push(
      uniqueId === undefined
        ? {
            path: `events.${index}.time`,
            message: `is events.${earlier}'s time to the second, for the same profile and metric, and neither has a uniqueId: Klaviyo takes the time as the unique id, and fails a job that repeats one; give each event a uniqueId`,
          }
        : {
            path: `events.${index}.uniqueId`,
            message: `repeats events.${earlier}'s uniqueId ${JSON.stringify(uniqueId)} for the same profile and metric: Klaviyo fails a job that repeats one, recording none of its events; give each event its own`,
          },
    );
  }
  return issues;
}

/**
 * A path in an event's wire attributes as the caller wrote the event: `value_currency` → `valueCurrency`,
 * `profile.data.attributes.emial` → `profile.emial`, `metric.data.attributes.service` → `metric.service`.
 */
function callerPath(wire: string): string {
  const related = /^(profile|metric)\.data(?:\.attributes)?(?=$|[.[])(.*)$/.exec(wire);
  if (related) return `${related[1]}${related[2]}`;
  return wire.replace(/^value_currency(?=$|[.[])/, 'valueCurrency').replace(/^unique_id(?=$|[.[])/, 'uniqueId');
}

/**
 * A path in a bulk job's body as the caller's `events` array has it: the job groups events by profile, so
 * `…data.G.attributes.events.data.E.attributes.value_currency` is `events.<index>.valueCurrency`, and an
 * issue with a group's profile is said at the group's first event. `indexes[G][E]` is the caller's index.
 */
function bulkCallerPath(path: string, indexes: readonly (readonly number[])[]): string {
  const entry = /^data\.attributes\.events-bulk-create\.data\.(\d+)\.attributes\.(.*)$/.exec(path);
  const group = entry ? indexes[Number(entry[1])] : undefined;
  if (!entry || !group) return path;
  const event = /^events\.data\.(\d+)\.attributes\.?(.*)$/.exec(entry[2]!);
  if (event) {
    const index = group[Number(event[1])];
    return index === undefined ? path : joinPath(`events.${index}`, callerPath(event[2]!));
  }
  return joinPath(`events.${group[0]}`, callerPath(entry[2]!));
}

/**
 * What is wrong with one event (not an object, a key `EventInput` does not have, Klaviyo's limits broken;
 * `at`: where the caller put it), and its wire attributes for the schema's check, unless it cannot be written
 * as one (no profile object, properties JSON cannot hold). A `value` or `time` already found wrong is left
 * out of them: JSON cannot hold `NaN` nor an invalid `Date`, and the schema would only say it again.
 */
function eventProblems(event: EventInput, at: string): { issues: ValidationIssue[]; wire?: WireEvent } {
  if (!isPlainObject(event)) return { issues: [{ path: at, message: `must be an object, got ${describeValue(event)}` }] };
  const issues = [...unknownKeyIssues(event, EVENT_KEYS, at), ...checkEvent(event, at)];
  if (issues.length === 0) return { issues, wire: toWire(event) };
  if (!isPlainObject(event.profile) || jsonIssues(event.properties ?? {}).length > 0) return { issues };
  const flagged = (key: 'value' | 'time') => issues.some((issue) => issue.path === joinPath(at, key));
  const written = { ...event, ...(flagged('value') && { value: undefined }), ...(flagged('time') && { time: undefined }) };
  return { issues, wire: toWire(written) };
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

/**
 * Bulk jobs take `{ profile, events[] }` pairs: events of the same profile share one entry. `indexes` are the
 * events' places in the caller's array; each entry's are returned with it, to say an issue where it was written.
 */
function groupByProfile(events: readonly WireEvent[], indexes: readonly number[]) {
  const groups = new Map<string, { profile: WireEvent['profile']; events: unknown[]; indexes: number[] }>();
  events.forEach(({ profile, ...event }, i) => {
    const key = JSON.stringify(profile);
    const group = groups.get(key) ?? { profile, events: [], indexes: [] };
    group.events.push({ type: 'event', attributes: event });
    group.indexes.push(indexes[i]!);
    groups.set(key, group);
  });
  const all = [...groups.values()];
  return {
    entries: all.map(({ profile, events }) => ({ type: 'event-bulk-create', attributes: { profile, events: { data: events } } })),
    indexes: all.map((group) => group.indexes),
  };
}

const PROFILE_IDENTIFIERS = ['id', 'email', 'phone_number', 'external_id', 'anonymous_id', '_kx'] as const;

/** Every way `event` breaks Klaviyo's documented event limits, as issues (paths below `at`, where the event is). */
export function checkEvent(event: EventInput, at = '', now = Date.now()): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fail = (path: string, message: string) => issues.push({ path: joinPath(at, path), message });

  const metricName = typeof event.metric === 'string' ? event.metric : event.metric?.name;
  if (typeof metricName !== 'string' || metricName.trim() === '') fail('metric', 'needs a metric name, e.g. "Placed Order"');
  const profile = (isPlainObject(event.profile) ? event.profile : {}) as Record<string, unknown>;
  // An identifier given but not a string is named as itself; none at all, with the key that looks like one.
  const given = PROFILE_IDENTIFIERS.filter((key) => profile[key] !== undefined && profile[key] !== null);
  const unusable = given.filter((key) => typeof profile[key] !== 'string' || profile[key] === '');
  for (const key of unusable) fail(`profile.${key}`, `must be a non-empty string, got ${describeGiven(profile[key])}`);
  if (given.length === 0) {
    const meant = Object.keys(profile).flatMap((key) => {
      const identifier = closestName(key, PROFILE_IDENTIFIERS);
      return identifier ? [`"${key}" looks like "${identifier}"`] : [];
    });
    const hint = meant.length ? `; ${meant.join(', ')}` : '';
    fail('profile', `needs an identifier: one of ${PROFILE_IDENTIFIERS.join(', ')}${hint}`);
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
