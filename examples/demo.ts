/**
 * `npm run demo`: syncs customers from a CSV, tracks their orders, then prints the email campaign report —
 * against the bundled local Klaviyo mock, or your account when KLAVIYO_API_KEY is set.
 */
import { campaignReport, formatReport } from './campaign-report.js';
import { connect } from './connect.js';
import { syncCustomers } from './sync-customers.js';
import { trackOrders } from './track-orders.js';

const { klaviyo, mode, close } = await connect();
try {
  console.log(
    mode === 'mock'
      ? 'Running against the local Klaviyo mock (set KLAVIYO_API_KEY to use your account).\n'
      : 'Running against your Klaviyo account.\n',
  );

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
