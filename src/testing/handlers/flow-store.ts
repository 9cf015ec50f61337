/**
 * Storing flows the 2026-07-15 way (https://developers.klaviyo.com/en/reference/create_flow): a flow holds one
 * trigger; each action keeps an encoded `definition` (`{id, type, links, data}`); an action that sends
 * (`send-email`, `send-sms`, ...) owns one flow message whose `definition` is the action's `data.message`.
 * The message is stored once, on the flow message, and shown inside its action's definition.
 * Used by `create_flow`, `update_flow_action`, `delete_flow_action` and seeding.
 */
import { invalidBody } from '../errors.js';
import type { MockState, StoredRecord } from '../state.js';

/** The message channel of each sending action type. */
export const MESSAGE_CHANNELS: Record<string, string> = {
  'send-email': 'email',
  'send-sms': 'sms',
  'send-mobile-push': 'push',
  'send-whatsapp': 'whatsapp',
  'send-webhook': 'webhook',
  'send-internal-alert': 'internal_alert',
};

/** `trigger_type` as Klaviyo reports it for each trigger `type` of a flow definition. */
const TRIGGER_TYPES: Record<string, string> = {
  list: 'Added to List',
  segment: 'Added to List',
  metric: 'Metric',
  date: 'Date Based',
  'price-drop': 'Price Drop',
  'low-inventory': 'Low Inventory',
};

/** Link names an action may carry, each naming the next action (or null). */
const LINK_NAMES = ['next', 'next_if_true', 'next_if_false'];

/**
 * One action to store: its definition as given (links name other actions by `temporary_id`), the ids to store
 * it and its message under (default: generated), and where it sits in the request (for errors).
 */
export interface ActionInput {
  id?: string;
  messageId?: string;
  definition: Record<string, any>;
  pointer?: string;
}

/** What a stored flow is made from. */
export interface FlowInput {
  id?: string;
  name: string;
  status?: string;
  archived?: boolean;
  created?: string;
  /** The one trigger, as the definition gives it (`{ type: 'list', id }`, a date trigger's settings, ...). */
  trigger?: { type: string; id?: string } | undefined;
  actions: ActionInput[];
  /** The entry action's id in `actions` (temporary or given); default the first action. */
  entry?: string | null;
  /** The definition's `profile_filter` and `reentry_criteria`, kept as given. */
  profileFilter?: unknown;
  reentry?: unknown;
  tags?: string[];
}

/** Stores a flow with its actions and their messages; ids in links are rewritten to the stored ids. */
export function storeFlow(state: MockState, input: FlowInput): StoredRecord {
  const now = input.created ?? state.timestamp();
  const trigger = input.trigger;
  const flow = state.insert(
    'flow',
    {
      name: input.name,
      status: input.status ?? 'draft',
      archived: input.archived ?? false,
      created: now,
      updated: now,
      trigger_type: trigger ? (TRIGGER_TYPES[trigger.type] ?? 'Unconfigured') : 'Unconfigured',
    },
    {
      ...(input.id ? { id: input.id } : {}),
      rel: { tags: input.tags ?? [] },
      extra: {
        trigger: trigger?.id ? { type: trigger.type, id: trigger.id } : undefined,
        triggers: trigger ? [structuredClone(trigger)] : [],
        profileFilter: input.profileFilter ?? null,
        ...(input.reentry ? { reentry: input.reentry } : {}),
      },
    },
  );
  // Each action's given id (`temporary_id` in a create) → the id it is stored under.
  const ids = new Map<string, string>();
  const actions = input.actions.map((a) => {
    const action = state.insert(
      'flow-action',
      { created: now, updated: now, definition: null },
      { ...(a.id ? { id: a.id } : {}), rel: { flow: [flow.id] }, extra: a.messageId ? { messageId: a.messageId } : {} },
    );
    const given = a.definition['temporary_id'] ?? a.id;
    if (typeof given === 'string') ids.set(given, action.id);
    return action;
  });
  input.actions.forEach((a, i) => {
    const action = actions[i]!;
    const { temporary_id: _temporary, id: _id, ...rest } = structuredClone(a.definition);
    const links = mapLinks(rest['links'], (target, name) => {
      const real = ids.get(target);
      if (!real) throw invalidBody(`${a.pointer ?? ''}/links/${name}`, `No action ${JSON.stringify(target)} in this flow.`);
      return real;
    });
    setActionDefinition(state, action, { ...rest, ...(links ? { links } : {}) }, now, a.pointer);
  });
  flow.extra['entry'] = input.entry ? ids.get(input.entry) : actions[0]?.id;
  return flow;
}

