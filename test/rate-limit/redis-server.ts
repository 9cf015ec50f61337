/**
 * Starts a throwaway redis-server on a free loopback port, with no persistence, for one test file.
 * Without the binary the Redis tests are skipped with a one-line notice, except in CI, where they must run
 * (.ci/run installs redis-server and runs `npm test` with CI=true).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** True when a `redis-server` binary is on the PATH. */
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** The notice a run without redis-server prints, once, instead of the Redis tests. */
export const REDIS_SKIPPED = 'Redis tests skipped: install redis-server (apt-get install redis-server) to run them';

/** Why the Redis tests cannot run, for the failing test CI shows. */
export const MISSING_REDIS =
  'redis-server is not installed; install it (Debian: apt-get install -y redis-server) so the cross-process rate-limit tests can run';

/**
 * What to do with the Redis tests: run them when redis-server is there; otherwise skip them on a developer's
 * machine, and fail in CI (`CI` set to anything but `false` or `0`, as CI services set it).
 */
export function redisTestsPlan(found: boolean, ci: string | undefined): 'run' | 'skip' | 'fail' {
  if (found) return 'run';
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0' ? 'fail' : 'skip';
}

/** A running redis-server. */
export interface RedisServer {
  port: number;
  stop(): Promise<void>;
}

/** Starts redis-server on a free loopback port. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 5 s')), 5_000);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${out}`));
    });
  });
  child.stdout!.resume();
  return { port, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/** A port nothing listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
