/**
 * What the SDK needs from the JavaScript runtime, written once against web-standard globals, so that the
 * same code runs on Node, Bun, Deno, Cloudflare Workers (workerd), other edge runtimes and browsers: no Node
 * built-in module, and `process` and `Buffer` only where a runtime has them.
 */
import { KlaviyoError } from './errors.js';

/** The subset of `process` the SDK reads, where a runtime has one (Node, Bun, Deno, workerd with nodejs_compat). */
interface ProcessLike {
  env?: Record<string, string | undefined>;
  versions?: Record<string, string | undefined>;
}

interface RuntimeGlobals {
  process?: ProcessLike;
  Bun?: { version?: string };
  Deno?: { version?: { deno?: string } };
  EdgeRuntime?: string;
  navigator?: { userAgent?: string };
}

const runtimeGlobals = globalThis as unknown as RuntimeGlobals;

/**
 * The runtime the SDK is running on, as `name/version` for the User-Agent: `node/20.20.2`, `bun/1.4.5`,
 * `deno/2.9.6`, `workerd` (Cloudflare Workers), `edge-runtime` (Vercel), or `unknown`. Bun and Deno are
 * told apart from Node first, as both also define `process.versions.node`.
 */
export function runtimeName(): string {
  const { Bun, Deno, EdgeRuntime, navigator, process } = runtimeGlobals;
  if (Bun) return `bun/${Bun.version ?? 'unknown'}`;
  if (Deno?.version?.deno) return `deno/${Deno.version.deno}`;
  if (typeof EdgeRuntime === 'string') return 'edge-runtime';
  // Workers name themselves in navigator.userAgent; with nodejs_compat they also carry a `process`.
  if (navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  const node = process?.versions?.node;
  if (node) return `node/${node}`;
  return 'unknown';
}

/** The User-Agent the SDK sends: `klaviyo-ts/1.0.0 node/20.20.2` (see `runtimeName`); none in a browser. */
export function userAgent(sdkVersion: string): string | undefined {
  // In a browser the browser's own User-Agent is sent: setting one makes the request non-simple, and a CORS
  // preflight Klaviyo's client API does not promise to allow (Klaviyo's own onsite script sends none).
  if (typeof (globalThis as { document?: unknown }).document !== 'undefined') return undefined;
  return `klaviyo-ts/${sdkVersion} ${runtimeName()}`;
}

/**
 * An environment variable, where the runtime has `process.env` and lets us read it; `undefined` elsewhere
 * (browsers, Workers without nodejs_compat) and when reading it is not allowed (Deno without `--allow-env`
 * throws).
 */
export function envVar(name: string): string | undefined {
  try {
    const value = runtimeGlobals.process?.env?.[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The part of the Web Crypto API the SDK uses (typed here, as the project's types do not include the DOM's). */
interface WebCrypto {
  subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> };
  randomUUID(): string;
}

/** The Web Crypto API, which every supported runtime has as `globalThis.crypto` (Node since 19). */
function webCrypto(): WebCrypto {
  const crypto = (globalThis as { crypto?: WebCrypto }).crypto;
  if (!crypto?.subtle)
    throw new KlaviyoError('klaviyo-ts needs the Web Crypto API (globalThis.crypto), which this runtime lacks');
  return crypto;
}

/** Lowercase hex of `algorithm`'s digest of `text` as UTF-8, by Web Crypto (so asynchronous). */
export async function digestHex(algorithm: 'SHA-1' | 'SHA-256', text: string): Promise<string> {
  return hexOf(new Uint8Array(await webCrypto().subtle.digest(algorithm, new TextEncoder().encode(text))));
}

/** Lowercase hex of `bytes`. */
export function hexOf(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** A random UUID (v4) from Web Crypto. Called when needed, never at import, so importing stays free. */
export function randomId(): string {
  return webCrypto().randomUUID();
}

/**
 * The size of `text` in bytes as UTF-8 (what Klaviyo's byte limits count), without `Buffer`: counted from
 * the UTF-16 code units, which gives the same answer as `Buffer.byteLength(text)` and allocates nothing.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4; // a surrogate pair: one code point beyond the BMP
        i++;
      } else bytes += 3; // a lone high surrogate is encoded as U+FFFD, 3 bytes
    } else bytes += 3;
  }
  return bytes;
}

/**
 * `load`, run once per process: the first call starts it, later calls share its promise, and after a failure
 * the next call starts it again (a module that could not be loaded may load on a later try). For the modules
 * the SDK imports on first use rather than when the package loads (ky, zod's English messages, schemas).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
