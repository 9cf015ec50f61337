/**
 * `npm run mock`: starts the local Klaviyo mock with the demo account and prints its URL.
 *
 *   npm run mock -- --port 4010 --empty --no-rate-limit
 */
import { startMockServer } from './server.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const server = await startMockServer({
  port: Number(option('--port') ?? process.env['PORT'] ?? 4010),
  host: option('--host') ?? '127.0.0.1',
  ...(args.includes('--empty') ? {} : { seed: 'demo' as const }),
  ...(args.includes('--no-rate-limit') ? { rateLimit: false as const } : {}),
});
console.log(`Klaviyo mock listening on ${server.url}`);
console.log(`Try: curl -H "Authorization: Klaviyo-API-Key pk_test" -H "revision: 2026-07-15" ${server.url}/api/lists`);

const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
