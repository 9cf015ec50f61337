/**
 * How every example gets a client: the bundled local Klaviyo mock (klaviyo-ts/testing), started in this process
 * and loaded with a small demo account, so the examples run anywhere with no account and no network — unless the
 * command line says `--live` (`npm run demo -- --live`, `npx tsx examples/<name>.ts --live`): then your account,
 * with the private key in KLAVIYO_API_KEY. A key in the environment alone never sends the examples' writes
 * (profiles, lists, orders, flow changes) to a real account.
 */
import { Klaviyo, type Logger } from 'klaviyo-ts';
import { startMockServer } from 'klaviyo-ts/testing';

/** The flag that points the examples at your Klaviyo account. */
export const LIVE_FLAG = '--live';

/** A client, where it points, and how to clean up. */
export interface Connection {
  klaviyo: Klaviyo;
  /** `live` against Klaviyo, `mock` against the local mock. */
  mode: 'live' | 'mock';
  /** One line saying which, as the examples print it first. */
  notice: string;
  close(): Promise<void>;
}

/** Where the examples send their requests, decided from the command line and the environment alone. */
export type Target = { mode: 'live'; apiKey: string } | { mode: 'mock' };

/** The local mock unless `argv` has `--live`; `--live` without KLAVIYO_API_KEY is refused before anything starts. */
export function chooseTarget(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Target {
  if (!argv.includes(LIVE_FLAG)) return { mode: 'mock' };
  const apiKey = env['KLAVIYO_API_KEY'];
  if (!apiKey) throw new Error(`${LIVE_FLAG} uses your Klaviyo account: set KLAVIYO_API_KEY to its private API key (pk_…)`);
  return { mode: 'live', apiKey };
}

/** The command-line arguments of an example, without `--live`. */
export function exampleArgs(argv: readonly string[] = process.argv.slice(2)): string[] {
  return argv.filter((arg) => arg !== LIVE_FLAG);
}

/** Connects to a fresh local mock, or to Klaviyo with `--live`; prints which on stdout. */
export async function connect(
  options: { logger?: Logger; argv?: readonly string[]; env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<Connection> {
  const target = chooseTarget(options.argv ?? process.argv.slice(2), options.env ?? process.env);
  let connection: Connection;
  if (target.mode === 'live') {
    const klaviyo = new Klaviyo({ apiKey: target.apiKey, logger: options.logger });
    connection = { klaviyo, mode: 'live', notice: 'Using your Klaviyo account (--live).', close: async () => {} };
  } else {
    const mock = await startMockServer({ seed: 'demo' });
    const klaviyo = new Klaviyo({ apiKey: 'pk_local_mock_0000000000000000', baseUrl: mock.url, logger: options.logger });
    connection = {
      klaviyo,
      mode: 'mock',
      notice: `Using the local Klaviyo mock (pass ${LIVE_FLAG} to use your account).`,
      close: () => mock.close(),
    };
  }
  console.log(connection.notice);
  return connection;
}

/** Runs `main` when the file is executed directly (not when imported by the demo or the tests). */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  if (process.argv[1] && new URL(moduleUrl).pathname === process.argv[1]) {
    main().catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
  }
}
