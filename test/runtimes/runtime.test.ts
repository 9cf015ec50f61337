/** What the SDK reads from its runtime, without Node built-ins: the runtime's name, env vars, hashes, byte sizes. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestHex, envVar, randomId, runtimeName, userAgent, utf8ByteLength } from '../../src/core/runtime.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('runtimeName and userAgent', () => {
  it('names Node with its version', () => {
    expect(runtimeName()).toBe(`node/${process.versions.node}`);
    expect(userAgent('1.2.3')).toBe(`klaviyo-ts/1.2.3 node/${process.versions.node}`);
  });

  it('names Bun and Deno before Node, whose process.versions they imitate', () => {
    vi.stubGlobal('Bun', { version: '1.4.5' });
    expect(runtimeName()).toBe('bun/1.4.5');
    vi.unstubAllGlobals();
    vi.stubGlobal('Deno', { version: { deno: '2.9.6' } });
    expect(runtimeName()).toBe('deno/2.9.6');
  });

  it('sends no User-Agent of its own from a browser page, where setting one would need a CORS preflight', () => {
    vi.stubGlobal('document', {});
    expect(userAgent('1.2.3')).toBeUndefined();
  });

  it('names Cloudflare Workers and runtimes without process', () => {
    vi.stubGlobal('process', undefined);
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    expect(runtimeName()).toBe('workerd');
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0' });
    expect(runtimeName()).toBe('unknown');
    vi.stubGlobal('EdgeRuntime', 'edge-runtime');
    expect(runtimeName()).toBe('edge-runtime');
  });
});

describe('envVar', () => {
  it('reads process.env where there is one', () => {
    vi.stubEnv('KLAVIYO_TS_RUNTIME_TEST', 'yes');
    expect(envVar('KLAVIYO_TS_RUNTIME_TEST')).toBe('yes');
    vi.unstubAllEnvs();
    expect(envVar('KLAVIYO_TS_RUNTIME_TEST')).toBeUndefined();
  });

  it('is undefined without process, and when the runtime refuses access (Deno without --allow-env)', () => {
    vi.stubGlobal('process', undefined);
    expect(envVar('PATH')).toBeUndefined();
    const refusing = new Proxy(
      {},
      {
        get() {
          throw new Error('NotCapable: Requires env access');
        },
      },
    );
    vi.stubGlobal('process', { env: refusing });
    expect(envVar('PATH')).toBeUndefined();
  });
});

describe('digestHex and randomId', () => {
  it('hashes UTF-8 text with Web Crypto', async () => {
    expect(await digestHex('SHA-256', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await digestHex('SHA-1', 'abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(await digestHex('SHA-256', 'é')).toBe(await digestHex('SHA-256', '\u00e9'));
  });

  it('draws UUIDs', () => {
    expect(randomId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomId()).not.toBe(randomId());
  });
});

describe('utf8ByteLength', () => {
  it('counts UTF-8 bytes as Buffer.byteLength does, for every width and for broken surrogates', () => {
    const samples = [
      '',
      'plain ascii',
      'café',
      '€ 100',
      '日本語',
      '👍🏽 emoji',
      '\ud83d',
      'a\udc4db',
      '\ud83d\ud83d',
      '\u0000\u007f\u0080\u07ff\u0800\uffff',
    ];
    for (const text of samples) expect(utf8ByteLength(text), JSON.stringify(text)).toBe(Buffer.byteLength(text));
  });
});
