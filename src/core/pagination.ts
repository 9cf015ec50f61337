/**
 * Cursor pagination (https://developers.klaviyo.com/en/docs/api_overview#pagination).
 * `await` a list call for its first page; `for await` over it for every item across pages.
 * The next page is the same request with `page[cursor]` taken from `links.next`, so it keeps the
 * operation id (its rate-limit bucket) and every option of the first call.
 */
import { APIPromise, type WithResponse } from './api-promise.js';
import { KlaviyoError } from './errors.js';
import { related, type RelatedOf, type RelationshipName, type WithRelationships } from './included.js';

/** A JSON:API collection document as Klaviyo returns it. */
export interface CollectionDocument<T> {
  data: T[];
  included?: unknown[];
  links?: { self?: string; next?: string | null; prev?: string | null; [name: string]: unknown };
  [key: string]: unknown;
}

/** Fetches the page at `cursor` (the first page when undefined). */
export type PageFetcher<T> = (cursor: string | undefined) => APIPromise<CollectionDocument<T>>;

/** Reads the `page[cursor]` out of a `links.next` URL. */
export function cursorOf(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  try {
    return new URL(next, 'https://a.klaviyo.com').searchParams.get('page[cursor]') ?? undefined;
  } catch {
    return undefined;
  }
}

/** One page of a list call: items of type `T`, and `include`d resources of type `I`. */
export class Page<T, I = unknown> {
  /** The items on this page. */
  readonly data: T[];
  /** Related resources asked for with `include`, once each. */
  readonly included: I[];
  readonly links: CollectionDocument<T>['links'];
  /** The cursor of the next page, or undefined on the last page. */
  readonly nextCursor: string | undefined;
  /** The whole validated document, for fields this class does not lift out. */
  readonly document: CollectionDocument<T>;
  readonly #fetch: PageFetcher<T>;
  readonly #seen: ReadonlySet<string>;

  constructor(document: CollectionDocument<T>, fetch: PageFetcher<T>, seenCursors: ReadonlySet<string> = new Set()) {
    this.document = document;
    this.data = document.data ?? [];
    this.included = (document.included ?? []) as I[];
    this.links = document.links;
    this.nextCursor = cursorOf(document.links?.next);
    this.#fetch = fetch;
    this.#seen = seenCursors;
  }

  /**
   * The included resources `item` points at through its relationship `name`, e.g.
   * `page.related(campaign, 'tags')` after `list({ include: ['tags'] })`: the included resources of the type the
   * relationship points at (tags here). Empty when none were included.
   */
  related<N extends RelationshipName<T>>(item: T, name: N): RelatedOf<I, T, N>[] {
    return related(this.document as { included?: I[] }, item as WithRelationships, name as never) as RelatedOf<I, T, N>[];
  }

  /** Whether another page follows. */
  hasNextPage(): boolean {
    return this.nextCursor !== undefined;
  }

  /**
   * Fetches the next page. Throws when there is none, and when Klaviyo hands back a cursor it already
   * gave in this walk (a loop that would otherwise never end).
   */
  async getNextPage(): Promise<Page<T, I>> {
    const cursor = this.nextCursor;
    if (cursor === undefined) throw new KlaviyoError('There is no next page: check hasNextPage() first');
    if (this.#seen.has(cursor)) {
      throw new KlaviyoError(`Pagination loop: Klaviyo returned the cursor ${JSON.stringify(cursor)} twice`);
    }
    const document = await this.#fetch(cursor);
    return new Page<T, I>(document, this.#fetch, new Set([...this.#seen, cursor]));
  }
}

/**
 * What a list method returns: a promise of the first `Page`, and an async iterable of every item.
 * The first request starts when the method is called.
 */
export class PagePromise<T, I = unknown> extends APIPromise<Page<T, I>> implements AsyncIterable<T> {
  constructor(fetch: PageFetcher<T>) {
    const first = fetch(undefined).withResponse();
    super(first.then((r): WithResponse<Page<T, I>> => ({ ...r, data: new Page<T, I>(r.data, fetch) })));
  }

  /** Every page, the first one included, fetched as the loop asks for them. */
  async *pages(): AsyncGenerator<Page<T, I>, void, undefined> {
    let page: Page<T, I> = await this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  /** Every item across every page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Collects items into an array, stopping after `limit` items (and fetching no further page) when given. */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const items: T[] = [];
    if (limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}
