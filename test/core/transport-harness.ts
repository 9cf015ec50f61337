/**
 * A Transport wired to a fake fetch and a recording logger, with no rate limiting: the core tests drive the
 * transport directly, so they do not depend on the client facade or the generated schemas.
 */
import { apiKeyAuthorization } from '../../src/core/authorization.js';
import type { Logger } from '../../src/core/logger.js';
import { DEFAULT_REVISION } from '../../src/core/revisions.js';
import { unlimited } from '../../src/core/rate-limit/index.js';
import { Transport, type TransportConfig } from '../../src/core/transport.js';

/** A syntactically valid private key. */
export const HARNESS_KEY = 'pk_0123456789abcdef0123456789abcdef01';

/** A JSON:API answer, as Klaviyo sends it. */
export function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/vnd.api+json' } });
}

/** A logger that keeps what it is told, by level. */
export interface RecordingLogger extends Logger {
  warnings: string[];
  lines: string[];
}

/** A logger that keeps every line, and the warnings apart. */
export function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  const lines: string[] = [];
  const record = (level: string) => (message: string, details?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${JSON.stringify(details ?? {})}`);
    if (level === 'warn') warnings.push(message);
  };
  return { warnings, lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

/** A transport whose every request is answered by `respond` (a fresh copy each time), recording requests. */
export function transportWith(respond: () => Response, config: Partial<Omit<TransportConfig, 'logger' | 'fetch'>> = {}) {
  const requests: Request[] = [];
  const logger = recordingLogger();
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push(new Request(input, init));
    return respond();
  };
  const transport = new Transport({
    authorization: apiKeyAuthorization(HARNESS_KEY),
    baseUrl: 'https://a.klaviyo.com',
    revision: DEFAULT_REVISION,
    timeoutMs: 5_000,
    maxRetries: 2,
    userAgent: 'klaviyo-ts/test',
    fetch,
    logger,
    limiter: unlimited,
    responseValidation: 'warn',
    ...config,
  });
  return { transport, requests, logger };
}
