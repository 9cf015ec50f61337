/**
 * The promise every SDK call returns: await it for the data, or call `.withResponse()` for the data plus
 * what the HTTP exchange said (status, headers, request id, rate-limit budget).
 */

/** The steady-window budget Klaviyo reports on every non-429 response (`RateLimit-*` headers). */
export interface RateLimitInfo {
  /** Requests allowed in the steady window. */
  limit: number | undefined;
  /** Requests left in the steady window. */
  remaining: number | undefined;
  /** Seconds until the steady window resets. */
  resetSeconds: number | undefined;
}

/** A call's data together with the HTTP response it came from. */
export interface WithResponse<T> {
  data: T;
  /** The fetch `Response` (its body has already been read). */
  response: Response;
  /** Klaviyo's request id, for support tickets. */
  requestId: string | undefined;
  rateLimit: RateLimitInfo;
}

/** A `Promise<T>` with `.withResponse()`. The request starts when the method is called, like `fetch`. */
export class APIPromise<T> extends Promise<T> {
  // Promise subclasses must tell `then` to build plain promises, or chaining would call our constructor.
  static override get [Symbol.species]() {
    return Promise;
  }

  readonly #withResponse: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(withResponse: Promise<WithResponse<T>>) {
    super((resolve) => resolve(undefined as T));
    this.#withResponse = withResponse;
  }

  /** The data together with the HTTP response, request id and rate-limit headers. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#withResponse;
  }

  #parsed(): Promise<T> {
    this.#data ??= this.#withResponse.then((r) => r.data);
    return this.#data;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null, // `any`, as Promise has it, so callers may annotate it
  ): Promise<R1 | R2> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parsed().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }
}

/** Reads Klaviyo's `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` headers. */
export function rateLimitInfoOf(headers: Headers): RateLimitInfo {
  const num = (name: string) => {
    const value = headers.get(name);
    if (value === null || value.trim() === '') return undefined;
    const n = Number.parseFloat(value);
    return Number.isFinite(n) ? n : undefined;
  };
  return { limit: num('ratelimit-limit'), remaining: num('ratelimit-remaining'), resetSeconds: num('ratelimit-reset') };
}
