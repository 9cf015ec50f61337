/**
 * Find a flow by name and set it live (or back to draft).
 *
 *   npx tsx examples/flow-toggle.ts "Abandoned Cart" live
 */
import type { Klaviyo } from 'klaviyo-ts';
import { connect, exampleArgs, runIfMain } from './connect.js';

/** Sets the status of the flow called `name`; resolves to its id and its status before and after. */
export async function toggleFlow(klaviyo: Klaviyo, name: string, status: 'live' | 'draft' | 'manual') {
  const [flow] = await klaviyo.flows.list({ filter: { name: { equals: name } } }).toArray({ limit: 1 });
  if (!flow) throw new Error(`No flow is called ${JSON.stringify(name)}`);
  const before = flow.attributes.status;
  const { data } = await klaviyo.flows.updateStatus(flow.id, status);
  return { id: flow.id, before, after: data.attributes.status };
}

runIfMain(import.meta.url, async () => {
  const [name = 'Abandoned Cart', status = 'live'] = exampleArgs();
  if (status !== 'live' && status !== 'draft' && status !== 'manual') throw new Error('status must be live, draft or manual');
  const { klaviyo, mode, close } = await connect();
  try {
    const result = await toggleFlow(klaviyo, name, status);
    console.log(`[${mode}] flow "${name}" (${result.id}): ${result.before} → ${result.after}`);
  } finally {
    await close();
  }
});
