/**
 * `npm run demo`: syncs customers from a CSV, tracks their orders, then prints the email campaign report —
 * against the bundled local Klaviyo mock. `npm run demo -- --live` runs it against your account (the key in
 * KLAVIYO_API_KEY): it creates 6 profiles and a list there, and tracks $1,125 of sample orders.
 */
import { campaignReport, formatReport } from './campaign-report.js';
import { connect } from './connect.js';
import { syncCustomers } from './sync-customers.js';
import { trackOrders } from './track-orders.js';

const connection = await connect().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const { klaviyo, close } = connection;
try {
  console.log();
  const sync = await syncCustomers(klaviyo);
  console.log(`1. Synced customers: ${sync.created} created, ${sync.updated} updated, all on the "${sync.listName}" list.`);

  const orders = await trackOrders(klaviyo);
  console.log(
    `2. Tracked orders: ${orders.oneByOne} one by one, ${orders.inBulk} in a bulk job, $${orders.revenue.toFixed(2)} in all.`,
  );

  console.log('3. Email campaigns, last 30 days:\n');
  console.log(formatReport(await campaignReport(klaviyo)));
} finally {
  await close();
}
