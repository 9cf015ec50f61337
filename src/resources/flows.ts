/**
 * Flows: automated series of actions (emails, SMS, delays, splits) that a trigger starts
 * (https://developers.klaviyo.com/en/reference/flows_api_overview).
 */
import type { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import type { QueryOptions } from '../core/query.js';
import type { RequestOptions } from '../core/transport.js';
import type { Klaviyo } from '../client.js';
import { Resource, type PageOf, type ResponseOf } from './resource.js';

/** The statuses a flow can be set to. */
export type FlowStatus = 'live' | 'draft' | 'manual';
const FLOW_STATUSES: readonly string[] = ['live', 'draft', 'manual'];

/** `klaviyo.flows` */
export class Flows extends Resource {
  /** `klaviyo.flows.actions`: the steps of flows. */
  readonly actions: FlowActions;
  /** `klaviyo.flows.messages`: the emails, SMS and pushes flow actions send. */
  readonly messages: FlowMessages;

  constructor(klaviyo: Klaviyo) {
    super(klaviyo);
    this.actions = new FlowActions(klaviyo);
    this.messages = new FlowMessages(klaviyo);
  }

  /** Every flow. `get_flows` · GET /api/flows · tier S · scopes flows:read. Up to 50 per page. */
  list(query?: QueryOptions<'get_flows'>, options?: RequestOptions): PageOf<'get_flows'> {
    return this.paginate('get_flows', { query }, options);
  }

  /** One flow. `get_flow` · GET /api/flows/{id} · tier S · scopes flows:read. */
  get(id: string, query?: QueryOptions<'get_flow'>, options?: RequestOptions): APIPromise<ResponseOf<'get_flow'>> {
    return this.call('get_flow', { path: { id }, query }, options);
  }

  /**
   * Turns a flow on (`live`), off (`draft`) or to manual review (`manual`); its actions follow.
   * `update_flow` · PATCH /api/flows/{id} · tier S · scopes flows:write.
   */
  updateStatus(id: string, status: FlowStatus, options?: RequestOptions): APIPromise<ResponseOf<'update_flow'>> {
    const body = () => ({ data: { type: 'flow', id, attributes: { status: checkStatus(status) } } });
    return this.call('update_flow', { path: { id }, body }, options);
  }

  /** Deletes a flow. `delete_flow` · DELETE /api/flows/{id} · tier S · scopes flows:write. */
  delete(id: string, options?: RequestOptions): APIPromise<undefined> {
    return this.call('delete_flow', { path: { id } }, options);
  }

  /** Ids of the flow's actions. `get_action_ids_for_flow` · GET /api/flows/{id}/relationships/flow-actions · tier S · scopes flows:read. */
  actionIds(
    id: string,
    query?: QueryOptions<'get_action_ids_for_flow'>,
    options?: RequestOptions,
  ): PageOf<'get_action_ids_for_flow'> {
    return this.paginate('get_action_ids_for_flow', { path: { id }, query }, options);
  }

  /** The flow's tags. `get_tags_for_flow` · GET /api/flows/{id}/tags · tier S · scopes flows:read, tags:read. */
  tags(
    id: string,
    query?: QueryOptions<'get_tags_for_flow'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_tags_for_flow'>> {
    return this.call('get_tags_for_flow', { path: { id }, query }, options);
  }

  /** Ids of the flow's tags. `get_tag_ids_for_flow` · GET /api/flows/{id}/relationships/tags · tier S · scopes flows:read, tags:read. */
  tagIds(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_tag_ids_for_flow'>> {
    return this.call('get_tag_ids_for_flow', { path: { id } }, options);
  }
}

/** `klaviyo.flows.actions` */
export class FlowActions extends Resource {
  /** The actions of a flow. `get_actions_for_flow` · GET /api/flows/{id}/flow-actions · tier S · scopes flows:read. Up to 50 per page. */
  list(flowId: string, query?: QueryOptions<'get_actions_for_flow'>, options?: RequestOptions): PageOf<'get_actions_for_flow'> {
    return this.paginate('get_actions_for_flow', { path: { id: flowId }, query }, options);
  }

  /** One flow action. `get_flow_action` · GET /api/flow-actions/{id} · tier S · scopes flows:read. */
  get(id: string, query?: QueryOptions<'get_flow_action'>, options?: RequestOptions): APIPromise<ResponseOf<'get_flow_action'>> {
    return this.call('get_flow_action', { path: { id }, query }, options);
  }

  /** The flow an action belongs to. `get_flow_for_flow_action` · GET /api/flow-actions/{id}/flow · tier S · scopes flows:read. */
  flow(
    id: string,
    query?: QueryOptions<'get_flow_for_flow_action'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_flow_for_flow_action'>> {
    return this.call('get_flow_for_flow_action', { path: { id }, query }, options);
  }

  /** The id of an action's flow. `get_flow_id_for_flow_action` · GET /api/flow-actions/{id}/relationships/flow · tier S · scopes flows:read. */
  flowId(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_flow_id_for_flow_action'>> {
    return this.call('get_flow_id_for_flow_action', { path: { id } }, options);
  }

  /** Ids of an action's messages. `get_message_ids_for_flow_action` · GET /api/flow-actions/{id}/relationships/flow-messages · tier S · scopes flows:read. */
  messageIds(
    id: string,
    query?: QueryOptions<'get_message_ids_for_flow_action'>,
    options?: RequestOptions,
  ): PageOf<'get_message_ids_for_flow_action'> {
    return this.paginate('get_message_ids_for_flow_action', { path: { id }, query }, options);
  }
}

/** `klaviyo.flows.messages` */
export class FlowMessages extends Resource {
  /**
   * The messages of a flow action. Up to 50 per page.
   * `get_flow_action_messages` · GET /api/flow-actions/{id}/flow-messages · tier S · scopes flows:read.
   */
  list(
    actionId: string,
    query?: QueryOptions<'get_flow_action_messages'>,
    options?: RequestOptions,
  ): PageOf<'get_flow_action_messages'> {
    return this.paginate('get_flow_action_messages', { path: { id: actionId }, query }, options);
  }

  /** One flow message. `get_flow_message` · GET /api/flow-messages/{id} · tier S · scopes flows:read. */
  get(
    id: string,
    query?: QueryOptions<'get_flow_message'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_flow_message'>> {
    return this.call('get_flow_message', { path: { id }, query }, options);
  }

  /** The action that sends a message. `get_action_for_flow_message` · GET /api/flow-messages/{id}/flow-action · tier S · scopes flows:read. */
  action(
    id: string,
    query?: QueryOptions<'get_action_for_flow_message'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_action_for_flow_message'>> {
    return this.call('get_action_for_flow_message', { path: { id }, query }, options);
  }

  /** The id of a message's action. `get_action_id_for_flow_message` · GET /api/flow-messages/{id}/relationships/flow-action · tier S · scopes flows:read. */
  actionId(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_action_id_for_flow_message'>> {
    return this.call('get_action_id_for_flow_message', { path: { id } }, options);
  }

  /** A message's template. `get_template_for_flow_message` · GET /api/flow-messages/{id}/template · tier S · scopes templates:read. */
  template(
    id: string,
    query?: QueryOptions<'get_template_for_flow_message'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_template_for_flow_message'>> {
    return this.call('get_template_for_flow_message', { path: { id }, query }, options);
  }

  /** The id of a message's template. `get_template_id_for_flow_message` · GET /api/flow-messages/{id}/relationships/template · tier S · scopes templates:read. */
  templateId(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_template_id_for_flow_message'>> {
    return this.call('get_template_id_for_flow_message', { path: { id } }, options);
  }
}

function checkStatus(status: FlowStatus): FlowStatus {
  if (FLOW_STATUSES.includes(status)) return status;
  throw new ValidationError('Invalid flow status', {
    issues: [{ path: 'status', message: `must be one of ${FLOW_STATUSES.join(', ')}; got ${JSON.stringify(status)}` }],
  });
}
