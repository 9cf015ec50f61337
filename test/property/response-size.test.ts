/**
 * Property: a response body longer than `maxResponseBytes` fails with `ResponseTooLargeError`, and the SDK
 * stops reading it just past the cap (or before reading, when `Content-Length` says so); a body within the cap
 * parses exactly as before, however it is cut into chunks (multi-byte characters split included).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/core/transport.js';
import { Klaviyo, ResponseTooLargeError, ValidationError } from '../../src/index.js';
import { transportWith } from '../core/transport-harness.js';
import { clientWith, jsonApi, scriptedFetch, TEST_KEY } from '../helpers.js';

const JSON_API = 'application/vnd.api+json';
const encoder = new TextEncoder();

/** A body streamed in the given chunks, counting what the reader pulled and whether it cancelled. */
function streamedBody(chunks: Uint8Array[]) {
  const queue = [...chunks];
  const seen = { pulled: 0, cancelled: false };
  // highWaterMark 0: nothing is pulled ahead of the reader, so `pulled` is what the SDK asked for.
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = queue.shift();
        if (!next) return controller.close();
        seen.pulled += next.byteLength;
        controller.enqueue(next);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

/** `bytes` cut at `cuts` (positions anywhere, inside a multi-byte character too). */
function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) chunks.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  return chunks;
}

/** A JSON:API document whose `meta.pad` holds ASCII and 2-, 3- and 4-byte UTF-8 characters. */
const documentText = fc
  .array(fc.constantFrom('a', 'Z', 'é', '€', '😀', '\\u00e9', ' '), { maxLength: 1_200 })
  .map((units) => `{"data":[],"meta":{"pad":"${units.join('')}"}}`);

const scenario = fc.record({
  text: documentText,
  cap: fc.integer({ min: 1, max: 5_000 }),
  cuts: fc.array(fc.nat(), { maxLength: 40 }),
  declaresLength: fc.boolean(),
  perCall: fc.boolean(),
});

describe('maxResponseBytes', () => {
  it('refuses a body over the cap without reading much past it, and parses one within it as before', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ text, cap, cuts, declaresLength, perCall }) => {
        const bytes = encoder.encode(text);
        const chunks = cut(bytes, cuts);
        const { stream, seen } = streamedBody(chunks);
        const headers: Record<string, string> = { 'content-type': JSON_API };
        if (declaresLength) headers['content-length'] = String(bytes.length);
        const response = new Response(stream, { status: 200, headers });
        const { transport, requests } = transportWith(() => response, perCall ? {} : { maxResponseBytes: cap });
        const outcome = await transport
          .request({ method: 'GET', path: '/api/events' }, perCall ? { maxResponseBytes: cap } : {})
          .then(
            (data) => ({ data }),
            (error: unknown) => ({ error }),
          );

        if (bytes.length <= cap) {
          expect(outcome).toEqual({ data: JSON.parse(text) });
          return;
        }
        if (!('error' in outcome)) throw new Error(`a ${bytes.length}-byte body passed a cap of ${cap}`);
        expect(outcome.error).toBeInstanceOf(ResponseTooLargeError);
        expect(outcome.error).toMatchObject({ limitBytes: cap, operation: 'GET /api/events', status: 200 });
        expect(requests).toHaveLength(1); // not retried
        expect(seen.cancelled).toBe(true);
        if (declaresLength) expect(seen.pulled).toBe(0);
        else expect(seen.pulled).toBeLessThanOrEqual(cap + Math.max(...chunks.map((c) => c.byteLength)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('maxResponseBytes, by example', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('is 64 MiB by default: a Content-Length one byte over is refused before reading', async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(64 * 1024 * 1024);
    const { stream, seen } = streamedBody([encoder.encode('{"data":[]}')]);
    const headers = { 'content-type': JSON_API, 'content-length': String(DEFAULT_MAX_RESPONSE_BYTES + 1) };
    const { fetch } = scriptedFetch(() => new Response(stream, { headers }));
    const error = await clientWith(fetch)
      .request({ method: 'GET', path: '/api/events' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(seen.pulled).toBe(0);
  });

  it('closes the connection of an endless chunked answer once the cap is passed', async () => {
    let written = 0;
    const closed = new Promise<void>((resolve) => {
      server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': JSON_API }); // no Content-Length: chunked
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (!response.destroyed && written < 512 * 1024 * 1024) {
            written += chunk.length;
            if (!response.write(chunk)) return;
          }
        };
        response.on('drain', pump);
        response.on('close', () => resolve());
        response.write('{"data":"');
        pump();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server!.address() as AddressInfo;
    const klaviyo = new Klaviyo({ apiKey: TEST_KEY, baseUrl: `http://127.0.0.1:${port}`, rateLimit: false });
    const error = await klaviyo
      .request({ method: 'GET', path: '/api/events' }, { maxResponseBytes: 1024 * 1024 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(
      /answer \(200\) to GET \/api\/events is larger than maxResponseBytes \(1048576 bytes\)/,
    );
    await closed;
    // Socket buffers hold a few MiB at most: far from the 512 MiB the server would have sent.
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('after a write answered 2xx, says the write was applied', async () => {
    const { fetch } = scriptedFetch(
      jsonApi(201, { data: { type: 'list', id: 'Y6nRLr', attributes: { name: 'x'.repeat(500) } } }),
    );
    const body = { data: { type: 'list', attributes: { name: 'Newsletter' } } };
    const error = (await clientWith(fetch, { maxResponseBytes: 100 })
      .request({ method: 'POST', path: '/api/lists', body })
      .catch((e: unknown) => e)) as ResponseTooLargeError;
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.mayHaveApplied).toBe(true);
    expect(error.message).toMatch(/^POST \/api\/lists WAS applied \(Klaviyo answered 201\), so it must not be re-sent/);
  });

  it('applies to error answers too, which are not retried either', async () => {
    const { fetch, calls } = scriptedFetch(() => new Response('<html>'.padEnd(5_000, '.'), { status: 503 }));
    const error = await clientWith(fetch, { maxResponseBytes: 1_000, maxRetries: 3 })
      .request({ method: 'GET', path: '/api/events' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', status: 503, limitBytes: 1_000 });
    expect(calls()).toBe(1);
  });

  it('must be a whole number of bytes, 1 or more, on the client and per call', async () => {
    const { fetch } = scriptedFetch(jsonApi(200, { data: [] }));
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => clientWith(fetch, { maxResponseBytes: bad })).toThrow(ValidationError);
      await expect(clientWith(fetch).request({ method: 'GET', path: '/api/lists' }, { maxResponseBytes: bad })).rejects.toThrow(
        `Invalid request options: maxResponseBytes: must be a whole number of bytes, 1 or more, got ${bad}`,
      );
    }
  });
});
