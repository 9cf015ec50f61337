/**
 * Stream every profile of a segment to a JSONL file, one page at a time: memory stays flat however big the
 * segment is, and writing waits for the disk (backpressure) before the next page is fetched.
 *
 *   npx tsx examples/export-segment.ts "Engaged Customers" engaged.jsonl
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Klaviyo } from 'klaviyo-ts';
import { connect, exampleArgs, runIfMain } from './connect.js';

/** Writes one JSON line per profile of the segment called `segmentName`; resolves to the count. */
export async function exportSegment(klaviyo: Klaviyo, segmentName: string, path: string): Promise<number> {
  const [segment] = await klaviyo.segments.list({ filter: { name: { equals: segmentName } } }).toArray({ limit: 1 });
  if (!segment) throw new Error(`No segment is called ${JSON.stringify(segmentName)}`);

  const out = createWriteStream(path);
  let count = 0;
  try {
    for await (const profile of klaviyo.segments.profiles(segment.id, { pageSize: 100 })) {
      const line = JSON.stringify({ id: profile.id, email: profile.attributes.email, first_name: profile.attributes.first_name });
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      count++;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return count;
}

runIfMain(import.meta.url, async () => {
  const [name = 'Engaged Customers', path = 'segment.jsonl'] = exampleArgs();
  const { klaviyo, mode, close } = await connect();
  try {
    console.log(`[${mode}] wrote ${await exportSegment(klaviyo, name, path)} profiles of "${name}" to ${path}`);
  } finally {
    await close();
  }
});
