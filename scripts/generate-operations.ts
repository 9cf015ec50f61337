/**
 * Writes `src/core/operations.generated.ts`: one entry per in-scope Klaviyo operation with the facts the
 * core needs at run time (HTTP method, path, rate limits, success statuses, scopes, query parameters,
 * filter grammar and which filter fields are datetimes, page-size bounds), read from Klaviyo's OpenAPI spec.
 *
 * The in-scope operations are those of the categories in `CATEGORIES`; every fact comes from the spec in spec/
 * Run: `npm run generate` (a test fails when the committed file is out of date).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The revision the package is generated from and typed for; its spec is `spec/openapi-<revision>.json`. */
export const REVISION = '2026-07-15';
export const SPEC_FILE = join(root, 'spec', `openapi-${REVISION}.json`);
export const OUTPUT_FILE = join(root, 'src', 'core', 'operations.generated.ts');

type Json = any;

/**
 * The spec's categories (each operation's tag) this package covers, and the resource group each becomes.
 * Adding a category is adding a line here, then names for its operations in the naming table.
 */
export const CATEGORIES: Record<string, string> = {
  Profiles: 'profiles',
  Campaigns: 'campaigns',
  Metrics: 'metrics',
  Flows: 'flows',
  Lists: 'lists',
  Segments: 'segments',
  Events: 'events',
  Reporting: 'reports',
  Accounts: 'accounts',
  Catalogs: 'catalogs',
  Conversations: 'conversations',
  Coupons: 'coupons',
  'Custom Objects': 'customObjects',
  'Data Privacy': 'dataPrivacy',
  Forms: 'forms',
  Images: 'images',
  Reviews: 'reviews',
  Tags: 'tags',
  Templates: 'templates',
  'Tracking Settings': 'trackingSettings',
  'Web Feeds': 'webFeeds',
  Webhooks: 'webhooks',
  // The client API (/client/*, authenticated by the public key): methods on `KlaviyoClient`, not `Klaviyo`.
  Client: 'client',
};

/** The in-scope operation ids in the spec's order, with the resource group their category maps to. */
export function readInScopeOperations(spec: Json = readSpec()): Array<{ id: string; group: string }> {
  const out: Array<{ id: string; group: string }> = [];
  for (const item of Object.values<Json>(spec.paths)) {
    for (const op of Object.values<Json>(item)) {
      const group = op?.operationId && CATEGORIES[op.tags?.[0]];
      if (group) out.push({ id: op.operationId, group });
    }
  }
  return out;
}

export function readSpec(): Json {
  return JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
}

const TIERS: Record<string, [number, number]> = {
  XS: [1, 15],
  S: [3, 60],
  M: [10, 150],
  L: [75, 750],
  XL: [350, 3500],
  reporting: [1, 2],
};

function perUnit(value: string | undefined, unit: 's' | 'm' | 'd'): number | undefined {
  if (!value) return undefined;
  const m = /^(\d+)\/(\w)$/.exec(value);
  if (!m || m[2] !== unit) throw new Error(`unexpected rate limit ${value}`);
  return Number(m[1]);
}

