/** Shared helpers for the mock's tests: standard headers and a call helper over `mock.handle`. */
import type { MockRequest, MockResponse } from '../../src/testing/index.js';

/** The fixed clock used by the tests: demo data and report timeframes are relative to it. */
export const NOW = '2024-10-15T12:00:00Z';

/** Headers every valid request carries. */
export const HEADERS = {
  authorization: 'Klaviyo-API-Key pk_test_0123456789',
  revision: '2026-07-15',
  'content-type': 'application/vnd.api+json',
  accept: 'application/vnd.api+json',
};

/** Calls a mock's pure `handle` and parses the JSON answer. */
export function call(
  handle: (request: MockRequest) => MockResponse,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string | undefined> = HEADERS,
): { status: number; headers: Record<string, string>; json: any; raw: MockResponse } {
  const raw = handle({
    method,
    url: `https://a.klaviyo.com${path}`,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: raw.status, headers: raw.headers, json: raw.body ? JSON.parse(raw.body) : undefined, raw };
}
