/**
 * Runs the built `klaviyo` bin (dist/cli.js) as a user would: a separate process, its output piped, or on
 * a pseudo-terminal (util-linux `script`) to see what a person at a terminal sees. Every run checks that
 * the API key appears nowhere in what the command printed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The key every run is given: distinctive, so any echo of it is found. */
export const API_KEY = 'pk_cli_test_Zq9sXw31Lm';

/** What a run printed, and how it ended. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Builds the package's JavaScript as `npm run build` does (the same tsup config, so the same dist/cli.js),
 * without the type declarations: the bin does not use them, and they are most of the build's time.
 * `--no-clean` leaves the declarations of an earlier full build in place.
 */
export function buildPackage(): void {
  execFileSync('npx', ['--no-install', 'tsup', '--no-dts', '--no-clean'], { cwd: ROOT, stdio: 'pipe' });
}

/** The environment of a run: no inherited Klaviyo settings, the test key unless `env` says otherwise. */
function environment(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], KLAVIYO_API_KEY: API_KEY };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

/** Options of a run. */
export interface RunOptions {
  /** Standard input. */
  input?: string;
  env?: Record<string, string | undefined>;
  /** Called with the child once it started (to send it Ctrl-C). */
  started?: (child: ReturnType<typeof spawn>) => void;
}

/** Runs `klaviyo ...args` with its output piped (not a terminal). */
export function klaviyo(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: environment(options.env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (code) => {
      expect(`${stdout}\n${stderr}`, 'the API key must never be printed').not.toContain(API_KEY);
      resolve({ code, stdout, stderr });
    });
    options.started?.(child);
  });
}

/**
 * Runs `klaviyo ...args` on a pseudo-terminal, as a person at a terminal would: standard output and
 * standard error are both the terminal, so what they print is interleaved in `stdout`. `answer` types
 * `send` once `after` appears on the screen.
 */
export function klaviyoOnTerminal(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; answer?: { after: string; send: string } } = {},
): Promise<RunResult> {
  const command = [process.execPath, CLI, ...args].map(shellQuote).join(' ');
  const { answer } = options;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...environment(options.env), TERM: 'xterm', COLUMNS: '160', LINES: '50' },
      stdio: [answer ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let answered = false;
    const read = (chunk: string) => {
      stdout += chunk;
      if (answer && !answered && stdout.includes(answer.after)) {
        answered = true;
        child.stdin!.write(answer.send);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', read);
    child.stderr!.setEncoding('utf8').on('data', read);
    child.on('error', reject);
    child.on('close', (code) => {
      child.stdin?.destroy();
      expect(stdout, 'the API key must never be printed').not.toContain(API_KEY);
      resolve({ code, stdout: stdout.replace(/\r\n/g, '\n'), stderr: '' });
    });
  });
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Parses JSON Lines output. */
export function jsonLines<T = Record<string, any>>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