/** "`email`: `any`, `equals`<br>..." → { email: ['any', 'equals'] } */
export function parseFilterDescription(description: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const allowed = description.split('Allowed field(s)/operator(s):')[1];
  if (!allowed) return out;
  for (const part of allowed.split('<br>')) {
    const m = /^`([^`]+)`:\s*(.*)$/.exec(part.trim());
    if (!m) continue;
    out[m[1]!] = [...m[2]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!);
  }
  return out;
}

/** Follows `$ref`s to the schema they name. */
function deref(spec: Json, node: Json): Json {
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    node = spec.components.schemas[node.$ref.replace('#/components/schemas/', '')];
  }
  return node;
}

/** A schema with its allOf/anyOf/oneOf parts beside it, an array standing for its items. */
function expand(spec: Json, node: Json): Json[] {
  const n = deref(spec, node);
  if (!n || typeof n !== 'object') return [];
  const parts = [...(n.allOf ?? []), ...(n.anyOf ?? []), ...(n.oneOf ?? [])].flatMap((part: Json) => expand(spec, part));
  return [n.type === 'array' ? deref(spec, n.items) : n, ...parts];
}

/**
 * Which filter fields take datetimes, per resource type: `type → (dotted field → true)` for every attribute the
 * spec types `string` with `format: date-time`, wherever a resource object of that type appears (its
 * attributes differ between responses, e.g. list members carry `joined_group_at`). A filter field names an
 * attribute of the resources the operation answers with (https://developers.klaviyo.com/en/docs/filtering_).
 */
export function datetimeAttributes(spec: Json): (type: string, field: string) => boolean {
  const attributes = new Map<string, Json[]>();
  (function collect(node: Json): void {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    const type = deref(spec, node.properties?.type)?.enum;
    if (node.properties?.attributes && Array.isArray(type) && type.length === 1) {
      attributes.set(type[0], [...(attributes.get(type[0]) ?? []), node.properties.attributes]);
    }
    for (const value of Object.values(node)) collect(value);
  })(spec.components.schemas);
  return (type, field) => {
    let nodes: Json[] = attributes.get(type) ?? [];
    for (const key of field.split('.')) {
      nodes = nodes.flatMap((n) => expand(spec, n)).flatMap((n) => (n.properties?.[key] ? [n.properties[key]] : []));
    }
    return nodes.flatMap((n) => expand(spec, n)).some((n) => n.type === 'string' && n.format === 'date-time');
  };
}

/** The resource type an operation's 2xx answer holds in `data`, from its response schema. */
function dataTypeOf(spec: Json, op: Json): string | undefined {
  const ok = Object.keys(op.responses).find((status) => status.startsWith('2'));
  const find = (node: Json): string | undefined => {
    const n = deref(spec, node);
    if (!n || typeof n !== 'object') return undefined;
    const type = deref(spec, n.properties?.type)?.enum;
    if (Array.isArray(type)) return type[0];
    for (const part of [...(n.allOf ?? []), ...(n.anyOf ?? []), ...(n.oneOf ?? [])]) {
      const found = find(part);
      if (found) return found;
    }
    return n.type === 'array' ? find(n.items) : undefined;
  };
  const schema = ok ? op.responses[ok].content?.['application/vnd.api+json']?.schema : undefined;
  return find(deref(spec, schema)?.properties?.data);
}

/** The query parameters every operation that has them shares, each with its own typed option. */
const STANDARD_QUERY = /^(filter|sort|include|page\[size\]|page\[cursor\]|fields\[.+\]|additional-fields\[.+\])$/;
/**
 * Parameters the SDK fills in itself: `company_id` (the client API's public key, from `KlaviyoClient`) and
 * the reporting operations' `page_cursor` (their helpers' `pageCursor`).
 */
const SET_ELSEWHERE = new Set(['company_id', 'page_cursor']);

export function buildOperations(): Record<string, Json> {
  const spec = readSpec();
  const isDatetime = datetimeAttributes(spec);
  const byId = new Map<string, { method: string; path: string; op: Json }>();
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (op && typeof op === 'object' && op.operationId) byId.set(op.operationId, { method: method.toUpperCase(), path, op });
    }
  }
  const result: Record<string, Json> = {};
  for (const { id, group } of readInScopeOperations()) {
    const found = byId.get(id);
    if (!found) throw new Error(`operation ${id} is not in the spec`);
    const { method, path, op } = found;
    const rl = op['x-klaviyo-ratelimit'] ?? {};
    const burst = perUnit(rl.burst, 's');
    const steady = perUnit(rl.steady, 'm');
    const daily = perUnit(rl.daily, 'd');
    if (burst === undefined || steady === undefined) throw new Error(`operation ${id} has no rate limit`);
    // A few operations have numbers of their own (e.g. 3/s 15/m): their tier is `custom`.
    const tier = Object.entries(TIERS).find(([, [b, s]]) => b === burst && s === steady)?.[0] ?? 'custom';
    const success = Object.keys(op.responses)
      .filter((code) => /^2\d\d$/.test(code))
      .map(Number);
    const query: string[] = [];
    let filter: Record<string, string[]> | undefined;
    let filterRequired = false;
    let pageSize: Json;
    let sort: string[] | undefined;
    let include: string[] | undefined;
    const fields: Record<string, string[]> = {};
    const additionalFields: Record<string, string[]> = {};
    const params: Record<string, Json> = {};
    for (const p of op.parameters ?? []) {
      if (p.in !== 'query') continue;
      query.push(p.name);
      if (!STANDARD_QUERY.test(p.name) && !SET_ELSEWHERE.has(p.name)) {
        const option = p.name.replace(/_([a-z])/g, (_: string, c: string) => c.toUpperCase());
        params[option] = { name: p.name, required: p.required === true, ...(p.schema?.enum ? { enum: p.schema.enum } : {}) };
      }
      if (p.name === 'filter') {
        filter = parseFilterDescription(p.description ?? '');
        filterRequired = p.required === true;
      }
      if (p.name === 'page[size]') pageSize = { min: p.schema.minimum, max: p.schema.maximum, default: p.schema.default };
      if (p.name === 'sort') sort = p.schema.enum;
      if (p.name === 'include') include = p.schema.items.enum;
      const family = /^(fields|additional-fields)\[(.+)\]$/.exec(p.name);
      if (family && p.schema?.items?.enum) (family[1] === 'fields' ? fields : additionalFields)[family[2]!] = p.schema.items.enum;
    }
    const type = filter ? dataTypeOf(spec, op) : undefined;
    const datetime = filter && type ? Object.keys(filter).filter((field) => isDatetime(type, field)) : [];
    result[id] = {
      group,
      method,
      path,
      tier,
      limits: daily === undefined ? { burst, steady } : { burst, steady, daily },
      success,
      scopes: op['x-klaviyo-scopes'] ?? [],
      query,
      ...(filter && Object.keys(filter).length ? { filter, filterRequired } : {}),
      ...(datetime.length ? { datetime } : {}),
      ...(sort ? { sort } : {}),
      ...(include ? { include } : {}),
      ...(Object.keys(fields).length ? { fields } : {}),
      ...(Object.keys(additionalFields).length ? { additionalFields } : {}),
      ...(pageSize ? { pageSize } : {}),
      ...(Object.keys(params).length ? { params } : {}),
      ...(op.requestBody?.content?.['multipart/form-data'] ? { multipart: true } : {}),
    };
  }
  return result;
}

export function renderOperations(): string {
  const ops = buildOperations();
  return `// GENERATED by scripts/generate-operations.ts from Klaviyo's OpenAPI spec (revision ${REVISION}).
