/**
 * Track "Placed Order" events: one by one as orders come in, and in bulk for a backfill.
 * Each event carries the order id as its `uniqueId`, so Klaviyo keeps one event per order and the SDK may
 * safely re-send after a 5xx or a dropped connection: no order is counted twice, none is lost.
 *
 *   npx tsx examples/track-orders.ts
 */
import type { EventInput, Klaviyo } from 'klaviyo-ts';
import { connect, runIfMain } from './connect.js';

/** An order as a shop would hand it over. */
interface Order {
  id: string;
  email: string;
  total: number;
  items: { name: string; quantity: number; price: number }[];
  placedAt: Date;
}

function placedOrder(order: Order): EventInput {
  return {
    metric: 'Placed Order',
    profile: { email: order.email },
    properties: { OrderId: order.id, ItemNames: order.items.map((i) => i.name), Items: order.items },
    value: order.total,
    valueCurrency: 'USD',
    time: order.placedAt,
    uniqueId: order.id,
  };
}

/** A deterministic batch of orders for the example. */
export function sampleOrders(count: number, now = new Date()): Order[] {
  const customers = ['ada@example.com', 'grace.hopper@example.com', 'alan.turing@example.com', 'katherine.johnson@example.com'];
  return Array.from({ length: count }, (_, i) => ({
    id: `order-${1001 + i}`,
    email: customers[i % customers.length]!,
    total: 20 + (i % 5) * 12.5,
    items: [{ name: i % 2 ? 'Coffee beans' : 'Mug', quantity: 1 + (i % 3), price: 10 }],
    placedAt: new Date(now.getTime() - (count - i) * 60_000),
  }));
}

/** What was tracked. */
export interface TrackSummary {
  oneByOne: number;
  inBulk: number;
  revenue: number;
}

/** Sends the first orders one by one (live tracking) and the rest as bulk jobs (a backfill). */
export async function trackOrders(klaviyo: Klaviyo, orders: Order[] = sampleOrders(25)): Promise<TrackSummary> {
  const live = orders.slice(0, 5);
  const backfill = orders.slice(5);
  for (const order of live) await klaviyo.events.create(placedOrder(order));
  await klaviyo.events.bulkCreate(backfill.map(placedOrder)); // split into jobs of 1000 events / 5 MB
  return { oneByOne: live.length, inBulk: backfill.length, revenue: orders.reduce((sum, o) => sum + o.total, 0) };
}

runIfMain(import.meta.url, async () => {
  const { klaviyo, mode, close } = await connect();
  try {
    const s = await trackOrders(klaviyo);
    console.log(`[${mode}] tracked ${s.oneByOne} orders one by one and ${s.inBulk} in bulk, $${s.revenue.toFixed(2)} in all`);
  } finally {
    await close();
  }
});
