/**
 * `npm test` on a machine without redis-server: the cross-process Redis tests are skipped with one line saying
 * what to install; in CI they fail instead, so CI never passes without them. Runs redis.test.ts in a vitest of
 * its own, with a PATH that has node and no redis-server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MISSING_REDIS, REDIS_SKIPPED, redisTestsPlan } from './redis-server.js';

describe('the Redis tests without redis-server', () => {
  it('run where redis-server is installed; otherwise are skipped locally and fail in CI', () => {
    expect(redisTestsPlan(true, undefined)).toBe('run');
    expect(redisTestsPlan(true, 'true')).toBe('run');
    expect(redisTestsPlan(false, undefined)).toBe('skip');
    expect(redisTestsPlan(false, '')).toBe('skip');
    expect(redisTestsPlan(false, 'false')).toBe('skip');
    expect(redisTestsPlan(false, '0')).toBe('skip');
    expect(redisTestsPlan(false, 'true')).toBe('fail');
    expect(redisTestsPlan(false, '1')).toBe('fail');
  });

  const pathWithoutRedis = mkdtempSync(join(tmpdir(), 'no-redis-'));
  symlinkSync(process.execPath, join(pathWithoutRedis, 'node'));
  const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const runRedisTests = (ci: string | undefined) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithoutRedis };
    delete env['CI'];
    delete env['FORCE_COLOR'];
    env['NO_COLOR'] = '1';
    if (ci !== undefined) env['CI'] = ci;
    return new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [vitest, 'run', 'test/rate-limit/redis.test.ts'],
        { env, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
    });
  };

  it('on a developer machine, skips them with one line saying what to install', { timeout: 60_000 }, async () => {
    const { code, output } = await runRedisTests(undefined);
    expect(output.split('\n').filter((line) => line.includes(REDIS_SKIPPED))).toHaveLength(1);
    expect(output).toMatch(/Tests\s+2 skipped \(2\)/);
    expect(code).toBe(0);
  });

  it('in CI, fails saying redis-server is missing', { timeout: 60_000 }, async () => {
    const { code, output } = await runRedisTests('true');
    expect(code).not.toBe(0);
    expect(output).toContain(MISSING_REDIS);
    expect(output).not.toContain(REDIS_SKIPPED);
  });
});
