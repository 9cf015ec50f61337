import { mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

// The smallest images of each format Klaviyo takes: a 1×1 PNG, GIF and JPEG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

const image = {
  data: {
    type: 'image',
    id: '7',
    attributes: {
      name: 'logo.png',
      image_url: 'https://d3k81ch9hvuctc.cloudfront.net/company/abc/images/logo.png',
      format: 'png',
      size: PNG.byteLength,
      hidden: false,
      updated_at: '2026-07-20T10:00:00+00:00',
    },
    links: { self: `${API}/api/images/7/` },
  },
  links: { self: `${API}/api/images/` },
};

interface Part {
  name: string;
  value: string | { fileName: string; type: string; bytes: number[] };
}

/** Records each multipart upload as its parts (files with their name, type and bytes). */
function recordUploads() {
  const uploads: { contentType: string | null; parts: Part[] }[] = [];
  server.use(
    http.post(`${API}/api/image-upload`, async ({ request }) => {
      const contentType = request.headers.get('content-type');
      const parts: Part[] = [];
      for (const [name, value] of await request.formData()) {
        parts.push(
          typeof value === 'string'
            ? { name, value }
            : { name, value: { fileName: value.name, type: value.type, bytes: [...new Uint8Array(await value.arrayBuffer())] } },
        );
      }
      uploads.push({ contentType, parts });
      return HttpResponse.json(image, { status: 201 });
    }),
  );
  return uploads;
}

/** Records each import from a URL as its JSON body. */
function recordImports() {
  const bodies: unknown[] = [];
  server.use(
    http.post(`${API}/api/images`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(image, { status: 201 });
    }),
  );
  return bodies;
}

const filePart = (fileName: string, type: string, bytes: Uint8Array): Part => ({
  name: 'file',
  value: { fileName, type, bytes: [...bytes] },
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'klaviyo-images-'));
  await writeFile(join(dir, 'logo.png'), PNG);
  await writeFile(join(dir, 'notes.txt'), 'not an image');
  await writeFile(join(dir, 'huge.png'), PNG);
  await truncate(join(dir, 'huge.png'), 5_000_001);
});
afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(dir, { recursive: true, force: true });
});

