/**
 * Flow endpoints Klaviyo gives behaviour beyond their shape: creating a flow from an encoded definition,
 * status updates, editing and deleting actions, and deleting a flow with its actions and messages. Reads and
 * relationship routes are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { RELATIONS } from '../relations.js';
import { singleDocument } from '../serialize.js';
import { find } from './generic.js';
import { deleteAction, setActionDefinition, storeFlow } from './flow-store.js';

const STATUSES = ['draft', 'manual', 'live'];
/** Trigger types whose `id` names a stored record. */
const TRIGGER_RECORDS: Record<string, string> = { list: 'list', segment: 'segment', metric: 'metric' };

/** The hand-written flow handlers, by operation id. */
export const flowHandlers = {
  // https://developers.klaviyo.com/en/reference/create_flow: one trigger; new actions carry a `temporary_id`
  // that links and `entry_action_id` refer to; the flow starts as a draft.
  create_flow: (ctx) => {
    const { name, definition } = ctx.body.data.attributes;
    const base = '/data/attributes/definition';
    const triggers: any[] = definition.triggers ?? [];
    if (triggers.length > 1) throw invalidBody(`${base}/triggers`, 'Only one trigger is supported.');
    const trigger = triggers[0];
    const triggerType = TRIGGER_RECORDS[trigger?.type];
    if (triggerType && !ctx.state.get(triggerType, String(trigger.id)))
      throw invalidBody(`${base}/triggers/0/id`, `A ${triggerType} with id ${String(trigger.id)} does not exist.`);
    const actions: any[] = definition.actions ?? [];
    actions.forEach((a, i) => {
      if (a?.id !== undefined && a?.id !== null)
        throw invalidBody(`${base}/actions/${i}/id`, 'New actions take a temporary_id, not an id.');
    });
    const temporaryIds = actions.map((a) => a?.temporary_id);
    if (definition.entry_action_id != null && !temporaryIds.includes(definition.entry_action_id))
      throw invalidBody(`${base}/entry_action_id`, `No action ${JSON.stringify(definition.entry_action_id)} in this flow.`);
    const flow = storeFlow(ctx.state, {
      name,
      trigger,
      actions: actions.map((a, i) => ({ definition: a, pointer: `${base}/actions/${i}` })),
      entry: definition.entry_action_id ?? null,
      profileFilter: definition.profile_filter,
      reentry: definition.reentry_criteria,
    });
    return { status: 201, body: singleDocument(ctx, flow) };
  },

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
    for (const actionId of RELATIONS['flow']!['flow-actions']!.ids(ctx.state, flow))
      deleteAction(ctx.state, ctx.state.get('flow-action', actionId)!);
    ctx.state.remove('flow', flow.id);
    return { status: 204 };
  },

  // The definition's `data` is merged into the stored one (and its message into the action's flow message);
  // an action keeps its type, and its links may only name actions of the same flow.
  update_flow_action: (ctx) => {
    const action = find(ctx, 'flow-action');
    const given = ctx.body.data.attributes.definition;
    const base = '/data/attributes/definition';
    const stored = action.attributes['definition'] as Record<string, any>;
    if (given.type !== stored['type'])
      throw invalidBody(`${base}/type`, `The action is a ${String(stored['type'])} action; its type cannot change.`);
    const flowId = action.rel['flow']?.[0];
    for (const [name, target] of Object.entries<unknown>(given.links ?? {})) {
      const other = typeof target === 'string' ? ctx.state.get('flow-action', target) : undefined;
      if (target !== null && other?.rel['flow']?.[0] !== flowId)
        throw invalidBody(`${base}/links/${name}`, `No action ${JSON.stringify(target)} in this flow.`);
    }
    setActionDefinition(
      ctx.state,
      action,
      { type: stored['type'], links: given.links ?? stored['links'], data: { ...stored['data'], ...given.data } },
      ctx.state.timestamp(),
      base,
    );
    return { status: 200, body: singleDocument(ctx, action) };
  },

  delete_flow_action: (ctx) => {
    deleteAction(ctx.state, find(ctx, 'flow-action'));
    return { status: 204 };
  },
} satisfies Partial<Record<OperationId, Handler>>;
