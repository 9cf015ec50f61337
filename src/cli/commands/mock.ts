/** `klaviyo mock`: the local Klaviyo of `klaviyo-ts/testing`, for trying the command (and your code) offline. */
import { Command } from 'commander';
import { wholeNumber } from '../parse.js';
import { type Cli, UsageError } from '../runtime.js';
import { examples } from './shared.js';

/** `klaviyo mock` */
export function mockCommand(cli: Cli): Command {
  return new Command('mock')
    .description('Start the local Klaviyo mock (a demo account) and print its URL; Ctrl-C stops it')
    .option('--port <n>', 'port to listen on (0: any free port)', wholeNumber(0, 65_535), 4010)
    .option('--empty', 'start with no data instead of the demo account')
    .addHelpText(
      'after',
      examples('klaviyo mock --port 4010', 'klaviyo lists list --base-url http://127.0.0.1:4010 --api-key pk_any'),
    )
    .action(async (opts: { port: number; empty?: boolean }) => {
      // Loaded here, not at start: the mock is as large as the SDK, and only this command needs it.
      const { startMockServer } = await import('../../testing/server.js');
      let server;
      try {
        server = await startMockServer({ port: opts.port, ...(opts.empty ? {} : { seed: 'demo' as const }) });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'EADDRINUSE') throw new UsageError(`Port ${opts.port} is in use: pick another with --port`);
        throw error;
      }
      cli.print(`${server.url}\n`);
      cli.note(`Klaviyo mock listening on ${server.url} (${opts.empty ? 'no data' : 'demo account'}); Ctrl-C stops it.`);
      // Any key works with the mock; one this short is not masked as a secret (src/core/redact.ts) in the hint.
      cli.note(`Try: klaviyo lists list --base-url ${server.url} --api-key pk_any`);
      await new Promise<void>((resolve) => cli.signal.addEventListener('abort', () => resolve(), { once: true }));
      await server.close();
      cli.note('Mock stopped.');
    });
}
