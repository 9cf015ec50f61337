/**
 * The node:http adapter: a real server on loopback with the same behaviour as the msw handlers, for
 * clients that cannot be intercepted in-process (other languages, CLIs, end-to-end tests).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isMultipart, readForm } from './form.js';
import { createMockCore, type KlaviyoMockOptions } from './mock.js';
import { preloadOperations } from './preload.js';
import type { MockState } from './state.js';
import type { MockResponse } from './types.js';

/** Options of `startMockServer`. */
export interface StartMockServerOptions extends KlaviyoMockOptions {
  /** Port to listen on. Default 0 (any free port). */
  port?: number | undefined;
  /** Interface to bind. Default `127.0.0.1`: the mock never listens beyond loopback unless asked. */
  host?: string | undefined;
}

/** A running mock server. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:54321`; pass it as the client's base URL. */
  url: string;
  /** The mock's data, fault controls, write counter and request log. */
  state: MockState;
  /** Stops listening and destroys open connections (including hung ones). */
  close(): Promise<void>;
}

/** Starts the mock as an HTTP server. */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  // A test that fakes the clock sees an operation's first call behave as later ones (see preloadOperations).
  await preloadOperations();
  const core = createMockCore(rest);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void readBody(req).then(async (bytes) => {
      const origin = `http://${req.headers.host ?? `${host}:${port}`}`;
      const url = new URL(req.url ?? '/', origin).href;
      const headers = flatten(req.headers);
      // A file upload's form is read as fetch reads one, from the raw bytes.
      const multipart = isMultipart(headers['content-type']) && bytes.length > 0;
      const response = core.handle({
        method: req.method ?? 'GET',
        url,
        headers,
        body: multipart ? undefined : bytes.toString('utf8'),
        form: multipart
          ? await readForm(
              new Request(url, {
                method: req.method ?? 'POST',
                headers: { 'content-type': headers['content-type']! },
                body: bytes,
              }),
            )
          : undefined,
      });
      const latency = response.fault?.latencyMs ?? 0;
      if (latency > 0) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(res, response);
        }, latency);
        timers.add(timer);
      } else send(res, response);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  return {
    url,
    state: core.state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, response: MockResponse): void {
  if (response.fault?.hang) return; // keep the socket open and silent until close()
  const body = response.body ?? '';
  if (response.fault?.dropConnection) {
    // Promise the whole body, deliver part of it, then cut the connection mid-body.
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(Buffer.byteLength(body) + 64) });
    res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy());
    return;
  }
  res.writeHead(
    response.status,
    response.body === undefined ? response.headers : { ...response.headers, 'Content-Length': String(Buffer.byteLength(body)) },
  );
  res.end(response.body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.alloc(0)));
  });
}

function flatten(headers: IncomingMessage['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers)) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
