/**
 * Recording events: finds or creates the metric (by name) and the profile, stores the event and the
 * metric properties it reveals. Used by `create_event`, `bulk_create_events` and seeding.
 */
import { invalidBody } from '../errors.js';
import { isoSeconds, type MockState, type StoredRecord } from '../state.js';
import { upsertProfile } from './profile-store.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The metric called `name`, created (as an API integration metric) on first use. */
export function metricByName(state: MockState, name: string, integration?: Record<string, unknown>): StoredRecord {
  const existing = state.all('metric').find((m) => m.attributes['name'] === name);
  if (existing) return existing;
  const now = state.timestamp();
  return state.insert('metric', {
    name,
    created: now,
    updated: now,
    integration: integration ?? { object: 'integration', id: '0rG4eQ', key: 'api', name: 'API', category: 'API' },
  });
}

/** What `recordEvent` needs, already resolved to a metric and a profile. */
export interface EventInput {
  metric: StoredRecord;
  profile: StoredRecord;
  properties: Record<string, unknown>;
  /** Epoch milliseconds. */
  time: number;
  value?: number;
  uniqueId?: string;
  id?: string;
}

/** Stores one event. An event repeating a `unique_id` for the same metric and profile is not stored twice. */
export function recordEvent(state: MockState, input: EventInput): StoredRecord {
  if (input.uniqueId) {
    const duplicate = state
      .all('event')
      .find(
        (e) =>
          e.attributes['uuid'] === input.uniqueId &&
          e.rel['metric']?.[0] === input.metric.id &&
          e.rel['profile']?.[0] === input.profile.id,
      );
    if (duplicate) return duplicate;
  }
  const properties = { ...input.properties };
  if (input.value !== undefined) properties['$value'] = input.value;
  const datetime = isoSeconds(input.time);
  const event = state.insert(
    'event',
    {
      timestamp: Math.floor(input.time / 1000),
      event_properties: properties,
      datetime,
      uuid: input.uniqueId ?? uuidFor(state.all('event').length + 1),
    },
    { ...(input.id ? { id: input.id } : {}), rel: { metric: [input.metric.id], profile: [input.profile.id] } },
  );
  const last = input.profile.attributes['last_event_date'] as string | null;
  if (!last || Date.parse(last) < input.time) input.profile.attributes['last_event_date'] = datetime;
  for (const key of Object.keys(input.properties)) rememberProperty(state, input.metric, key, input.properties[key]);
  return event;
}

function rememberProperty(state: MockState, metric: StoredRecord, key: string, value: unknown): void {
  const known = state.all('metric-property').some((p) => p.rel['metric']?.[0] === metric.id && p.attributes['property'] === key);
  if (known) return;
  const inferred =
    typeof value === 'number' ? 'Number' : typeof value === 'boolean' ? 'Boolean' : Array.isArray(value) ? 'List' : 'String';
  state.insert(
    'metric-property',
    { label: key, property: key, inferred_type: inferred, sample_values: sampleValues(value) },
    { rel: { metric: [metric.id] } },
  );
}

/** A property's sample values are scalars (the spec's items are integer, number, string or boolean): a list gives its items. */
function sampleValues(value: unknown): unknown[] {
  const scalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
  return (Array.isArray(value) ? value : [value]).filter(scalar).slice(0, 10);
}

function uuidFor(n: number): string {
  return `00000000-0000-4000-a000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * Turns an event body (`create_event` attributes or one bulk item) into a stored event. `pointer` is where
 * the attributes sit in the request, for error messages. `checkOnly` validates without storing, so a bulk
 * request with one bad item stores nothing.
 */
export function createEventFromBody(
  state: MockState,
  attrs: Record<string, any>,
  profileData: any,
  pointer: string,
  checkOnly = false,
): StoredRecord | undefined {
  const metricName = attrs['metric']?.data?.attributes?.name;
  if (typeof metricName !== 'string' || metricName === '')
    throw invalidBody(`${pointer}/metric/data/attributes/name`, 'The metric name is required.');
  if (!attrs['properties'] || typeof attrs['properties'] !== 'object')
    throw invalidBody(`${pointer}/properties`, "'properties' must be an object.");
  const time = attrs['time'] === undefined ? state.now().getTime() : Date.parse(String(attrs['time']));
  const now = state.now().getTime();
  // Klaviyo accepts event times from 2000 up to one year ahead.
  if (Number.isNaN(time) || time < Date.UTC(2000, 0, 1) || time > now + YEAR_MS)
    throw invalidBody(`${pointer}/time`, 'The event time must be a datetime between 2000 and one year from now.');
  if (attrs['value'] !== undefined && typeof attrs['value'] !== 'number')
    throw invalidBody(`${pointer}/value`, "'value' must be a number.");
  const data = profileData?.data ?? {};
  const identifiers = data.attributes ?? {};
  if (!data.id && !['email', 'phone_number', 'external_id', 'anonymous_id', '_kx'].some((k) => identifiers[k])) {
    throw invalidBody(
      `${pointer}/profile/data/attributes`,
      'The profile needs an id or one of email, phone_number, external_id, anonymous_id.',
    );
  }
  if (checkOnly) return undefined;
  const { record: profile } = upsertProfile(state, data);
  return recordEvent(state, {
    metric: metricByName(state, metricName),
    profile,
    properties: attrs['properties'],
    time,
    ...(typeof attrs['value'] === 'number' ? { value: attrs['value'] } : {}),
    ...(typeof attrs['unique_id'] === 'string' ? { uniqueId: attrs['unique_id'] } : {}),
  });
}
