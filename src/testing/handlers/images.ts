/**
 * Image endpoints Klaviyo gives behaviour beyond their shape: uploading from a URL and uploading a file
 * (`multipart/form-data`). Reads and updates (name, hidden) are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler, HandlerContext } from '../context.js';
import { ACCOUNT_ID } from '../account.js';
import { invalidBody } from '../errors.js';
import { answer, insertRecord } from './records.js';

/** https://developers.klaviyo.com/en/reference/upload_image_from_file: "the maximum file size is 5MB". */
const MAX_BYTES = 5 * 1024 * 1024;
const FORMATS: Record<string, string> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', gif: 'gif', webp: 'webp' };

/** The image format a file name or media type names (`photo.JPG` → `jpeg`, `image/png` → `png`). */
function formatOf(name: string, mediaType = ''): string | undefined {
  const fromType = /^image\/(\w+)/.exec(mediaType)?.[1];
  const fromName = /\.(\w+)$/.exec(name)?.[1]?.toLowerCase();
  return FORMATS[fromType ?? ''] ?? FORMATS[fromName ?? ''];
}

/** Stores an uploaded image where Klaviyo hosts account images. */
function storeImage(ctx: HandlerContext, name: string, format: string, size: number, hidden: boolean) {
  const id = ctx.state.ids.next('image');
  const attributes = {
    name,
    image_url: `https://d3k81ch9hvuctc.cloudfront.net/company/${ACCOUNT_ID}/images/${id}.${format}`,
    format,
    size,
    hidden,
  };
  return answer(ctx, insertRecord(ctx, 'image', { attributes }, { id }));
}

/** The hand-written image handlers, by operation id. */
export const imageHandlers = {
  // https://developers.klaviyo.com/en/reference/upload_image_from_url: Klaviyo copies the image; the mock does
  // not fetch it, so it takes the format from the URL and reports size 0.
  upload_image_from_url: (ctx) => {
    const attrs = ctx.body.data.attributes;
    const url = String(attrs.import_from_url);
    const path = url.startsWith('data:') ? '' : new URL(url).pathname;
    const dataType = /^data:([^;,]+)/.exec(url)?.[1];
    const format = formatOf(path, dataType);
    if (!format) throw invalidBody('/data/attributes/import_from_url', 'The URL must name a JPEG, PNG, GIF or WebP image.');
    const name = attrs.name ?? decodeURIComponent(path.split('/').pop() ?? '') ?? 'image';
    return storeImage(ctx, name || 'image', format, 0, attrs.hidden === true);
  },

  // The form's `file` part is the image; `name` and `hidden` parts are optional.
  upload_image_from_file: (ctx) => {
    const file = ctx.form?.get('file');
    if (!file || typeof file === 'string') throw invalidBody('/file', "The form needs the image as its 'file' part.");
    const format = formatOf(file.name, file.type);
    if (!format) throw invalidBody('/file', 'The file must be a JPEG, PNG, GIF or WebP image.');
    if (file.size > MAX_BYTES) throw invalidBody('/file', 'The file is larger than 5 MB.');
    const name = ctx.form!.get('name');
    const hidden = ctx.form!.get('hidden');
    return storeImage(ctx, typeof name === 'string' && name ? name : file.name, format, file.size, hidden === 'true');
  },
} satisfies Partial<Record<OperationId, Handler>>;
