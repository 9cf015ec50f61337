/**
 * Sharing one quota across processes through Redis, and carrying on locally when Redis goes away.
 * Starts its own redis-server. Without the binary they are skipped with a one-line notice, but fail in CI.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimitStats } from '../../src/core/rate-limit/index.js';
import type { DriveResult } from './drive.js';
import { fire } from './drive.js';
import { startFixedWindowServer, type FixedWindowServer } from './fixed-window-server.js';
import { BURST, BURST_MS, compressed, shareOfSteady, STEADY, STEADY_MS, sustainedShare } from './measure.js';
import {
  MISSING_REDIS,
  REDIS_SKIPPED,
  hasRedisServer,
  redisTestsPlan,
  startRedisServer,
  type RedisServer,
} from './redis-server.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// The limiter is driven here by operation id, as in `Klaviyo`, which registers the whole operation table.
registerOperations(everyOperation);

const WORKER = fileURLToPath(new URL('./fixtures/redis-worker.ts', import.meta.url));

const plan = redisTestsPlan(hasRedisServer, process.env['CI']);
if (plan === 'skip') console.warn(REDIS_SKIPPED);
if (plan === 'fail') {
  it('has redis-server installed (CI runs the Redis tests)', () => {
    throw new Error(MISSING_REDIS);
  });
}

describe.skipIf(plan !== 'run').sequential('with Redis', () => {
  let redis: RedisServer;
  let server: FixedWindowServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('4 processes sharing one key get no 429 and at least 90% of the steady limit', { timeout: 30_000 }, async () => {
    server = await startFixedWindowServer({ burst: BURST, steady: STEADY, burstWindowMs: BURST_MS, steadyWindowMs: STEADY_MS });
    const workers: ChildProcess[] = [];
    try {
      const apiKey = `pk_${randomUUID()}`;
      const settings = JSON.stringify({ url: server.url, redisPort: redis.port, apiKey, calls: 250, options: compressed });
      for (let i = 0; i < 4; i++) {
        const env = { ...process.env, RATE_LIMIT_WORKER: settings };
        workers.push(fork(WORKER, [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
      }
      await Promise.all(workers.map((w) => nextMessage(w, 'ready', 20_000)));

      const windows = 6;
      const start = Date.now() + 100; // every worker has the message by then, and waits for it
      const stop = start + windows * STEADY_MS;
      const done = workers.map((w) => nextMessage(w, 'done', 20_000));
      for (const w of workers) w.send({ type: 'go', startAt: start, stopAt: stop });
      const reports = (await Promise.all(done)) as { result: DriveResult; warnings: string[]; stats: RateLimitStats[] }[];

      const share = shareOfSteady(server.acceptedAt, start, stop, STEADY, STEADY_MS);
      const sustained = sustainedShare(server.acceptedAt, STEADY, STEADY_MS);
      const perWorker = reports.map((r) => r.result.ok).join(' + ');
      console.info(
        `4 processes: ${server.acceptedAt.length} accepted (${perWorker}), ${server.rejectedAt.length} refused (429) in ${windows} steady windows; ` +
          `${(share * 100).toFixed(1)}% of the steady limit (sustained rate ${(sustained * 100).toFixed(1)}%)`,
      );
      if (process.env['RL_DEBUG']) {
        const bins = new Array(Math.ceil((stop - start) / 100)).fill(0);
        for (const t of server.acceptedAt) if (t >= start && t < stop) bins[Math.floor((t - start) / 100)]++;
        console.info(bins.join(' '));
      }
      expect(server.rejectedAt).toEqual([]);
      expect(reports.flatMap((r) => r.result.failures)).toEqual([]);
      expect(reports.flatMap((r) => r.warnings)).toEqual([]);
      expect(share).toBeGreaterThanOrEqual(0.9);
      expect(reports.map((r) => r.stats[0]?.shared)).toEqual(['redis', 'redis', 'redis', 'redis']);

      // Redis holds the account as a hash of the key, never the key itself.
      const inspect = new Redis({ host: '127.0.0.1', port: redis.port });
      const keys = await inspect.keys('test:*');
      inspect.disconnect();
      const account = createHash('sha256').update(apiKey).digest('hex').slice(0, 32);
      expect(keys).toContain(`test:{${account}:get_profiles}:log`);
      expect(keys.join(' ')).not.toContain(apiKey);
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill();
      await server.close();
    }
  });

  it('carries on locally, with one warning, when Redis goes away mid-run', { timeout: 20_000 }, async () => {
    const own = await startRedisServer();
    server = await startFixedWindowServer({ burst: BURST, steady: STEADY, burstWindowMs: BURST_MS, steadyWindowMs: STEADY_MS });
    const client = new Redis({ host: '127.0.0.1', port: own.port, lazyConnect: true });
    client.on('error', () => {}); // ioredis reports every failed reconnect; the limiter's warning is the one we check
    await client.connect();
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    const limiter = createRateLimiter({
      apiKey: `pk_${randomUUID()}`,
      options: { ...compressed, redis: { client, prefix: 'fallback:' } },
      logger,
    });
    try {
      const s = server;
      s.onAccepted = (count) => {
        if (count === 20) void own.stop();
      };
      const result = await fire(limiter, 'get_profiles', s.url, 100, 10_000);
      console.info(
        `Redis killed after 20 requests: ${result.ok}/100 succeeded, ${s.rejectedAt.length} refused (429); warnings: ${warnings.length}`,
      );
      expect(result.ok).toBe(100);
      expect(result.failures).toEqual([]);
      expect(s.rejectedAt).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/Redis is unreachable/);
      expect(limiter.stats()[0]?.shared).toBe('local');
    } finally {
      client.disconnect();
      await own.stop();
      await server.close();
    }
  });
});

/** The next IPC message of `type` from `child`, or an error after `timeoutMs` or if the child exits. */
function nextMessage(child: ChildProcess, type: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker sent no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`worker exited with ${code} before sending ${type}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
