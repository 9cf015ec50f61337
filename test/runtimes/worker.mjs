/**
 * The smoke test as a Cloudflare Worker: bundled by scripts/test-runtimes.mjs (no Node built-ins, no
 * nodejs_compat flag) and run in workerd through miniflare. `GET /?base=<mock URL>&runtime=<name>` runs it.
 */
import * as main from '../../dist/index.js';
import * as core from '../../dist/core.js';
import * as operations from '../../dist/operations.js';
import { smoke } from './smoke.mjs';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const runtime = url.searchParams.get('runtime') ?? 'workerd';
    try {
      const result = await smoke({ main, core, operations }, url.searchParams.get('base'), runtime);
      return Response.json(result);
    } catch (error) {
      return Response.json({ runtime, error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
