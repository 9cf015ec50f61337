/**
 * Cursor pagination the way Klaviyo exposes it: `links.next` is an absolute URL carrying `page[cursor]`,
 * absent on the last page. The cursor is opaque to clients; here it encodes an offset.
 */

/** Encodes a start offset as an opaque cursor. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; undefined for anything else. */
export function decodeCursor(cursor: string): number | undefined {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** Collection links for one page: `self` is the request URL, `next`/`prev` the same URL with another cursor. */
export interface PageLinks {
  self: string;
  next?: string;
  prev?: string;
}

/** Cuts one page out of `items` and builds absolute `links` from the request URL. */
export function paginate<T>(items: T[], requestUrl: URL, offset: number, size: number): { page: T[]; links: PageLinks } {
  const page = items.slice(offset, offset + size);
  const links: PageLinks = { self: requestUrl.href };
  if (offset + size < items.length) links.next = withCursor(requestUrl, offset + size);
  if (offset > 0) links.prev = withCursor(requestUrl, Math.max(0, offset - size));
  return { page, links };
}

function withCursor(url: URL, offset: number): string {
  const next = new URL(url.href);
  next.searchParams.set('page[cursor]', encodeCursor(offset));
  return next.href;
}
