/**
 * Request-body validation (the type each operation's `data` holds comes from the spec, in
 * resources.generated.ts). Three layers: the generated zod request schemas (`src/schemas`, keyed by
 * operation id) when they are supplied, the mock's own checks of the rules Klaviyo enforces beyond the schema
 * (resource `type`, ids matching the path, identifiers), then the SDK's `bodyRuleIssues` (which fields go
 * together, batch and payload sizes), so the mock refuses exactly the bodies the SDK refuses before sending.
 * Every failure is a 400 whose `source.pointer` names the offending field, like Klaviyo's.
 */
import { bodyRuleIssues } from '../core/body-rules.js';
import { en } from 'zod/locales';
import { englishMessage } from '../core/validation.js';
import type { OperationId } from '../core/operations.generated.js';
import { ApiError, invalidBody } from './errors.js';
import { REQUEST_TYPES } from './resources.generated.js';

/** The part of a zod schema the mock uses, so any zod version (or another validator) plugs in. */
export interface BodySchema {
  /**
   * `params.error` is the SDK's zod error map giving zod's English messages (the generated schemas are built
   * with `zod/mini`, which loads no locale); another validator may ignore it.
   */
  safeParse(
    value: unknown,
    params?: { error?: (issue: never) => unknown },
  ):
    | { success: true }
    | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/** Request-body schemas by operation id, e.g. `requestBodySchemas` from `klaviyo-ts/schemas`. */
export type RequestSchemas = Readonly<Record<string, BodySchema | undefined>>;

/** Whether an operation takes a JSON:API request body (every write except the plain DELETEs and file uploads). */
export function takesBody(operationId: string): boolean {
  return operationId in REQUEST_TYPES;
}

/** Attributes that must be present, by operation. */
const REQUIRED_ATTRIBUTES: Record<string, string[]> = {
  create_campaign_clone: [],
  create_campaign: ['name', 'audiences', 'campaign-messages'],
  create_event: ['properties', 'metric', 'profile'],
  create_list: ['name'],
  create_segment: ['name', 'definition'],
  query_campaign_values: ['statistics', 'timeframe', 'conversion_metric_id'],
  query_flow_values: ['statistics', 'timeframe', 'conversion_metric_id'],
  query_flow_series: ['statistics', 'timeframe', 'interval', 'conversion_metric_id'],
  query_segment_values: ['statistics', 'timeframe'],
  query_segment_series: ['statistics', 'timeframe', 'interval'],
  query_form_values: ['statistics', 'timeframe'],
  query_form_series: ['statistics', 'timeframe', 'interval'],
  create_flow: ['name', 'definition'],
  update_flow_action: ['definition'],
  create_custom_metric: ['name', 'definition'],
  create_push_token: ['token', 'platform', 'vendor', 'profile'],
  query_metric_aggregates: ['metric_id', 'measurements', 'filter'],
  bulk_import_profiles: ['profiles'],
  bulk_create_events: ['events-bulk-create'],
  bulk_subscribe_profiles: ['profiles'],
  bulk_unsubscribe_profiles: ['profiles'],
  // (Un)suppression names profiles, a list or a segment (relationships): `bodyRuleIssues` checks it names one.
  cancel_campaign_send: ['action'],
};

/**
 * The attribute whose `data` lists a bulk job's rows, and the most rows Klaviyo takes where `bodyRuleIssues`
 * does not count them (the profile jobs' limits are counted there).
 */
const BATCHES: Record<string, [attribute: string, max?: number]> = {
  bulk_import_profiles: ['profiles'],
  bulk_create_events: ['events-bulk-create', 1000],
  bulk_subscribe_profiles: ['profiles'],
  bulk_unsubscribe_profiles: ['profiles'],
  bulk_suppress_profiles: ['profiles'],
  bulk_unsuppress_profiles: ['profiles'],
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The attributes a profile write may carry (2026-07-15). */
const PROFILE_ATTRIBUTES = [
  'email',
  'phone_number',
  'external_id',
  'first_name',
  'last_name',
  'organization',
  'locale',
  'title',
  'image',
  'location',
  'properties',
];

let english: ReturnType<typeof en>['localeError'] | undefined;

/**
 * zod's English messages for the mock's 400s. The mock answers synchronously, so it does not wait for the
 * SDK's `loadEnglish`: the testing entry loads the locale itself (importing it costs a test nothing).
 */
const mockEnglishMessage: typeof englishMessage = (issue) => englishMessage(issue) ?? (english ??= en().localeError)(issue);

/** Validates a write's body; throws a 400 `ApiError` pointing at the first problem. */
export function validateBody(
  op: { id: string; path: string },
  body: unknown,
  pathId: string | undefined,
  schema?: BodySchema,
): void {
  const operationId = op.id;
  if (schema) {
    const result = schema.safeParse(body, { error: mockEnglishMessage });
    const rowLevel = ROW_LEVEL[operationId];
    // Problems inside one row of a bulk import are that row's import error, not a refusal of the job.
    const issues = result.success
      ? []
      : result.error.issues.filter((i) => !(rowLevel && startsWith(i.path, rowLevel) && i.path.length > rowLevel.length + 1));
    if (issues.length > 0) {
      const issue = issues[0];
      const pointer = `/${(issue?.path ?? []).map(String).join('/')}`;
      throw invalidBody(pointer, issue?.message ?? 'Invalid input.');
    }
  }
  const expected = REQUEST_TYPES[operationId];
  if (!expected) return;
  if (!isObject(body) || !('data' in body))
    throw invalidBody('/data', "The request body must be a JSON:API document with a 'data' member.");
  const data = body['data'];

  // Relationship edits carry pointers: a list of them (at most 1000 profiles a call) or one.
  if (op.path.includes('/relationships/')) {
    const items = Array.isArray(data) ? data : [data];
    if (items.length > 1000) throw invalidBody('/data', 'At most 1000 items per call.');
    items.forEach((item, i) => {
      const at = Array.isArray(data) ? `/data/${i}` : '/data';
      if (!isObject(item) || item['type'] !== expected)
        throw invalidBody(`${at}/type`, `Each item's type must be '${expected}'.`);
      if (typeof item['id'] !== 'string') throw invalidBody(`${at}/id`, `Each item needs a ${expected} 'id'.`);
    });
    return;
  }

  if (!isObject(data)) throw invalidBody('/data', "'data' must be an object.");
  if (data['type'] !== expected)
    throw invalidBody('/data/type', `'type' must be '${expected}', got ${JSON.stringify(data['type'])}.`);
  const method = operationId.split('_')[0];
  if (method === 'update' || operationId === 'cancel_campaign_send') {
    if (data['id'] !== pathId) throw invalidBody('/data/id', `'id' must match the id in the URL (${pathId}).`);
  }
  const attributes = data['attributes'];
  if (attributes !== undefined && !isObject(attributes)) throw invalidBody('/data/attributes', "'attributes' must be an object.");
  const attrs = (attributes ?? {}) as Record<string, unknown>;
  for (const name of REQUIRED_ATTRIBUTES[operationId] ?? []) {
    if (attrs[name] === undefined || attrs[name] === null)
      throw invalidBody(`/data/attributes/${name}`, `'${name}' is a required field.`);
  }
  if (
    operationId === 'create_campaign_clone' ||
    operationId === 'send_campaign' ||
    operationId === 'refresh_campaign_recipient_estimation'
  ) {
    if (typeof data['id'] !== 'string') throw invalidBody('/data/id', "'id' (the campaign id) is required.");
  }

  if (['create_profile', 'update_profile', 'create_or_update_profile'].includes(operationId)) {
    // Klaviyo refuses attributes a profile does not have, such as `anonymous_id` since 2026-07-15.
    const known = operationId === 'create_or_update_profile' ? [...PROFILE_ATTRIBUTES, '_kx'] : PROFILE_ATTRIBUTES;
    for (const key of Object.keys(attrs))
      if (!known.includes(key))
        throw invalidBody(`/data/attributes/${key}`, `'${key}' is not a valid field for the resource 'profile'.`);
    checkProfileAttributes(attrs, operationId !== 'update_profile', '/data/attributes');
  }

  const batch = BATCHES[operationId];
  // A suppression job may leave `profiles` out (it names a list or a segment instead); the others must list rows.
  if (batch && (attrs[batch[0]] != null || !operationId.endsWith('suppress_profiles'))) {
    const [name, max] = batch;
    const list = (attrs[name] as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(list)) throw invalidBody(`/data/attributes/${name}/data`, `'${name}.data' must be a list.`);
    if (max !== undefined && list.length > max)
      throw invalidBody(`/data/attributes/${name}/data`, `At most ${max} items per request.`);
  }

  const broken = bodyRuleIssues(operationId as OperationId, body);
  if (broken.length > 0) throw ruleError(broken);
}

/**
 * One 400 for every broken rule, each error pointing at its field, as Klaviyo lists one error per problem
 * (https://developers.klaviyo.com/en/docs/api_overview#errors).
 */
function ruleError(issues: ReadonlyArray<{ path: string; message: string }>): ApiError {
  const entries = issues.map(({ path, message }) =>
    invalidBody(path === '' ? '/' : `/${path.split('.').join('/')}`, `${path === '' ? 'The body' : path} ${message}.`),
  );
  const error = entries[0]!;
  error.errors.push(...entries.slice(1).flatMap((entry) => entry.errors));
  return error;
}

/** Where the rows of a bulk job sit: schema issues below a row are recorded per row by the handler. */
const ROW_LEVEL: Record<string, string[]> = {
  bulk_import_profiles: ['data', 'attributes', 'profiles', 'data'],
};

function startsWith(path: ReadonlyArray<PropertyKey>, prefix: string[]): boolean {
  return prefix.every((key, i) => String(path[i]) === key);
}

/** Klaviyo needs at least one identifier on a new profile, and checks the email's shape. */
export function checkProfileAttributes(attrs: Record<string, unknown>, needsIdentifier: boolean, pointer: string): void {
  const email = attrs['email'];
  if (email !== undefined && email !== null && (typeof email !== 'string' || !EMAIL.test(email))) {
    throw invalidBody(`${pointer}/email`, `Invalid email address: ${JSON.stringify(email)}.`);
  }
  const phone = attrs['phone_number'];
  if (phone !== undefined && phone !== null && (typeof phone !== 'string' || !/^\+\d{6,15}$/.test(phone))) {
    throw invalidBody(`${pointer}/phone_number`, `Invalid phone number format (expected E.164): ${JSON.stringify(phone)}.`);
  }
  // 2026-07-15 profiles have no `anonymous_id`; `_kx` (the web-tracking exchange id) still identifies one on import.
  if (
    needsIdentifier &&
    !['email', 'phone_number', 'external_id', '_kx'].some((k) => typeof attrs[k] === 'string' && attrs[k] !== '')
  ) {
    throw invalidBody(pointer, 'One of email, phone_number or external_id is required.');
  }
}

/** Checks a value is a plain object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a request body as JSON, answering 400 for anything else. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON.', { code: 'parse_error', source: { pointer: '/' } });
  }
}
