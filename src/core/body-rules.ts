/**
 * Rules the spec states in prose for request bodies, beyond what their schemas say: which fields go
 * together, and how much one request may carry. `callOperation` checks them after the body's schema, for
 * every caller (resource methods, their helpers and the standalone operation functions), so a body Klaviyo
 * would refuse is a `ValidationError` before sending.
 */
import type { ValidationIssue } from './errors.js';
import { parseIsoDatetime, timeZoneProblem } from './datetime.js';
import type { OperationId } from './operations.js';
import { utf8ByteLength } from './runtime.js';

type Json = Record<string, unknown>;
const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const rows = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The message types of a subscription channel that carry a `consented_at` (`open_tracking` does not). */
const DATED_CONSENTS = ['marketing', 'transactional'] as const;

/** Bytes of `value`'s JSON (the body has passed `jsonIssues`, so it serializes). */
const bytesOf = (value: unknown) => utf8ByteLength(JSON.stringify(value) ?? '');

/** One rule per operation: the issues of a body that passed its schema. */
const RULES: Partial<Record<OperationId, (body: Json) => ValidationIssue[]>> = {
  bulk_subscribe_profiles: subscriptionRules,
  // "Maximum number of profiles per call: 100" (bulk_unsubscribe_profiles).
  bulk_unsubscribe_profiles: (body) => atMost(body, 100, 'profiles per unsubscribe job'),
  bulk_suppress_profiles: (body) => suppressionRules(body, 'suppress'),
  bulk_unsuppress_profiles: (body) => suppressionRules(body, 'unsuppress'),
  bulk_import_profiles: importRules,
  // "The maximum allowed payload size is 100KB" (create_profile, create_or_update_profile).
  create_profile: (body) => [...payloadAtMost(body, 100 * 1024, '100 KB'), ...profileIdentifier(body)],
  create_or_update_profile: (body) => [...payloadAtMost(body, 100 * 1024, '100 KB'), ...profileIdentifier(body)],
  // endpoint_url: "A url to send webhook calls to. Must be https." (create_webhook, update_webhook).
  create_webhook: httpsEndpoint,
  update_webhook: httpsEndpoint,
  query_metric_aggregates: aggregateTimeZone,
};

/** The issues of `body` under `operationId`'s stated rules; empty when it keeps them or has none. */
export function bodyRuleIssues(operationId: OperationId, body: unknown): ValidationIssue[] {
  const rule = RULES[operationId];
  const document = record(body);
  return rule && document ? rule(document) : [];
}

const PROFILES = 'data.attributes.profiles.data';
const profilesOf = (body: Json) => rows(record(record(record(body['data'])?.['attributes'])?.['profiles'])?.['data']);

function atMost(body: Json, max: number, what: string): ValidationIssue[] {
  const count = profilesOf(body).length;
  return count > max ? [{ path: PROFILES, message: `has ${count} profiles; at most ${max} ${what}` }] : [];
}

