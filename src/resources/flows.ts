/**
 * Flows: automated series of actions (emails, SMS, delays, splits) that a trigger starts
 * (https://developers.klaviyo.com/en/reference/flows_api_overview).
 */
import type { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import { notOneOfMessage } from '../core/known-keys.js';
import type { RequestOptions } from '../core/transport.js';
import { Resource, type ResponseOf } from './resource.js';

/** The statuses a flow can be set to. */
export type FlowStatus = 'live' | 'draft' | 'manual';
const FLOW_STATUSES: readonly string[] = ['live', 'draft', 'manual'];

/** The hand-written method of `klaviyo.flows` (src/resources/generated/flows.ts adds the rest): it checks the status before sending. */
export abstract class FlowsHelpers extends Resource {
  /**
   * Turns a flow on (`live`), off (`draft`) or to manual review (`manual`); its actions follow.
   * `update_flow` · PATCH /api/flows/{id} · tier S · scopes flows:write.
   */
  updateStatus(id: string, status: FlowStatus, options?: RequestOptions): APIPromise<ResponseOf<'update_flow'>> {
    const body = () => ({ data: { type: 'flow', id, attributes: { status: checkStatus(status) } } });
    return this.call('update_flow', { path: { id }, body }, options);
  }
}

function checkStatus(status: FlowStatus): FlowStatus {
  if (FLOW_STATUSES.includes(status)) return status;
  throw new ValidationError('Invalid flow status', {
    issues: [{ path: 'status', message: notOneOfMessage(status, FLOW_STATUSES) }],
  });
}
