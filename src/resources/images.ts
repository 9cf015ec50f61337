/**
 * Images: the account's image library, used by emails and templates; uploaded from a file, from bytes, or
 * imported from a URL that Klaviyo fetches itself (https://developers.klaviyo.com/en/reference/images_api_overview).
 */
import { APIPromise, type WithResponse } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import { checkArgumentObject, describeValue, keysOf } from '../core/known-keys.js';
import type { RequestOptions } from '../core/transport.js';
import { Resource, type ResponseOf } from './resource.js';

/**
 * What `upload` takes: a file path (`'./hero.png'`) or a `file:` URL, read on Node, Bun and Deno; a `Blob` or
 * `File`; bytes (`Buffer`, `Uint8Array`, `ArrayBuffer`); or an `http(s)://` URL (a string or a `URL`) or a
 * `data:image/…;base64,` URI, which Klaviyo fetches or decodes itself.
 */
export type ImageSource = string | URL | Blob | Uint8Array | ArrayBuffer;

/** What `upload` takes besides the image. */
export interface ImageUploadOptions {
  /** The image's name in the library. Default: the file's name (Klaviyo adds a suffix when the name is taken). */
  name?: string;
  /** Keep the image out of the asset library. Default false. */
  hidden?: boolean;
}

/** The uploaded image's document: `data.id`, `data.attributes` (`name`, `image_url`, `format`, `size`, `hidden`, …). */
export type ImageUploadResult = ResponseOf<'upload_image_from_file'>;

/**
 * Klaviyo's image limits, from the spec's upload_image_from_file and upload_image_from_url: "Supported image
 * formats: jpeg,png,gif. Maximum image size: 5MB." (read as 5,000,000 bytes, to be safe either way).
 */
export const IMAGE_LIMITS = {
  /** Bytes of one image. */
  bytes: 5_000_000,
  /** Formats Klaviyo takes, by their MIME type. */
  formats: ['image/jpeg', 'image/png', 'image/gif'],
} as const;

/** Every key `ImageUploadOptions` declares. */
const UPLOAD_OPTION_KEYS = keysOf<ImageUploadOptions>()(['name', 'hidden']);
const WHAT = 'images.upload';

/** The hand-written methods of `klaviyo.images` (src/resources/generated/images.ts adds the rest). */
export abstract class ImagesHelpers extends Resource {
  /**
   * Adds an image to the library. A file, a `Blob` or bytes are checked (JPEG, PNG or GIF, by their first
   * bytes; at most 5 MB) and sent as a multipart form through `upload_image_from_file` (POST /api/image-upload);
   * an `http(s)://` URL or a `data:` URI goes through `upload_image_from_url` (POST /api/images), where Klaviyo
   * fetches it and checks its format and size itself. A file path is read with the runtime's file system (Node
   * 20.16+, Bun, Deno), which bundles for edge runtimes and browsers never import. Not re-sent after a 5xx (it would add a second
   * image). Resolves to the image's document; `.withResponse()` works as on every call.
   * Tier: 3/s, 100/m, 100/d · scopes images:write.
   * @throws {ValidationError} (as the rejection) for a source that is none of the above, a file that cannot be
   * read, over 5 MB or not JPEG/PNG/GIF (`source`), or bad options (`name`, `hidden`); nothing is sent.
   * @see https://developers.klaviyo.com/en/reference/upload_image_from_file
   * @see https://developers.klaviyo.com/en/reference/upload_image_from_url
   */
  upload(source: ImageSource, uploadOptions?: ImageUploadOptions, options?: RequestOptions): APIPromise<ImageUploadResult> {
    return new APIPromise(this.#upload(source, uploadOptions, options));
  }

  async #upload(
    source: ImageSource,
    uploadOptions: ImageUploadOptions | undefined,
    options: RequestOptions | undefined,
  ): Promise<WithResponse<ImageUploadResult>> {
    const { name, hidden } = checkArgumentObject(uploadOptions, UPLOAD_OPTION_KEYS, `${WHAT} options`, { optional: true });
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
      invalid('name', typeof name === 'string' ? 'must not be empty' : `must be a string, got ${describeValue(name)}`);
    }
    if (hidden !== undefined && typeof hidden !== 'boolean') invalid('hidden', `must be a boolean, got ${describeValue(hidden)}`);
    const extras = { ...(name === undefined ? {} : { name }), ...(hidden === undefined ? {} : { hidden }) };

    const url = remoteUrlOf(source);
    if (url !== undefined) {
      const body = { data: { type: 'image' as const, attributes: { import_from_url: url, ...extras } } };
      return this.call('upload_image_from_url', { body }, options).withResponse();
    }
    const file = await imageFileOf(source);
    return this.call('upload_image_from_file', { body: { file, ...extras } }, options).withResponse();
  }
}

function invalid(path: string, message: string): never {
  throw new ValidationError(`Invalid ${WHAT}`, { issues: [{ path, message }] });
}

/** The URL Klaviyo should fetch (`http(s)://…`) or decode (`data:image/…`), or `undefined` for a local source. */
function remoteUrlOf(source: ImageSource): string | undefined {
  const text = source instanceof URL ? source.href : typeof source === 'string' ? source : undefined;
  if (text === undefined) return undefined;
  if (/^data:/i.test(text)) return checkDataUri(text);
  if (!/^https?:\/\//i.test(text)) {
    if (source instanceof URL && source.protocol !== 'file:')
      invalid('source', `must be an http(s) or file: URL, got ${source.protocol}`);
    return undefined;
  }
  try {
    new URL(text);
  } catch {
    invalid('source', `is not a valid URL: ${JSON.stringify(text)}`);
  }
  return text;
}

