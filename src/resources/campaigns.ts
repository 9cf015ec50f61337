/**
 * Campaigns: one-off email and SMS sends, their messages, send jobs and recipient estimations
 * (https://developers.klaviyo.com/en/reference/campaigns_api_overview).
 */
import { APIPromise } from '../core/api-promise.js';
import { collectIssues, ValidationError, type ValidationIssue } from '../core/errors.js';
import { JobHandle } from '../core/jobs.js';
import { checkArgumentObject, checkArray, describeValue, isPlainObject, notOneOfMessage } from '../core/known-keys.js';
import { withAttributePaths } from './attributes.js';
import { loadEnglish, validateInput, type ZodSchema } from '../core/validation.js';
import {
  type AndFilter,
  buildQuery,
  type FilterConditions,
  type QueryOptions,
  queryOptionNames,
  serializeFilter,
} from '../core/query.js';
import type { RequestOptions } from '../core/transport.js';
import { type RequestBodyOf, Resource, type PageOf, type ResponseOf } from './resource.js';

type CampaignCreateWire = RequestBodyOf<'create_campaign'>['data']['attributes'];
type CampaignMessageUpdateWire = RequestBodyOf<'update_campaign_message'>['data']['attributes'];

/**
 * One message of a new campaign, as Klaviyo defines it: `{ channel: 'email', label, content: { subject,
 * from_email, … } }`, `{ channel: 'sms', content: { body }, render_options }`, or `{ channel: 'mobile_push',
 * content: { title, body }, options }` (`notification_type: 'silent'` for a silent push). The SDK sends each
 * as the message's `definition`.
 */
export type CampaignMessageDefinition = CampaignCreateWire['campaign-messages']['data'][number]['attributes']['definition'];
/**
 * A new campaign: Klaviyo's attributes (`name`, `audiences`, `send_strategy`, `send_options`, …) with its
 * messages as a plain array of definitions; the SDK wraps them in the JSON:API `campaign-messages` envelope.
 */
export type CampaignCreateParams = KnownKeysExcept<CampaignCreateWire, 'campaign-messages'> & {
  messages: readonly CampaignMessageDefinition[];
};

/** `Omit` for zod's loose object types: `Omit` over an index signature would drop every named key. */
type KnownKeysExcept<T, K extends string> = { [P in keyof T as string extends P ? never : P extends K ? never : P]: T[P] };
/**
 * A campaign message's new definition: its `channel` (Klaviyo requires it) and what to change, e.g.
 * `{ channel: 'email', label, content: { subject } }` or `{ channel: 'sms', content: { body }, render_options }`.
 */
export type CampaignMessageUpdateDefinition = NonNullable<CampaignMessageUpdateWire['definition']>;
/** The channels Klaviyo lists campaigns by. */
export type CampaignChannel = 'email' | 'sms';
/**
 * Options of `campaigns.list()`. `channel` is required because Klaviyo refuses to list campaigns without a
 * `messages.channel` filter; any `filter` given is joined to it with `and(...)`.
 */
export type CampaignListQuery = QueryOptions<'get_campaigns'> & { channel: CampaignChannel };

/** The hand-written methods of `klaviyo.campaigns` (src/resources/generated/campaigns.ts adds the rest): they build bodies, filters or jobs. */
export abstract class CampaignsHelpers extends Resource {
  /**
   * Campaigns of one channel, e.g. `list({ channel: 'email', filter: { status: { equals: 'Draft' } } })`.
   * `get_campaigns` · GET /api/campaigns · tier M · scopes campaigns:read.
   */
  list(query: CampaignListQuery, options?: RequestOptions): PageOf<'get_campaigns'> {
    const built = () => {
      const accepted = ['channel', ...queryOptionNames('get_campaigns')];
      const { channel, filter, ...rest } = checkArgumentObject(query, accepted, 'campaigns.list options');
      const issues: ValidationIssue[] = [];
      let combined = '';
      collectIssues(issues, () => (combined = channelFilter(channel, filter)));
      if (issues.length === 0) return { ...rest, filter: combined };
      // The rest of the query is checked too, so that one error names all of it; any filter stands in for the
      // refused one, as nothing is sent.
      collectIssues(issues, () => buildQuery('get_campaigns', { ...rest, filter: 'equals(messages.channel,"email")' }));
      throw new ValidationError('Invalid query for get_campaigns', { issues });
    };
    return this.paginate('get_campaigns', { query: built }, options);
  }

