/**
 * What every command is given: the global options, the client (made on first use, so `--help` and usage
 * errors need no key), where records go, progress bars, notes on stderr, and Ctrl-C.
 *
 * Exit codes: 0 done; 1 Klaviyo or the network failed (with Klaviyo's detail); 2 the command line or its
 * input is wrong (nothing was sent); 130 stopped by Ctrl-C.
 */
import { createWriteStream, openSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Writable } from 'node:stream';
import { Klaviyo, KlaviyoError, type Logger } from '../index.js';
import { redactSecrets } from '../core/redact.js';
import { type Column, RecordWriter, type Sink } from './output.js';
import { createProgress, type Progress } from './progress.js';

/** The process exit codes the command documents. */
export const ExitCode = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** The command line or its input is wrong; nothing was sent. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command could not do what it was asked for a reason that is not a usage error. Exit code 1. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

/** The options every command takes. */
export interface GlobalOptions {
  apiKey?: string;
  baseUrl?: string;
  revision?: string;
  json?: boolean;
  output?: string;
  quiet?: boolean;
}

/** The process's streams and environment, so tests can give their own. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** One run of the `klaviyo` command. */
export class Cli {
  readonly #io: CliIO;
  readonly #abort = new AbortController();
  readonly #interruptReports: (() => string | undefined)[] = [];
  #globals: GlobalOptions = {};
  #client: Klaviyo | undefined;
  #sink: Sink | undefined;

  constructor(io: CliIO) {
    this.#io = io;
  }

  /** Set once commander has read the command line. */
  set globals(globals: GlobalOptions) {
    this.#globals = globals;
  }

  get globals(): GlobalOptions {
    return this.#globals;
  }

  /** The API key from `--api-key` or `KLAVIYO_API_KEY`, for masking only: it is never printed. */
  get #apiKey(): string | undefined {
    return this.#globals.apiKey ?? this.#io.env['KLAVIYO_API_KEY'];
  }

  /** The SDK client, made on first use from the global options. */
  get klaviyo(): Klaviyo {
    if (this.#client) return this.#client;
    const apiKey = this.#apiKey;
    if (!apiKey) throw new UsageError('No Klaviyo API key: pass --api-key or set the KLAVIYO_API_KEY environment variable');
    const { baseUrl, revision } = this.#globals;
    try {
      this.#client = new Klaviyo({
        apiKey,
        ...(baseUrl === undefined ? {} : { baseUrl }),
        ...(revision === undefined ? {} : { revision }),
        logger: this.#logger(),
      });
    } catch (error) {
      // Bad key shape or base URL: the command line is wrong. The SDK's messages never quote the key.
      if (error instanceof KlaviyoError) throw new UsageError(error.message);
      throw error;
    }
    return this.#client;
  }

  /** Aborted by Ctrl-C: pass it to every SDK call so paging and imports stop at once. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** The options every SDK call of a command gets. */
  get requestOptions(): { signal: AbortSignal } {
    return { signal: this.#abort.signal };
  }

  /** Whether Ctrl-C was pressed. */
  get interrupted(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Stops the command (Ctrl-C). */
  interrupt(): void {
    this.#abort.abort(new Error('interrupted'));
  }

  /** Registers what to say about work already done if the command is stopped. */
  onInterrupt(report: () => string | undefined): void {
    this.#interruptReports.push(report);
  }

  /** What the command had done when it was stopped. */
  interruptReport(): string[] {
    return this.#interruptReports.map((report) => report()).filter((line): line is string => Boolean(line));
  }

  /** Records go out as a table when a person reads them; as JSON Lines to a pipe, a file, or with `--json`. */
  get tableOutput(): boolean {
    return !this.#globals.json && this.#globals.output === undefined && this.#io.stdout.isTTY === true;
  }

  /** A writer of records (resources, report rows) to stdout or `--output FILE`. */
  records<R>(columns: readonly Column<R>[] | undefined, unit = 'records'): RecordWriter<R> {
    const writer = new RecordWriter<R>(this.#openSink(), this.tableOutput ? 'table' : 'jsonl', columns);
    const where = this.#globals.output === undefined ? 'standard output' : this.#globals.output;
    this.onInterrupt(() => (writer.count > 0 ? `wrote ${writer.count} ${unit} to ${where}` : undefined));
    return writer;
  }

  /** A progress bar on stderr, or nothing when stderr is not a terminal or with `--quiet`. */
  progress(unit: string, total?: number): Progress {
    const enabled = this.#io.stderr.isTTY === true && !this.#globals.quiet;
    return createProgress(this.#io.stderr, { enabled, unit, ...(total === undefined ? {} : { total }) });
  }

  /** A message for the person at the terminal (stderr), unless `--quiet`. */
  note(message: string): void {
    if (!this.#globals.quiet) this.#io.stderr.write(`${this.redact(message)}\n`);
  }

  /** A message on stderr that `--quiet` does not silence. */
  warn(message: string): void {
    this.#io.stderr.write(`${this.redact(message)}\n`);
  }

  /** Text for stdout as it is (help, URLs). */
  print(text: string): void {
    this.#io.stdout.write(this.redact(text));
  }

  /** Asks a yes/no question on the terminal; false when there is no terminal to ask on. */
  async confirm(question: string): Promise<boolean> {
    if (this.#io.stdin.isTTY !== true || this.#io.stderr.isTTY !== true) return false;
    const rl = createInterface({ input: this.#io.stdin, output: this.#io.stderr });
    // On a terminal, readline takes Ctrl-C as a key: make it stop the command as it does everywhere else.
    rl.on('SIGINT', () => this.interrupt());
    try {
      const answer = await rl.question(`${question} [y/N] `, { signal: this.signal });
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  }

  /** Whether a person is at the terminal to answer a question. */
  get canAsk(): boolean {
    return this.#io.stdin.isTTY === true && this.#io.stderr.isTTY === true;
  }

  /** Standard input, for `-` arguments. */
  get stdin(): NodeJS.ReadableStream {
    return this.#io.stdin;
  }

  /** Masks every private key in `text`, the key this run was given included (whatever its shape). */
  redact(text: string): string {
    const key = this.#apiKey;
    const masked = key && key.length >= 8 ? text.split(key).join('[redacted]') : text;
    return redactSecrets(masked);
  }

  /** Flushes and closes `--output FILE`. */
  async close(): Promise<void> {
    await this.#sink?.close();
  }

  #openSink(): Sink {
    if (this.#sink) return this.#sink;
    const path = this.#globals.output;
    if (path === undefined) {
      const stdout = this.#io.stdout;
      this.#sink = { stream: stdout, close: async () => {} };
      return this.#sink;
    }
    let fd: number;
    try {
      fd = openSync(path, 'w'); // opened now, so a bad path is a usage error before anything is fetched
    } catch (error) {
      throw new UsageError(`Cannot write ${path}: ${(error as Error).message}`);
    }
    const stream = createWriteStream(path, { fd });
    this.#sink = {
      stream,
      close: () =>
        new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve()))),
    };
    return this.#sink;
  }

  /** The SDK's warnings (a revision being retired, an answer that differs from the spec) go to stderr. */
  #logger(): Logger {
    const warn = (message: string) => this.note(`warning: ${message}`);
    return { debug() {}, info() {}, warn, error: warn };
  }
}
