/**
 * A loopback stand-in for Klaviyo's rate limiting: two fixed windows (burst and steady) whose edges sit at a
 * random offset, as a client cannot know where Klaviyo's are. It answers the way Klaviyo documents:
 * - a non-429 carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the
 *   steady window resets), describing the steady window;
 * - a 429 carries `Retry-After` (seconds) and no RateLimit headers; a refused request is not counted.
 * Klaviyo sends whole seconds; with windows compressed to 100 ms / 1 s, this server sends seconds with
 * millisecond decimals, or the numbers would say nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server limits. */
export interface FixedWindowServerOptions {
  burst: number;
  steady: number;
  burstWindowMs: number;
  steadyWindowMs: number;
}

/** A running server and what it saw. */
export interface FixedWindowServer {
  url: string;
  /** Arrival times (epoch ms) of the requests it accepted. */
  readonly acceptedAt: number[];
  /** Arrival times of the requests it refused with 429. */
  readonly rejectedAt: number[];
  /** Where the windows start (epoch ms modulo the window length), for traces of stamps against window edges. */
  readonly offsets: { burst: number; steady: number };
  /**
   * Counts `n` requests from another app on the same account in the current windows (burst and steady),
   * which the SDK did not send and cannot know about.
   */
  addPhantoms(n: number): void;
  /** Called with the running count after every accepted request. */
  onAccepted?: (count: number) => void;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port. */
export async function startFixedWindowServer(options: FixedWindowServerOptions): Promise<FixedWindowServer> {
  const burst = new FixedWindow(options.burst, options.burstWindowMs);
  const steady = new FixedWindow(options.steady, options.steadyWindowMs);
  const acceptedAt: number[] = [];
  const rejectedAt: number[] = [];

  const server: Server = createServer((req, res) => {
    const now = Date.now();
    req.resume();
    const burstFull = burst.isFull(now);
    const steadyFull = steady.isFull(now);
    if (burstFull || steadyFull) {
      rejectedAt.push(now);
      const waitMs = Math.max(burstFull ? burst.msUntilReset(now) : 0, steadyFull ? steady.msUntilReset(now) : 0);
      res.writeHead(429, { 'content-type': 'application/vnd.api+json', 'retry-after': seconds(waitMs) });
      res.end(JSON.stringify({ errors: [{ status: 429, code: 'throttled', title: 'Request was throttled.' }] }));
      return;
    }
    burst.count(now);
    steady.count(now);
    acceptedAt.push(now);
    res.writeHead(200, {
      'content-type': 'application/vnd.api+json',
      'ratelimit-limit': String(options.steady),
      'ratelimit-remaining': String(options.steady - steady.used(now)),
      'ratelimit-reset': seconds(steady.msUntilReset(now)),
    });
    res.end(JSON.stringify({ data: [] }));
    handle.onAccepted?.(acceptedAt.length);
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const handle: FixedWindowServer = {
    url: `http://127.0.0.1:${port}/api/profiles`,
    acceptedAt,
    rejectedAt,
    offsets: { burst: burst.offset, steady: steady.offset },
    addPhantoms(n) {
      const now = Date.now();
      for (let i = 0; i < n; i++) {
        burst.count(now);
        steady.count(now);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}

/** One fixed window: `limit` requests per `windowMs`, windows starting at a random offset. */
export class FixedWindow {
  readonly offset: number;
  private index = -Infinity;
  private n = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    offset = Math.floor(Math.random() * windowMs),
  ) {
    this.offset = offset;
  }

  used(now: number): number {
    this.roll(now);
    return this.n;
  }

  isFull(now: number): boolean {
    return this.used(now) >= this.limit;
  }

  count(now: number): void {
    this.roll(now);
    this.n++;
  }

  msUntilReset(now: number): number {
    return (Math.floor((now - this.offset) / this.windowMs) + 1) * this.windowMs + this.offset - now;
  }

  private roll(now: number): void {
    const index = Math.floor((now - this.offset) / this.windowMs);
    if (index !== this.index) {
      this.index = index;
      this.n = 0;
    }
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
