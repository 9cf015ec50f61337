/**
 * One client's process for bench/per-request.ts: `node --import tsx bench/per-request-child.ts <client> <base>
 * <batch> <warm-up batches>` runs each kind of request (GET page, POST event; one at a time and 32 at once) in
 * warm-up batches and then one measured batch, and prints `{ "get|1": CPU ms per request, … }` as JSON.
 */
import { CLIENTS, CONCURRENCY, cpuPerRequest, OPS } from './per-request.js';

const [name = '', base = '', batch = '128', warmups = '3'] = process.argv.slice(2);
const make = CLIENTS[name];
if (!make) throw new Error(`no client named ${name}; the clients are ${Object.keys(CLIENTS).join(', ')}`);
const client = await make(base);
const figures: Record<string, number> = {};
for (const op of OPS) {
  for (const concurrency of CONCURRENCY) {
    for (let i = 0; i < Number(warmups); i++) await cpuPerRequest(client, op, concurrency, Number(batch));
    figures[`${op}|${concurrency}`] = await cpuPerRequest(client, op, concurrency, Number(batch));
  }
}
console.log(JSON.stringify(figures));
