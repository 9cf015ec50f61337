/**
 * Catalog endpoints Klaviyo gives behaviour beyond their shape: back in stock subscriptions, from the private
 * and the client API alike. Items, variants and categories (with Klaviyo's `$custom:::$default:::<external_id>`
 * ids, records.ts), their relationship routes and their bulk jobs (bulk-jobs.ts) are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { upsertProfile } from './profile-store.js';

/** The identifier each channel notifies the profile on. */
const CHANNEL_IDENTIFIERS: Record<string, string> = { EMAIL: 'email', SMS: 'phone_number' };

/**
 * A profile asks to hear when a catalog variant is back in stock, on the given channels
 * (https://developers.klaviyo.com/en/reference/create_back_in_stock_subscription): the variant must exist and
 * the profile (found or created from its identifiers) must have the identifier of each channel. No route reads
 * subscriptions back; the mock keeps them as `back-in-stock-subscription` records. 202 without a body.
 */
export const subscribeBackInStock: Handler = (ctx) => {
  const data = ctx.body.data;
  const variant = data.relationships?.variant?.data?.id;
  if (typeof variant !== 'string' || !ctx.state.get('catalog-variant', variant))
    throw invalidBody('/data/relationships/variant/data/id', `A catalog-variant with id ${String(variant)} does not exist.`);
  const { id, ...identifiers } = data.attributes.profile?.data?.attributes ?? {};
  const channels: string[] = data.attributes.channels ?? [];
  channels.forEach((channel, i) => {
    const identifier = CHANNEL_IDENTIFIERS[channel];
    if (!identifier) throw invalidBody(`/data/attributes/channels/${i}`, `'${channel}' is not a channel: EMAIL or SMS.`);
    if (!identifiers[identifier] && !id)
      throw invalidBody('/data/attributes/profile/data/attributes', `The ${channel} channel needs the profile's ${identifier}.`);
  });
  const { record: profile } = upsertProfile(ctx.state, { ...(id ? { id } : {}), attributes: identifiers });
  ctx.state.insert('back-in-stock-subscription', { channels }, { rel: { variant: [variant], profile: [profile.id] } });
  return { status: 202 };
};

/** The hand-written catalog handlers, by operation id. */
export const catalogHandlers = {
  create_back_in_stock_subscription: subscribeBackInStock,
} satisfies Partial<Record<OperationId, Handler>>;
