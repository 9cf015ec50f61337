/**
 * The wire-level shapes the mock core works with. Adapters (msw, node:http) translate to and from these,
 * so the core never sees a framework type and can be called directly in unit tests.
 */

/** One HTTP request as the core sees it. `url` is absolute; header names may be any case. */
export interface MockRequest {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  /** Raw request body text, `undefined` or `''` when there is none. */
  body?: string | undefined;
  /**
   * A `multipart/form-data` body, as `Request.formData()` reads it: the adapters fill it for file uploads
   * (`POST /api/image-upload`); a direct `handle` call passes its own `FormData`.
   */
  form?: FormData | undefined;
}

/**
 * What a transport-level fault asks the adapter to do beyond writing the response. The core decides
 * *which* fault applies (it knows the operation); only the adapter can delay, hang or cut the connection.
 */
export interface TransportFault {
  /** Wait this long before answering. */
  latencyMs?: number;
  /** Never answer (until the server closes or the client aborts). */
  hang?: boolean;
  /** Write part of the body, then destroy the socket (msw: a network error). */
  dropConnection?: boolean;
}

/** One HTTP response from the core. `body` is the exact text to send (`undefined` for 204). */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
  /** Set when a fault asks the adapter to misbehave at the transport level. */
  fault?: TransportFault;
}
