/**
 * How every example gets a client: the real API when KLAVIYO_API_KEY is set, otherwise the bundled local
 * Klaviyo mock (klaviyo-ts/testing), started in this process and loaded with a small demo account — so
 * the examples run anywhere, with no account and no network.
 */
import { Klaviyo, type Logger } from 'klaviyo-ts';
import { startMockServer } from 'klaviyo-ts/testing';

/** A client, where it points, and how to clean up. */
export interface Connection {
  klaviyo: Klaviyo;
  /** `live` against Klaviyo, `mock` against the local mock. */
  mode: 'live' | 'mock';
  close(): Promise<void>;
}

/** Connects to Klaviyo, or to a fresh local mock when no key is set. */
export async function connect(options: { logger?: Logger } = {}): Promise<Connection> {
  if (process.env['KLAVIYO_API_KEY']) {
    return { klaviyo: new Klaviyo({ logger: options.logger }), mode: 'live', close: async () => {} };
  }
  const mock = await startMockServer({ seed: 'demo' });
  const klaviyo = new Klaviyo({ apiKey: 'pk_local_mock_0000000000000000', baseUrl: mock.url, logger: options.logger });
  return { klaviyo, mode: 'mock', close: () => mock.close() };
}

/** Runs `main` when the file is executed directly (not when imported by the demo or the tests). */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  if (process.argv[1] && new URL(moduleUrl).pathname === process.argv[1]) {
    main().catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