describe('klaviyo.images.upload', () => {
  it('a file path is read and sent as a multipart form with the file, named after it', async () => {
    const uploads = recordUploads();
    const uploaded = await klaviyo.images.upload(join(dir, 'logo.png'));
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploads[0]!.parts).toEqual([filePart('logo.png', 'image/png', PNG)]);
    expect(uploaded.data.id).toBe('7');
    expect(uploaded.data.attributes.image_url).toContain('logo.png');
  });

  it('name and hidden are sent as form fields beside the file', async () => {
    const uploads = recordUploads();
    await klaviyo.images.upload(join(dir, 'logo.png'), { name: 'Spring hero', hidden: true });
    expect(uploads[0]!.parts).toEqual([
      filePart('logo.png', 'image/png', PNG),
      { name: 'name', value: 'Spring hero' },
      { name: 'hidden', value: 'true' },
    ]);
  });

  it('a file: URL is read like a path', async () => {
    const uploads = recordUploads();
    await klaviyo.images.upload(pathToFileURL(join(dir, 'logo.png')));
    expect(uploads[0]!.parts).toEqual([filePart('logo.png', 'image/png', PNG)]);
  });

  it('a File keeps its name; its type is what its bytes are', async () => {
    const uploads = recordUploads();
    await klaviyo.images.upload(new File([GIF], 'banner.gif', { type: 'application/octet-stream' }));
    expect(uploads[0]!.parts).toEqual([filePart('banner.gif', 'image/gif', GIF)]);
  });

  it('a Blob without a name is sent as image.<format>', async () => {
    const uploads = recordUploads();
    await klaviyo.images.upload(new Blob([JPEG]));
    expect(uploads[0]!.parts).toEqual([filePart('image.jpeg', 'image/jpeg', JPEG)]);
  });

  it.each([
    ['a Buffer', PNG],
    ['a Uint8Array', new Uint8Array(PNG)],
    ['an ArrayBuffer', new Uint8Array(PNG).buffer],
  ])('%s is sent as the file', async (_, bytes) => {
    const uploads = recordUploads();
    await klaviyo.images.upload(bytes);
    expect(uploads[0]!.parts).toEqual([filePart('image.png', 'image/png', PNG)]);
  });

  it.each([
    ['an https:// string', 'https://cdn.example.com/hero.jpg'],
    ['a URL', new URL('https://cdn.example.com/hero.jpg')],
  ])('%s is imported by Klaviyo from the URL, with nothing read locally', async (_, source) => {
    const bodies = recordImports();
    await klaviyo.images.upload(source, { name: 'Hero' });
    expect(bodies).toEqual([
      { data: { type: 'image', attributes: { import_from_url: 'https://cdn.example.com/hero.jpg', name: 'Hero' } } },
    ]);
  });

  it('a data: URI of a PNG is imported from the URI', async () => {
    const bodies = recordImports();
    const uri = `data:image/png;base64,${PNG.toString('base64')}`;
    await klaviyo.images.upload(uri, { hidden: true });
    expect(bodies).toEqual([{ data: { type: 'image', attributes: { import_from_url: uri, hidden: true } } }]);
  });

  it('.withResponse() gives the image with the HTTP response', async () => {
    recordUploads();
    const { data, response } = await klaviyo.images.upload(PNG).withResponse();
    expect(response.status).toBe(201);
    expect(data.data.id).toBe('7');
  });

  describe('refused before anything is sent', () => {
    const refused = async (promise: Promise<unknown>, path: string, message: RegExp) => {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]).toMatchObject({ path, message: expect.stringMatching(message) });
      expect(sent).toHaveLength(0);
    };

    it('bytes over 5 MB', async () => {
      const big = new Uint8Array(5_000_001);
      big.set(PNG);
      await refused(klaviyo.images.upload(big), 'source', /5000001 bytes; Klaviyo takes images of at most 5 MB/);
    });

    it('a Blob over 5 MB', async () => {
      await refused(klaviyo.images.upload(new Blob([PNG, new Uint8Array(5_000_000)])), 'source', /at most 5 MB/);
    });

    it('a file over 5 MB', async () => {
      await refused(klaviyo.images.upload(join(dir, 'huge.png')), 'source', /at most 5 MB/);
    });

    it('a file that is not a JPEG, PNG or GIF', async () => {
      await refused(klaviyo.images.upload(join(dir, 'notes.txt')), 'source', /not a JPEG, PNG or GIF/);
    });

    it('bytes of another format, whatever the Blob says they are', async () => {
      const webp = new Blob([new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ')], { type: 'image/png' });
      await refused(klaviyo.images.upload(webp), 'source', /not a JPEG, PNG or GIF/);
    });

    it('a file that does not exist', async () => {
      await refused(klaviyo.images.upload(join(dir, 'missing.png')), 'source', /cannot read the file .*missing\.png \(ENOENT\)/);
    });

    it('a data: URI of another format', async () => {
      await refused(
        klaviyo.images.upload('data:image/webp;base64,UklGRg=='),
        'source',
        /image\/webp; Klaviyo takes jpeg, png and gif/,
      );
    });

    it('a URL of another protocol', async () => {
      await refused(klaviyo.images.upload(new URL('ftp://example.com/a.png')), 'source', /http\(s\) or file: URL/);
    });

    it('a source of another kind', async () => {
      await refused(klaviyo.images.upload(42 as never), 'source', /file path, a URL, a Blob or File, or bytes/);
    });

    it('an option the upload does not take', async () => {
      // @ts-expect-error: the option is `hidden`
      await refused(klaviyo.images.upload(PNG, { hiden: true }), 'hiden', /did you mean "hidden"/);
    });

    it('hidden that is not a boolean', async () => {
      await refused(klaviyo.images.upload(PNG, { hidden: 'yes' as never }), 'hidden', /must be a boolean/);
    });
  });

  it('reads a path with the runtime’s file system; where there is none (Workers, browsers) it says to pass the bytes', async () => {
    const uploads = recordUploads();
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    try {
      const error = await klaviyo.images.upload(join(dir, 'logo.png')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]).toMatchObject({
        path: 'source',
        message: expect.stringMatching(/Blob or bytes/),
      });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(uploads).toHaveLength(0);
  });

  it('bundles for browsers and Workers with no Node built-in to resolve', async () => {
    const result = await build({
      stdin: {
        contents: "export { Klaviyo } from './src/index.ts';",
        resolveDir: fileURLToPath(new URL('../..', import.meta.url)),
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    // No import or require of a Node module (the file system is looked up at run time, by name).
    expect(result.outputFiles[0]!.text).not.toMatch(/(?:\bfrom|\bimport\s*\(|\brequire\s*\()\s*["']node:/);
  });
});
