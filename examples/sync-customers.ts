/**
 * Sync customers from a CSV into Klaviyo: upsert each one as a profile, then add them all to the
 * "Newsletter" list (created if missing).
 *
 *   npx tsx examples/sync-customers.ts [path/to/customers.csv]
 *
 * It runs against the bundled local mock; add --live to use your account (KLAVIYO_API_KEY).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Klaviyo } from 'klaviyo-ts';
import { connect, exampleArgs, runIfMain } from './connect.js';

const SAMPLE_CSV = new URL('./data/customers.csv', import.meta.url);

/** One row of the CSV, as exported by a typical shop. */
interface CustomerRow {
  email: string;
  first_name: string;
  last_name: string;
  phone_number: string;
  city: string;
  plan: string;
}

/** What the sync did. */
export interface SyncSummary {
  created: number;
  updated: number;
  listId: string;
  listName: string;
}

/** Upserts every customer of the CSV and adds them to the list named `listName`. */
export async function syncCustomers(
  klaviyo: Klaviyo,
  csv: string | URL = SAMPLE_CSV,
  listName = 'Newsletter',
): Promise<SyncSummary> {
  const rows: CustomerRow[] = parse(readFileSync(csv, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });

  // Upserts are safe to repeat, so the SDK retries them through 5xx and timeouts; the limiter paces them.
  const results = await Promise.all(
    rows.map((row) =>
      klaviyo.profiles.createOrUpdate({
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        ...(row.phone_number ? { phone_number: row.phone_number } : {}),
        location: { city: row.city },
        properties: { plan: row.plan },
      }),
    ),
  );

  const listId = await findOrCreateList(klaviyo, listName);
  await klaviyo.lists.addProfiles(
    listId,
    results.map((r) => r.data.id),
  ); // any number: sent 1000 per call

  const created = results.filter((r) => r.created).length;
  return { created, updated: results.length - created, listId, listName };
}

async function findOrCreateList(klaviyo: Klaviyo, name: string): Promise<string> {
  const [existing] = await klaviyo.lists.list({ filter: { name: { equals: name } } }).toArray({ limit: 1 });
  if (existing) return existing.id;
  const { data } = await klaviyo.lists.create({ name });
  return data.id;
}

runIfMain(import.meta.url, async () => {
  const { klaviyo, mode, close } = await connect();
  try {
    const summary = await syncCustomers(klaviyo, exampleArgs()[0] ?? SAMPLE_CSV);
    console.log(
      `[${mode}] ${summary.created} profiles created, ${summary.updated} updated, all added to "${summary.listName}" (${summary.listId})`,
    );
  } finally {
    await close();
  }
});
