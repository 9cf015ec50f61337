/**
 * `klaviyo api OPERATION_ID`: any operation of the revision, by Klaviyo's operation id, through the same
 * standalone function an app would call (`klaviyo-ts/operations`), so the body is validated, the call paced
 * and retried, and errors typed exactly as in the SDK. What an operation takes is read from the operation
 * table at run time: path parameters from its path template, query names from its table entry, and whether
 * it takes a body from the generated request schemas.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { Command } from 'commander';
import { type OperationId, operations } from '../../core/operations.js';
import { DEFAULT_REVISION, PagePromise } from '../../index.js';
import { requestBodySchemas } from '../../schemas/generated/operations.js';
import type { Column } from '../output.js';
import { collect, list, parsePair } from '../parse.js';
import { type Cli, UsageError } from '../runtime.js';
import { examples, pagingOptions, writeCollection } from './shared.js';

/** One row of `klaviyo api --list`. */
interface OperationRow {
  operation_id: string;
  method: string;
  path: string;
  scopes: readonly string[];
  tier: string;
}

const LIST_COLUMNS: Column<OperationRow>[] = [
  { header: 'operation', value: (r) => r.operation_id },
  { header: 'method', value: (r) => r.method },
  { header: 'path', value: (r) => r.path },
  { header: 'scopes', value: (r) => r.scopes.join(', ') },
];

type OperationFunction = (...args: unknown[]) => unknown;

/** `klaviyo api …` */
export function apiCommand(cli: Cli): Command {
  const command = new Command('api')
    .description('Call any operation of the API revision by its Klaviyo operation id')
    .argument('[operation-id]', 'e.g. get_lists, get_profile, create_list (see --list)')
    .option('--list', 'list every operation with its method, path and scopes')
    .option('--path <name=value>', 'a path parameter, e.g. id=01GDDKASAP8TKDDA2GRZDSVP4H; repeatable', collect(parsePair))
    .option(
      '--query <name=value>',
      'a query parameter, e.g. "fields[profile]=email" or "filter=equals(email,\\"a@b.com\\")"; repeatable',
      collect(parsePair),
    )
    .option('--body <file>', 'the JSON:API request body, from a file or - for standard input');
  // --all and --limit N, as every list command takes them (for a collection operation).
  return pagingOptions(command, 'items')
    .addHelpText(
      'after',
      examples(
        'klaviyo api --list',
        'klaviyo api get_lists --all',
        'klaviyo api get_profile --path id=01GDDKASAP8TKDDA2GRZDSVP4H --query "additional-fields[profile]=subscriptions"',
        `echo '{"data":{"type":"list","attributes":{"name":"VIP"}}}' | klaviyo api create_list --body -`,
      ),
    )
    .action(
      async (
        operationId: string | undefined,
        opts: {
          list?: boolean;
          path?: [string, string][];
          query?: [string, string][];
          body?: string;
          all?: boolean;
          limit?: number;
        },
      ) => {
        if (opts.list) {
          if (operationId !== undefined) throw new UsageError('api --list takes no operation id');
          const out = cli.records(LIST_COLUMNS, 'operations');
          for (const [id, op] of Object.entries(operations).sort(([a], [b]) => a.localeCompare(b)))
            await out.write({ operation_id: id, method: op.method, path: op.path, scopes: op.scopes, tier: op.tier });
          out.end();
          return;
        }
        if (operationId === undefined)
          throw new UsageError('api needs an operation id, e.g. klaviyo api get_lists (klaviyo api --list shows them all)');
        const id = knownOperation(operationId);
        // Imported here, by name at run time, from the `klaviyo-ts/operations` entry itself: a namespace the bin
        // imported statically would be built in the chunk the entries share, where it would keep every
        // operation (and its schemas) in the bundle of an app that imports one.
        const operationFunctions = (await import('../../operations/index.js')) as unknown as Record<string, OperationFunction>;
        const fn = operationFunctions[functionNameOf(id)];
        if (typeof fn !== 'function') throw new UsageError(`${id} has no operation function in this build`);

        const args: unknown[] = [cli.klaviyo, ...pathValuesOf(id, opts.path ?? [])];
        const takesBody = id in requestBodySchemas;
        if (takesBody) {
          if (opts.body === undefined)
            throw new UsageError(`${id} needs a request body: --body FILE, or --body - for standard input`);
          args.push(await readBody(cli, opts.body));
        } else if (opts.body !== undefined) throw new UsageError(`${id} takes no request body`);
        const query = queryOptionsOf(id, opts.query ?? []);
        // The function's own arity says whether it takes query options: (client, ...path, body?, query?, options).
        if (fn.length === args.length + 2) args.push(query);
        else if (Object.keys(query).length > 0) throw new UsageError(`${id} takes no query parameters`);
        args.push(cli.requestOptions);

        const result = fn(...args);
        if (result instanceof PagePromise) {
          const paging = { all: opts.all ?? false, ...(opts.limit !== undefined && { limit: opts.limit }) };
          await writeCollection(cli, result as PagePromise<unknown>, paging, undefined, 'items');
          return;
        }
        if (opts.all || opts.limit !== undefined) {
          throw new UsageError(`${id} answers with one document, not pages: drop ${opts.all ? '--all' : '--limit'}`);
        }
        const document = (await result) as { data?: unknown } | undefined;
        if (document === undefined) {
          cli.note(`${id}: done (Klaviyo answered without a body)`);
          return;
        }
        const out = cli.records(undefined, 'items');
        const data = document.data;
        for (const item of Array.isArray(data) ? data : [data ?? document]) await out.write(item);
        out.end();
      },
    );
}