/** Rewrites every link target with `map` (null stays null). */
function mapLinks(links: unknown, map: (target: string, name: string) => string): Record<string, unknown> | undefined {
  if (!links || typeof links !== 'object') return undefined;
  const out: Record<string, unknown> = { ...(links as Record<string, unknown>) };
  for (const name of LINK_NAMES) {
    const target = out[name];
    if (typeof target === 'string') out[name] = map(target, name);
  }
  return out;
}

/**
 * Stores an action's definition: `id` is the action's, its message (if the type sends one) moves to the
 * action's flow message, created on first use; a sending action's `data.status` defaults to draft, as Klaviyo's does.
 */
export function setActionDefinition(
  state: MockState,
  action: StoredRecord,
  definition: Record<string, any>,
  now: string,
  pointer = '',
): void {
  const channel = MESSAGE_CHANNELS[definition['type']];
  const { message, ...data } = { ...(channel ? { status: 'draft' } : {}), ...(definition['data'] ?? {}) } as Record<string, any>;
  if (channel && message) {
    const { id: _id, ...content } = message as Record<string, unknown>;
    const templateId = content['template_id'];
    if (typeof templateId === 'string' && !state.get('template', templateId))
      throw invalidBody(`${pointer}/data/message/template_id`, `A template with id ${templateId} does not exist.`);
    const existing = action.extra['message'] ? state.get('flow-message', action.extra['message'] as string) : undefined;
    const rel = { 'flow-action': [action.id], ...(typeof templateId === 'string' ? { template: [templateId] } : {}) };
    if (existing) {
      existing.attributes['definition'] = { ...(existing.attributes['definition'] as object), ...content };
      existing.attributes['updated'] = now;
      existing.rel = rel;
    } else {
      const id = action.extra['messageId'] as string | undefined;
      const record = state.insert(
        'flow-message',
        { channel, created: now, updated: now, definition: content },
        { rel, ...(id ? { id } : {}) },
      );
      action.extra['message'] = record.id;
    }
  }
  action.attributes['definition'] = {
    id: action.id,
    type: definition['type'],
    links: definition['links'] ?? { next: null },
    data,
  };
  action.attributes['updated'] = now;
}

/** Deletes an action and its message; actions that led to it lead to where it led instead. */
export function deleteAction(state: MockState, action: StoredRecord): void {
  const next = ((action.attributes['definition'] as { links?: { next?: string | null } } | null)?.links?.next ?? null) as
    string | null;
  const flowId = action.rel['flow']?.[0];
  for (const other of state.all('flow-action')) {
    if (other.rel['flow']?.[0] !== flowId || other.id === action.id) continue;
    const links = (other.attributes['definition'] as { links?: Record<string, unknown> } | null)?.links;
    for (const name of LINK_NAMES) if (links?.[name] === action.id) links[name] = next;
  }
  const flow = flowId ? state.get('flow', flowId) : undefined;
  if (flow?.extra['entry'] === action.id) flow.extra['entry'] = next ?? undefined;
  for (const message of state.all('flow-message'))
    if (message.rel['flow-action']?.[0] === action.id) state.remove('flow-message', message.id);
  state.remove('flow-action', action.id);
}