// Do not edit by hand: run \`npm run generate\`. test/operations.test.ts fails when this file is stale.

/** Facts about one Klaviyo operation, read from the OpenAPI spec. */
export interface OperationSpec {
  /** The resource heading the operation is listed under. */
  readonly group: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path template, e.g. \`/api/profiles/{id}\`. */
  readonly path: string;
  /** Klaviyo's rate-limit tier name; \`custom\` for an operation whose numbers match no tier. */
  readonly tier: 'XS' | 'S' | 'M' | 'L' | 'XL' | 'reporting' | 'custom';
  /** Requests allowed per 1-second burst window, per 1-minute steady window and (some operations) per day. */
  readonly limits: { readonly burst: number; readonly steady: number; readonly daily?: number };
  readonly success: readonly number[];
  readonly scopes: readonly string[];
  /** Query parameter names the operation accepts. */
  readonly query: readonly string[];
  /** Filterable fields and the operators each allows. */
  readonly filter?: { readonly [field: string]: readonly string[] };
  readonly filterRequired?: boolean;
  /**
   * The filter fields whose values are datetimes (the attribute they name is a \`date-time\` string in the
   * spec): sent unquoted, as Klaviyo requires, and refused when not a \`Date\` or an ISO 8601 string.
   */
  readonly datetime?: readonly string[];
  readonly sort?: readonly string[];
  readonly include?: readonly string[];
  /** The attributes each type's sparse fieldset (\`fields[profile]\`) may name, as the spec lists them. */
  readonly fields?: { readonly [type: string]: readonly string[] };
  /** The attributes each \`additional-fields[type]\` may name. */
  readonly additionalFields?: { readonly [type: string]: readonly string[] };
  readonly pageSize?: { readonly min: number; readonly max: number; readonly default: number };
  /**
   * The operation's other query parameters, by the option that sets each (\`groupBy\` → \`group_by\`): its wire
   * name, whether Klaviyo requires it, and the values it takes when the spec lists them.
   */
  readonly params?: {
    readonly [option: string]: { readonly name: string; readonly required: boolean; readonly enum?: readonly string[] };
  };
  /** The body is a \`multipart/form-data\` form (a file upload), not a JSON:API document. */
  readonly multipart?: boolean;
}

// One const per operation, so that a bundle keeps only the entries of the operations it calls (each
// operation function passes its own); \`operations\`, the whole table, is for what takes any operation id.
${Object.entries(ops)
  .map(([id, op]) => `export const ${id} = ${JSON.stringify(op)} as const satisfies OperationSpec;`)
  .join('\n')}

export const operations = {
${Object.keys(ops)
  .map((id) => `  ${id},`)
  .join('\n')}
} as const satisfies Record<string, OperationSpec>;

/** Every in-scope Klaviyo operation id. */
export type OperationId = keyof typeof operations;
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT_FILE, renderOperations());
  console.log(`wrote ${OUTPUT_FILE}`);
}