/** A webhook's `endpoint_url`, when given, is an https URL: Klaviyo delivers no webhook over plain http. */
function httpsEndpoint(body: Json): ValidationIssue[] {
  const url = record(record(body['data'])?.['attributes'])?.['endpoint_url'];
  if (typeof url !== 'string' || /^https:\/\/[^/?#\s]/i.test(url)) return [];
  return [{ path: 'data.attributes.endpoint_url', message: `must be an https URL (Klaviyo's rule), got ${JSON.stringify(url)}` }];
}

/**
 * query_metric_aggregates: `timezone` "is validated against a list of common timezones from the IANA Time Zone
 * Database. While most are supported, a few notable exceptions are `Factory`, `Europe/Kyiv` and
 * `Pacific/Kanton`. This field is case-sensitive." (MetricAggregateQueryResourceObject). Null means UTC.
 */
function aggregateTimeZone(body: Json): ValidationIssue[] {
  const zone = record(record(body['data'])?.['attributes'])?.['timezone'];
  const problem = typeof zone === 'string' ? timeZoneProblem(zone) : undefined;
  return problem ? [{ path: 'data.attributes.timezone', message: problem }] : [];
}

/**
 * create_profile, create_or_update_profile: a profile that no `id` names needs an identifier among its
 * attributes; Klaviyo answers 400 "One of email, phone_number or external_id is required" (`_kx`, the
 * web-tracking id, also identifies one). https://developers.klaviyo.com/en/reference/create_profile
 */
function profileIdentifier(body: Json): ValidationIssue[] {
  const data = record(body['data']);
  if (data?.['id'] !== undefined) return [];
  const attributes = record(data?.['attributes']) ?? {};
  // One given as another type (`email: 5`) is the schema's to report, not a missing identifier.
  const identified = ['email', 'phone_number', 'external_id', '_kx'].some(
    (key) => attributes[key] !== undefined && attributes[key] !== null && attributes[key] !== '',
  );
  return identified ? [] : [{ path: 'data.attributes', message: 'needs an identifier: one of email, phone_number, external_id' }];
}

function payloadAtMost(body: Json, max: number, label: string): ValidationIssue[] {
  const bytes = bytesOf(body);
  return bytes > max ? [{ path: 'data', message: `is ${bytes} bytes of JSON; Klaviyo takes at most ${label}` }] : [];
}

/**
 * bulk_subscribe_profiles: `consented_at` "should only be used when syncing over historical consent info;
 * if the `historical_import` flag is not included, providing any value for this field will raise an error"
 * (SubscriptionParameters), and with `historical_import: true` "the `consented_at` field is required and must
 * be in the past" (the operation's description), "for each profile" (`historical_import`). At most 1000
 * profiles per job. https://developers.klaviyo.com/en/reference/bulk_subscribe_profiles
 * A date later than now is Klaviyo's 400 "Historical email subscription does not have a valid consented_at
 * timestamp" (https://community.klaviyo.com/developer-group-64/historical-email-subscription-does-not-have-a-valid-consented-at-timestamp-17405).
 * Now is the real clock, not a mock's: the mock calls these rules and must refuse what the SDK refuses.
 */
function subscriptionRules(body: Json): ValidationIssue[] {
  const issues = atMost(body, 1000, 'profiles per subscribe job');
  const historical = record(record(body['data'])?.['attributes'])?.['historical_import'] === true;
  profilesOf(body).forEach((profile, i) => {
    const at = `${PROFILES}.${i}.attributes.subscriptions`;
    const subscriptions = record(record(record(profile)?.['attributes'])?.['subscriptions']) ?? {};
    let dated = 0;
    for (const [channel, parameters] of Object.entries(subscriptions)) {
      for (const kind of DATED_CONSENTS) {
        const consent = record(record(parameters)?.[kind]);
        if (!consent) continue;
        dated++;
        const when = consent['consented_at'];
        const path = `${at}.${channel}.${kind}.consented_at`;
        if (!historical && when != null) {
          issues.push({
            path,
            message: 'is for consent collected earlier: Klaviyo accepts it only with historical_import: true',
          });
        } else if (historical && when == null) {
          issues.push({ path, message: 'is required when historical_import is true' });
        } else if (historical && !(typeof when === 'string' && (parseIsoDatetime(when) ?? Infinity) <= Date.now())) {
          issues.push({ path, message: 'must be a datetime in the past' });
        }
      }
    }
    if (historical && dated === 0) {
      issues.push({
        path: at,
        message: 'historical_import needs a consented_at for each profile, and this one has no consent that takes one',
      });
    }
  });
  return issues;
}

/**
 * bulk_suppress_profiles / bulk_unsuppress_profiles: "by email address or specify a segment/list ID", so a
 * job names profiles, a list or a segment; "Email address per request limit: 100".
 * https://developers.klaviyo.com/en/reference/bulk_suppress_profiles
 */
function suppressionRules(body: Json, verb: string): ValidationIssue[] {
  const issues = atMost(body, 100, 'email addresses per request');
  const data = record(body['data']);
  const relationships = record(data?.['relationships']);
  const named =
    profilesOf(body).length > 0 ||
    record(relationships?.['list'])?.['data'] != null ||
    record(relationships?.['segment'])?.['data'] != null;
  if (!named) {
    issues.push({ path: 'data', message: `names nothing to ${verb}: give profiles (by email), a list or a segment` });
  }
  return issues;
}

/**
 * bulk_import_profiles: "up to 10,000 profiles per request. The maximum allowed payload size is 5MB. The
 * maximum allowed payload size per-profile is 100KB." https://developers.klaviyo.com/en/reference/bulk_import_profiles
 */
function importRules(body: Json): ValidationIssue[] {
  const issues = atMost(body, 10_000, 'profiles per import job');
  issues.push(...payloadAtMost(body, 5_000_000, '5 MB per import job'));
  profilesOf(body).forEach((profile, i) => {
    const bytes = bytesOf(profile);
    if (bytes > 100 * 1024) {
      issues.push({ path: `${PROFILES}.${i}`, message: `is ${bytes} bytes of JSON; Klaviyo takes at most 100 KB per profile` });
    }
  });
  return issues;
}