  /**
   * Creates a draft campaign: `create({ name, audiences: { included: [listId] }, messages: [{ channel: 'email',
   * label, content: { subject } }] })`. Each message is sent as `{ definition: message }`, its content checked
   * against its channel's shape first. `send_strategy` is Klaviyo's: e.g. `{ method: 'static', datetime }`.
   * `create_campaign` · POST /api/campaigns · tier M · scopes campaigns:write. Not re-sent after a 5xx.
   */
  create(params: CampaignCreateParams, options?: RequestOptions): APIPromise<ResponseOf<'create_campaign'>> {
    const body = async () => {
      if (!isPlainObject(params)) {
        throw new ValidationError('Invalid campaign', {
          issues: [{ path: '', message: `must be an object of attributes and messages, got ${describeValue(params)}` }],
        });
      }
      if ('campaign-messages' in params) {
        throw new ValidationError('Invalid campaign', {
          issues: [{ path: 'campaign-messages', message: 'pass the messages as `messages`, a list of definitions' }],
        });
      }
      const { messages, ...attributes } = params;
      const definitions = checkArray(messages, 'campaign', 'messages');
      const shapes = await definitionShapes('create');
      const data = definitions.map((definition, i) => ({
        type: 'campaign-message',
        attributes: { definition: checkDefinition(definition, shapes, `messages.${i}`) },
      }));
      return { data: { type: 'campaign', attributes: { ...attributes, 'campaign-messages': { data } } } };
    };
    // A message is sent as `campaign-messages.data.N.attributes.definition`: said as the caller's `messages.N`.
    const messages = (path: string) =>
      path.replace(/^campaign-messages\.data\.(\d+)(?:\.attributes\.definition)?(?=$|[.[])/, 'messages.$1');
    return withAttributePaths(this.call('create_campaign', { body }, options), 'create_campaign', messages);
  }

  /** Copies a campaign, optionally under a new name. `create_campaign_clone` · POST /api/campaign-clone · tier M · scopes campaigns:write. */
  clone(id: string, params: { name?: string } = {}, options?: RequestOptions): APIPromise<ResponseOf<'create_campaign_clone'>> {
    const body = () => {
      const { name } = checkArgumentObject(params, ['name'], 'campaigns.clone options', { optional: true });
      return { data: { type: 'campaign', id, attributes: name === undefined ? {} : { new_name: name } } };
    };
    return this.call('create_campaign_clone', { body }, options);
  }

  /**
   * Uses a template for a campaign message (Klaviyo copies it into the message).
   * `assign_template_to_campaign_message` · POST /api/campaign-message-assign-template · tier M · scopes campaigns:write.
   */
  assignTemplate(
    messageId: string,
    templateId: string,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'assign_template_to_campaign_message'>> {
    const relationships = { template: { data: { type: 'template', id: templateId } } };
    return this.call(
      'assign_template_to_campaign_message',
      { body: { data: { type: 'campaign-message', id: messageId, relationships } } },
      options,
    );
  }

  /**
   * Sends (or schedules, per its send strategy) a campaign. Resolves to a job handle: `await job.wait()`
   * polls until the send completes, and throws `JobFailedError` if it ends cancelled.
   * `send_campaign` · POST /api/campaign-send-jobs · tier M · scopes campaigns:write. Not re-sent after a 5xx.
   */
  send(
    id: string,
    options?: RequestOptions,
  ): APIPromise<JobHandle<ResponseOf<'send_campaign'>, ResponseOf<'get_campaign_send_job'>>> {
    const started = this.call('send_campaign', { body: { data: { type: 'campaign-send-job', id } } }, options);
    return asJob(started, 'campaign send job', (jobId, signal) =>
      this.call('get_campaign_send_job', { path: { id: jobId } }, { ...options, signal }),
    );
  }

  /** Cancels a send for good (status Cancelled). `cancel_campaign_send` · PATCH /api/campaign-send-jobs/{id} · tier M · scopes campaigns:write. */
  cancelSend(jobId: string, options?: RequestOptions): APIPromise<undefined> {
    return this.call('cancel_campaign_send', { path: { id: jobId }, body: sendJobAction(jobId, 'cancel') }, options);
  }

  /**
   * Stops a send and puts the campaign back to Draft.
   * `cancel_campaign_send` (action revert) · PATCH /api/campaign-send-jobs/{id} · tier M · scopes campaigns:write.
   */
  revertSend(jobId: string, options?: RequestOptions): APIPromise<undefined> {
    return this.call('cancel_campaign_send', { path: { id: jobId }, body: sendJobAction(jobId, 'revert') }, options);
  }

  /**
   * Starts recounting a campaign's recipients; `await job.wait()`, then read `recipientEstimation(id)`.
   * `refresh_campaign_recipient_estimation` · POST /api/campaign-recipient-estimation-jobs · tier M · scopes campaigns:write.
   */
  estimateRecipients(
    id: string,
    options?: RequestOptions,
  ): APIPromise<
    JobHandle<ResponseOf<'refresh_campaign_recipient_estimation'>, ResponseOf<'get_campaign_recipient_estimation_job'>>
  > {
    const started = this.call(
      'refresh_campaign_recipient_estimation',
      { body: { data: { type: 'campaign-recipient-estimation-job', id } } },
      options,
    );
    return asJob(started, 'recipient estimation job', (jobId, signal) =>
      this.call('get_campaign_recipient_estimation_job', { path: { id: jobId } }, { ...options, signal }),
    );
  }
}

/** The hand-written method of `klaviyo.campaigns.messages` (src/resources/generated/campaigns.ts adds the rest). */
export abstract class CampaignMessagesHelpers extends Resource {
  /**
   * Changes a message's definition: `update(id, { channel: 'email', label, content: { subject } })`. The
   * channel is required (Klaviyo's rule) and says which shape the rest is checked against before sending.
   * `update_campaign_message` · PATCH /api/campaign-messages/{id} · tier M · scopes campaigns:write.
   */
  update(
    id: string,
    definition: CampaignMessageUpdateDefinition,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'update_campaign_message'>> {
    const body = async () => {
      const shapes = await definitionShapes('update');
      return {
        data: { type: 'campaign-message', id, attributes: { definition: checkDefinition(definition, shapes, 'definition') } },
      };
    };
    return withAttributePaths(this.call('update_campaign_message', { path: { id }, body }, options), 'update_campaign_message');
  }
}

/** Turns a job-starting call into a call resolving to its handle, keeping `.withResponse()`. */
function asJob<Started extends { data: { id: string } }, Read>(
  started: APIPromise<Started>,
  what: string,
  read: (id: string, signal: AbortSignal | undefined) => Promise<Read>,
): APIPromise<JobHandle<Started, Read>> {
  return new APIPromise(
    started.withResponse().then((r) => ({ ...r, data: new JobHandle(r.data, what, (signal) => read(r.data.data.id, signal)) })),
  );
}

function sendJobAction(id: string, action: 'cancel' | 'revert'): RequestBodyOf<'cancel_campaign_send'> {
  return { data: { type: 'campaign-send-job', id, attributes: { action } } };
}

const CHANNELS: readonly string[] = ['email', 'sms'];

/**
 * `equals(messages.channel,"email")`, joined with the caller's filter: an object filter is checked against
 * get_campaigns' table and its conditions added to one `and(...)`; a raw string is added as written.
 * Klaviyo requires the channel condition (https://developers.klaviyo.com/en/reference/get_campaigns).
 */
export function channelFilter(
  channel: CampaignChannel,
  filter: FilterConditions<'get_campaigns'> | AndFilter<'get_campaigns'> | string | undefined,
): string {
  const issues: ValidationIssue[] = [];
  if (!CHANNELS.includes(channel)) {
    const message =
      channel === undefined
        ? `is required: Klaviyo lists the campaigns of one channel, ${CHANNELS.join(' or ')}`
        : notOneOfMessage(channel, CHANNELS);
    issues.push({ path: 'channel', message });
  }
  // The filter is checked whatever the channel, so that one error names both.
  let other = '';
  if (filter !== undefined && filter !== null) {
    collectIssues(issues, () => (other = typeof filter === 'string' ? filter.trim() : serializeFilter('get_campaigns', filter)));
  }
  if (issues.length) throw new ValidationError('Invalid query for get_campaigns', { issues });
  const channelTerm = serializeFilter('get_campaigns', { 'messages.channel': { equals: channel } });
  if (other === '') return channelTerm;
  if (/\bmessages\.channel\b/.test(other)) {
    throw new ValidationError('Invalid query for get_campaigns', {
      issues: [
        { path: 'filter', message: 'filters on messages.channel: pass `channel` instead (it is added to the filter for you)' },
      ],
    });
  }
  return `and(${channelTerm},${andTerms(other) ?? other})`;
}

/** The inside of `and(...)` when the whole expression is one `and` call, so conditions join one list. */
function andTerms(expression: string): string | undefined {
  if (!expression.startsWith('and(') || !expression.endsWith(')')) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 3; i < expression.length; i++) {
    const c = expression[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i !== expression.length - 1) return undefined;
  }
  return depth === 0 ? expression.slice(4, -1) : undefined;
}

/** A message definition's shape (each built on first use). */
type DefinitionShape = () => ZodSchema;

/**
 * The definition shapes of create_campaign or update_campaign_message, by channel: loaded with those
 * operations' own request schemas (the same generated module) on first use, not when the package loads.
 */
async function definitionShapes(
  operation: 'create' | 'update',
): Promise<Record<'email' | 'sms' | 'mobile_push' | 'silent_push', DefinitionShape>> {
  const [components] = await Promise.all([import('../schemas/generated/requests/campaigns.js'), loadEnglish()]);
  return operation === 'create'
    ? {
        email: components.EmailMessageDefinition,
        sms: components.SMSMessageDefinitionCreate,
        mobile_push: components.MobilePushMessageStandardDefinitionCreate,
        silent_push: components.MobilePushMessageSilentDefinitionCreate,
      }
    : {
        email: components.EmailMessageDefinition,
        sms: components.SMSMessageDefinitionCreate,
        mobile_push: components.MobilePushMessageStandardDefinitionUpdate,
        silent_push: components.MobilePushMessageSilentDefinitionUpdate,
      };
}

/**
 * The spec's message definition is a union of open shapes, so a definition that fails its own channel's shape
 * can still pass as another: a standard push without its `body` passes as a silent push, which takes any key.
 * The definition's `channel` (and, for pushes, `notification_type`, `standard` by default) says which shape
 * it is, and it is checked against that one. An unknown channel is left to the body's schema, which refuses it.
 */
function checkDefinition<D extends { channel: string; notification_type?: string | undefined }>(
  definition: D,
  shapes: Record<'email' | 'sms' | 'mobile_push' | 'silent_push', DefinitionShape>,
  at: string,
): D {
  if (!isPlainObject(definition)) {
    throw new ValidationError('Invalid message definition', {
      issues: [
        { path: at, message: `must be an object such as { channel: 'email', content }, got ${describeValue(definition)}` },
      ],
    });
  }
  const { channel } = definition;
  const silent = channel === 'mobile_push' && definition.notification_type === 'silent';
  const shape: DefinitionShape | undefined = silent
    ? shapes.silent_push
    : channel === 'email' || channel === 'sms' || channel === 'mobile_push'
      ? shapes[channel]
      : undefined;
  if (shape) validateInput(shape(), definition, `message definition (${silent ? 'silent mobile_push' : channel})`, at);
  return definition;
}
