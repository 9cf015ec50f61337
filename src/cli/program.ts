/**
 * The `klaviyo` command: commander for the command line (help, "did you mean", usage errors), the
 * commands, and the one place errors become messages and exit codes.
 */
import { Command, CommanderError } from 'commander';
import { DEFAULT_REVISION, KlaviyoApiError, KlaviyoError, ValidationError, VERSION } from '../index.js';
import { findOperationId, operations } from '../core/operations.js';
import { apiCommand } from './commands/api.js';
import { campaignsCommand } from './commands/campaigns.js';
import { eventsCommand } from './commands/events.js';
import { flowsCommand } from './commands/flows.js';
import { listsCommand } from './commands/lists.js';
import { metricsCommand } from './commands/metrics.js';
import { mockCommand } from './commands/mock.js';
import { profilesCommand } from './commands/profiles.js';
import { segmentsCommand } from './commands/segments.js';
import { examples } from './commands/shared.js';
import { Cli, type CliIO, CommandFailure, ExitCode, type GlobalOptions, UsageError } from './runtime.js';

/** Builds the command tree for one run. */
export function buildProgram(cli: Cli): Command {
  const program = new Command('klaviyo')
    .description(
      "Klaviyo's API from the command line, built on klaviyo-ts: calls are paced to Klaviyo's rate limits, retried " +
        'only when that is safe, and the API key is never shown.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .option('--api-key <key>', 'private API key (default: the KLAVIYO_API_KEY environment variable)')
    .option('--base-url <url>', 'API host (default https://a.klaviyo.com; e.g. the URL klaviyo mock prints)')
    .option('--revision <date>', `API revision to send (default ${DEFAULT_REVISION})`)
    .option('--json', 'write JSON Lines, also on a terminal (the default when output is piped)')
    .option('-o, --output <file>', 'write records to FILE (JSON Lines) instead of standard output')
    .option('-q, --quiet', 'no progress bars or notes on standard error')
    .addHelpText(
      'after',
      `${examples(
        'klaviyo profiles list --filter email=sarah.mason@example.com',
        'klaviyo profiles import customers.csv --list Y6nRLr',
        'klaviyo profiles list --all --json | jq -r .attributes.email',
        "klaviyo events track --metric 'Placed Order' --email sarah.mason@example.com --value 99.99",
        'klaviyo campaigns report --last 30d',
      )}
Exit codes: 0 done, 1 Klaviyo or the network failed, 2 usage error (nothing was sent), 130 stopped by Ctrl-C.
`,
    );
  for (const command of [
    profilesCommand(cli),
    listsCommand(cli),
    eventsCommand(cli),
    campaignsCommand(cli),
    flowsCommand(cli),
    metricsCommand(cli),
    segmentsCommand(cli),
    apiCommand(cli),
    mockCommand(cli),
  ])
    program.addCommand(command);

  program
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage and examples)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cli.print(text),
      writeErr: (text) => cli.warn(text.replace(/\n$/, '')),
    });
  inheritSettings(program);
  program.hook('preAction', (_, action) => {
    cli.globals = action.optsWithGlobals<GlobalOptions>();
  });
  return program;
}

/** Commands built on their own and added with `addCommand` take the program's settings (output, errors, help). */
function inheritSettings(parent: Command): void {
  for (const command of parent.commands) {
    command.copyInheritedSettings(parent);
    inheritSettings(command);
  }
}

/** Runs the command line `argv` (`process.argv`) and resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const cli = new Cli(io);
  const program = buildProgram(cli);
  const onSigint = () => {
    if (cli.interrupted) process.exit(ExitCode.interrupted); // a second Ctrl-C: stop now
    cli.interrupt();
  };
  process.on('SIGINT', onSigint);
  try {
    await program.parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    return report(cli, error);
  } finally {
    process.off('SIGINT', onSigint);
    await cli.close().catch(() => {});
  }
}

/** Says what went wrong on stderr (no key in it, ever) and picks the exit code. */
function report(cli: Cli, error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed the message (with its "Did you mean …?").
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.ok : ExitCode.usage;
  }
  if (cli.interrupted) {
    const done = cli.interruptReport();
    cli.warn(`Interrupted${done.length > 0 ? `: ${done.join('; ')}` : ''}.`);
    return ExitCode.interrupted;
  }
  if (error instanceof UsageError) {
    cli.warn(`error: ${error.message}`);
    return ExitCode.usage;
  }
  // Input the SDK refused before sending anything is a usage error; a response it could not use is not.
  if (error instanceof ValidationError && !error.mayHaveApplied && error.body === undefined) {
    cli.warn(`error: ${error.message}`);
    return ExitCode.usage;
  }
  if (error instanceof KlaviyoApiError) {
    const requestId = error.requestId ? ` (request id ${error.requestId})` : '';
    cli.warn(`error: Klaviyo answered ${error.message}${requestId}${hintFor(error)}`);
    return ExitCode.failure;
  }
  if (error instanceof KlaviyoError || error instanceof CommandFailure) {
    cli.warn(`error: ${error.message}`);
    return ExitCode.failure;
  }
  cli.warn(`error: ${error instanceof Error ? error.message : String(error)}`);
  return ExitCode.failure;
}

/** What to do about a refused key: 401 means the key, 403 a scope it lacks. */
function hintFor(error: KlaviyoApiError): string {
  if (error.status === 401) return '\nCheck the key: --api-key, or the KLAVIYO_API_KEY environment variable.';
  if (error.status === 403) {
    const id = findOperationId(error.method, error.path);
    const scopes = id ? operations[id].scopes.join(', ') : undefined;
    return scopes ? `\nThe key needs the scopes: ${scopes}.` : '';
  }
  return '';
}
