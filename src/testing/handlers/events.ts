/** Event endpoints: create (202), bulk create (202), and reads with the event's metric and profile. */
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { getOne, getRelated, getRelationship, listAll } from './generic.js';
import { createEventFromBody } from './event-store.js';

export const eventHandlers = {
  get_events: listAll('event'),
  get_event: getOne('event'),
  get_metric_for_event: getRelated('event', 'metric'),
  get_metric_id_for_event: getRelationship('event', 'metric'),
  get_profile_for_event: getRelated('event', 'profile'),
  get_profile_id_for_event: getRelationship('event', 'profile'),

  create_event: (ctx) => {
    const attrs = ctx.body.data.attributes;
    createEventFromBody(ctx.state, attrs, attrs.profile, '/data/attributes');
    return { status: 202 };
  },

  // Klaviyo queues a job it does not expose here; the mock records the events at once.
  bulk_create_events: (ctx) => {
    const items: any[] = ctx.body.data.attributes['events-bulk-create'].data;
    for (const checkOnly of [true, false]) {
      items.forEach((item, i) => {
        const base = `/data/attributes/events-bulk-create/data/${i}/attributes`;
        const events: any[] | undefined = item?.attributes?.events?.data;
        if (!Array.isArray(events)) throw invalidBody(`${base}/events/data`, "'events.data' must be a list.");
        events.forEach((event, j) =>
          createEventFromBody(
            ctx.state,
            event?.attributes ?? {},
            item.attributes.profile,
            `${base}/events/data/${j}/attributes`,
            checkOnly,
          ),
        );
      });
    }
    return { status: 202 };
  },
} satisfies Record<string, Handler>;
