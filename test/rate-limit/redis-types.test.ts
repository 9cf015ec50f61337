/** An ioredis client fits the limiter's structural Redis type without a cast. */
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import type { RateLimitOptions } from '../../src/core/rate-limit/index.js';

it('accepts an ioredis client as rateLimit.redis.client', () => {
  const client = new Redis({ lazyConnect: true });
  const options: RateLimitOptions = { redis: { client } };
  expect(options.redis?.client).toBe(client);
  client.disconnect();
});
