/**
 * Target 2: bundle sizes, minified and gzipped, built by esbuild from the sources (what a user's bundler
 * does with the package): KlaviyoCore + getProfiles, the whole Klaviyo client, and klaviyo-api's ProfilesApi,
 * for Node and for a neutral (edge/Worker) platform. Sizes are exact: one build each.
 */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';
import { kb, type Row } from './stats.js';

const ENTRIES = {
  'KlaviyoCore + getProfiles': `import { KlaviyoCore } from 'klaviyo-ts/core'; import { getProfiles } from 'klaviyo-ts/operations';
    export default (apiKey) => getProfiles(new KlaviyoCore({ apiKey }), { pageSize: 100 });`,
  'Klaviyo (every resource)': `import { Klaviyo } from 'klaviyo-ts'; export default (apiKey) => new Klaviyo({ apiKey }).profiles.list();`,
  'klaviyo-api ProfilesApi': `import { ApiKeySession, ProfilesApi } from 'klaviyo-api';
    export default (apiKey) => new ProfilesApi(new ApiKeySession(apiKey)).getProfiles({ pageSize: 100 });`,
} as const;

type Platform = 'node' | 'neutral';

/**
 * `contents` bundled, minified and gzipped: from the sources (`src`, aliased), or from the package as built
 * (`dist`, what an app installs), where a namespace object in a chunk the entries share keeps what it names.
 */
async function gzippedSize(
  root: string,
  contents: string,
  platform: Platform,
  from: 'src' | 'dist' = 'src',
): Promise<number | string> {
  try {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform,
      ...(platform === 'neutral' ? { mainFields: ['module', 'main'], conditions: ['worker', 'browser'] } : {}),
      ...(from === 'src'
        ? {
            alias: {
              'klaviyo-ts/core': join(root, 'src/core.ts'),
              'klaviyo-ts/operations': join(root, 'src/operations/index.ts'),
              'klaviyo-ts': join(root, 'src/index.ts'),
            },
          }
        : { tsconfigRaw: '{}' }), // not tsconfig.json's paths, which point at src/
      logLevel: 'silent',
    });
    return gzipSync(result.outputFiles[0]!.contents).length;
  } catch (error) {
    const first = (error as { errors?: { text: string }[] }).errors?.[0]?.text ?? String(error);
    return `does not build: ${first}`;
  }
}

export async function bundleSizes(root: string): Promise<Row[]> {
  const sizes: Record<string, Record<Platform, number | string>> = {};
  for (const [name, contents] of Object.entries(ENTRIES)) {
    sizes[name] = { node: await gzippedSize(root, contents, 'node'), neutral: await gzippedSize(root, contents, 'neutral') };
  }
  const api = sizes['klaviyo-api ProfilesApi']!.node as number;
  const rows: Row[] = [];
  for (const [name, byPlatform] of Object.entries(sizes)) {
    for (const platform of ['node', 'neutral'] as const) {
      const size = byPlatform[platform];
      const row: Row = {
        section: '2. Bundle (min+gzip)',
        name: `${name}, ${platform}`,
        value: typeof size === 'number' ? kb(size) : size,
      };
      if (platform === 'node' && typeof size === 'number' && name === 'KlaviyoCore + getProfiles') {
        row.verdict = { target: '≥ 10× smaller than ProfilesApi', pass: api / size >= 10, ratio: `${(api / size).toFixed(1)}×` };
      }
      if (platform === 'node' && typeof size === 'number' && name === 'Klaviyo (every resource)') {
        row.verdict = { target: '< ProfilesApi', pass: size < api, ratio: `${(api / size).toFixed(2)}×` };
      }
      rows.push(row);
    }
  }
  for (const name of ['KlaviyoCore + getProfiles', 'Klaviyo (every resource)'] as const) {
    const size = await gzippedSize(root, ENTRIES[name], 'node', 'dist');
    rows.push({
      section: '2. Bundle (min+gzip)',
      name: `${name}, node, from the built package`,
      value: typeof size === 'number' ? kb(size) : size,
    });
  }
  return rows;
}
