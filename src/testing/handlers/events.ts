/** Event endpoints Klaviyo gives behaviour beyond their shape: create (202) and bulk create (202). Reads are generic. */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { invalidBody } from '../errors.js';
import { createEventFromBody } from './event-store.js';

/** The hand-written event handlers, by operation id. */
export const eventHandlers = {
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
} satisfies Partial<Record<OperationId, Handler>>;