/** The operation id as the table has it, or a usage error that suggests the closest ones. */
function knownOperation(name: string): OperationId {
  if (name in operations) return name as OperationId;
  const ids = Object.keys(operations);
  const suggestions = closest(name, ids);
  const hint = suggestions.length > 0 ? `\n(Did you mean ${suggestions.join(', ')}?)` : '';
  throw new UsageError(`unknown operation '${name}' in revision ${DEFAULT_REVISION}: klaviyo api --list shows them all${hint}`);
}

/** `get_catalog_items` → `getCatalogItems`, as `klaviyo-ts/operations` names its functions. */
export function functionNameOf(operationId: string): string {
  return operationId.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Path parameters in template order; a single parameter may be given without its name. */
export function pathValuesOf(operationId: OperationId, pairs: readonly [string, string][]): string[] {
  const names = [...operations[operationId].path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const given = new Map(pairs);
  for (const name of given.keys())
    if (!names.includes(name))
      throw new UsageError(`${operationId} has no path parameter "${name}"; its path is ${operations[operationId].path}`);
  return names.map((name) => {
    const value = given.get(name);
    if (value === undefined || value === '')
      throw new UsageError(`${operationId} needs --path ${name}=… (${operations[operationId].path})`);
    return value;
  });
}

/**
 * `--query` pairs, in Klaviyo's wire names, as the SDK's query options. The SDK then checks each against
 * the operation (sort keys, include names, page size bounds), as for any call.
 */
export function queryOptionsOf(operationId: OperationId, pairs: readonly [string, string][]): Record<string, unknown> {
  const accepted = operations[operationId].query as readonly string[];
  const options: Record<string, unknown> = {};
  const fields: Record<string, string[]> = {};
  const additionalFields: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    if (name === 'page[cursor]' || name === 'page_cursor')
      throw new UsageError(`${name} is followed for you: use --all for every page`);
    if (!accepted.includes(name))
      throw new UsageError(`${operationId} does not take the query parameter ${name}; it takes ${accepted.join(', ') || 'none'}`);
    const type = /^(additional-)?fields\[(.+)\]$/.exec(name);
    if (type) (type[1] ? additionalFields : fields)[type[2]!] = list(value);
    else if (name === 'filter' || name === 'sort') options[name] = value;
    else if (name === 'include') options['include'] = list(value);
    else if (name === 'page[size]') {
      if (!/^\d+$/.test(value)) throw new UsageError('page[size] must be a whole number');
      options['pageSize'] = Number(value);
    }
  }
  if (Object.keys(fields).length > 0) options['fields'] = fields;
  if (Object.keys(additionalFields).length > 0) options['additionalFields'] = additionalFields;
  return options;
}

async function readBody(cli: Cli, source: string): Promise<unknown> {
  let raw: string;
  try {
    raw = source === '-' ? await text(cli.stdin) : await readFile(source, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the body from ${source}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new UsageError(`The body from ${source === '-' ? 'standard input' : source} is not JSON: ${(error as Error).message}`);
  }
}

/** Up to three names within a small edit distance of `name`, closest first. */
export function closest(name: string, candidates: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(name.length / 4));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
