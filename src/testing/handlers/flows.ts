/** Flow endpoints: reads of flows, actions and messages, status updates and deletion. */
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { RELATIONS } from '../relations.js';
import { singleDocument } from '../serialize.js';
import { find, getOne, getRelated, getRelationship, listAll } from './generic.js';

const STATUSES = ['draft', 'manual', 'live'];

export const flowHandlers = {
  get_flows: listAll('flow'),
  get_flow: getOne('flow'),
  get_actions_for_flow: getRelated('flow', 'flow-actions'),
  get_action_ids_for_flow: getRelationship('flow', 'flow-actions'),
  get_tags_for_flow: getRelated('flow', 'tags'),
  get_tag_ids_for_flow: getRelationship('flow', 'tags'),
  get_flow_action: getOne('flow-action'),
  get_flow_for_flow_action: getRelated('flow-action', 'flow'),
  get_flow_id_for_flow_action: getRelationship('flow-action', 'flow'),
  get_messages_for_flow_action: getRelated('flow-action', 'flow-messages'),
  get_message_ids_for_flow_action: getRelationship('flow-action', 'flow-messages'),
  get_flow_message: getOne('flow-message'),
  get_action_for_flow_message: getRelated('flow-message', 'flow-action'),
  get_action_id_for_flow_message: getRelationship('flow-message', 'flow-action'),
  get_template_for_flow_message: getRelated('flow-message', 'template'),
  get_template_id_for_flow_message: getRelationship('flow-message', 'template'),

  update_flow: (ctx) => {
    const flow = find(ctx, 'flow');
    const status = ctx.body.data.attributes?.status;
    if (!STATUSES.includes(status))
      throw invalidBody('/data/attributes/status', `'status' must be one of ${STATUSES.join(', ')}.`);
    flow.attributes['status'] = status;
    flow.attributes['updated'] = ctx.state.timestamp();
    return { status: 200, body: singleDocument(ctx, flow) };
  },

  delete_flow: (ctx) => {
    const flow = find(ctx, 'flow');
    for (const actionId of RELATIONS['flow']!['flow-actions']!.ids(ctx.state, flow)) {
      for (const message of ctx.state.all('flow-message'))
        if (message.rel['flow-action']?.[0] === actionId) ctx.state.remove('flow-message', message.id);
      ctx.state.remove('flow-action', actionId);
    }
    ctx.state.remove('flow', flow.id);
    return { status: 204 };
  },
} satisfies Record<string, Handler>;