/**
 * A `data:` URI Klaviyo takes: base64 of a JPEG, PNG or GIF ("a base-64 encoded data-uri (`data:image/...`)",
 * upload_image_from_url) of at most 5 MB decoded.
 */
function checkDataUri(uri: string): string {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),/i.exec(uri);
  if (!match || !/;base64$/i.test(match[2] ?? ''))
    invalid('source', 'a data: URI must be base64 encoded: data:image/png;base64,…');
  const type = (match[1] ?? '').toLowerCase();
  if (!(IMAGE_LIMITS.formats as readonly string[]).includes(type)) {
    invalid('source', `is a data: URI of ${type || 'no type'}; Klaviyo takes jpeg, png and gif images`);
  }
  const encoded = uri.length - match[0].length;
  const bytes = Math.floor((encoded * 3) / 4) - (uri.endsWith('==') ? 2 : uri.endsWith('=') ? 1 : 0);
  if (bytes > IMAGE_LIMITS.bytes) invalid('source', tooLarge(bytes));
  return uri;
}

function tooLarge(bytes: number): string {
  return `is ${bytes} bytes; Klaviyo takes images of at most 5 MB (${IMAGE_LIMITS.bytes} bytes)`;
}

/** The image as a `File` of its real type, checked; a path or `file:` URL is read first. */
async function imageFileOf(source: ImageSource): Promise<File> {
  if (typeof source === 'string' || source instanceof URL) return readImageFile(source);
  if (source instanceof Blob) {
    if (source.size > IMAGE_LIMITS.bytes) invalid('source', tooLarge(source.size));
    const head = new Uint8Array(await source.slice(0, 8).arrayBuffer());
    const fileName = 'name' in source && typeof source.name === 'string' && source.name !== '' ? source.name : undefined;
    return new File([source], fileName ?? defaultName(head), { type: imageType(head) });
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    if (bytes.byteLength > IMAGE_LIMITS.bytes) invalid('source', tooLarge(bytes.byteLength));
    // A copy, so the form sends the bytes as they are now, whatever the caller does with its buffer after.
    return new File([bytes.slice()], defaultName(bytes), { type: imageType(bytes) });
  }
  return invalid(
    'source',
    `must be a file path, a URL, a Blob or File, or bytes (Uint8Array, Buffer, ArrayBuffer); got ${describeValue(source)}`,
  );
}

/** The file functions `readImageFile` needs. */
interface FileSystem {
  stat(path: string | URL): Promise<{ size: number }>;
  readFile(path: string | URL): Promise<Uint8Array>;
}

/**
 * The runtime's file system, where it has one: Node's (and Bun's) through `process.getBuiltinModule`, Deno's
 * own. Not an `import('node:fs/promises')`: a bundler for Workers or browsers would have to resolve that
 * import (and fail on it, or need a Node-compatibility flag) even where no path is ever read.
 */
function fileSystem(): FileSystem | undefined {
  const deno = (
    globalThis as { Deno?: { stat(p: string | URL): Promise<{ size: number }>; readFile(p: string | URL): Promise<Uint8Array> } }
  ).Deno;
  if (deno) return { stat: (p) => deno.stat(p), readFile: (p) => deno.readFile(p) };
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return process?.getBuiltinModule?.('node:fs/promises') as FileSystem | undefined;
}

/** Reads a file from a path or `file:` URL, with the runtime's file system (see `fileSystem`). */
async function readImageFile(path: string | URL): Promise<File> {
  let bytes: Uint8Array;
  try {
    const fs = fileSystem();
    if (!fs) {
      return invalid(
        'source',
        'is a file path, which this runtime cannot read (Node 20.16+, Bun or Deno can): pass the file as a Blob or bytes',
      );
    }
    // The size first, so a large file is refused without being read.
    const { size } = await fs.stat(path);
    if (size > IMAGE_LIMITS.bytes) invalid('source', tooLarge(size));
    bytes = await fs.readFile(path);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const reason = (error as { code?: unknown }).code ?? (error as Error).message;
    throw new ValidationError(`Invalid ${WHAT}`, {
      issues: [{ path: 'source', message: `cannot read the file ${String(path)} (${String(reason)})` }],
      cause: error,
    });
  }
  const base = (path instanceof URL ? decodeURIComponent(path.pathname) : path).split(/[\\/]/).pop();
  return new File([bytes], base || defaultName(bytes), { type: imageType(bytes) });
}

/**
 * The image's MIME type, by its first bytes (what it is, whatever its name or `Blob.type` say): JPEG starts
 * FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, GIF "GIF87a" or "GIF89a". Anything else is refused.
 */
function imageType(head: Uint8Array): string {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return 'image/gif';
  return invalid('source', 'is not a JPEG, PNG or GIF image; Klaviyo takes jpeg, png and gif');
}

/** `image.png` for a PNG without a name of its own. */
function defaultName(head: Uint8Array): string {
  return `image.${imageType(head).slice('image/'.length)}`;
}
