/** What the list commands share: `--all` / `--limit`, page sizes, writing a collection, help examples. */
import type { Command } from 'commander';
import { operations, type OperationId } from '../../core/operations.js';
import type { Page, PagePromise } from '../../index.js';
import { attribute, type Column, idColumn, type ResourceObject } from '../output.js';
import { wholeNumber } from '../parse.js';
import type { Cli } from '../runtime.js';

/** `--all` and `--limit N`, as every list command takes them. */
export interface PagingOptions {
  all?: boolean;
  limit?: number;
}

/** Adds `--all` and `--limit N` to a list command. */
export function pagingOptions(command: Command, unit: string): Command {
  return command
    .option('--all', `every ${unit.replace(/s$/, '')}, page after page (with a progress bar on a terminal)`)
    .option('--limit <n>', `at most N ${unit}`, wholeNumber(1));
}

/** The help text's examples, which every command shows under `--help`. */
export function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/**
 * The page size to ask for: the largest the operation allows for `--all` (fewest requests), no more than
 * needed for `--limit`, and the operation's default otherwise.
 */
export function pageSizeOf(operationId: OperationId, paging: PagingOptions): { pageSize?: number } {
  const op = operations[operationId];
  const bounds = 'pageSize' in op ? op.pageSize : undefined;
  if (!bounds) return {};
  if (paging.limit !== undefined) return { pageSize: Math.max(bounds.min, Math.min(bounds.max, paging.limit)) };
  return paging.all ? { pageSize: bounds.max } : {};
}

/**
 * Writes a collection: one page by default (with a note when more follow), every page with `--all`, up to
 * N items with `--limit N`. `onPage` reads what each page carries besides its items (`included`). What was fetched is written even when a later page fails or Ctrl-C stops it.
 */
export async function writeCollection<R>(
  cli: Cli,
  pages: PagePromise<R>,
  paging: PagingOptions,
  columns: readonly Column<R>[] | undefined,
  unit: string,
  onPage?: (page: Page<R>) => void,
): Promise<void> {
  const out = cli.records(columns, unit);
  let complete = false;
  try {
    if (paging.all || paging.limit !== undefined) {
      const progress = paging.all ? cli.progress(unit) : undefined;
      try {
        walk: for await (const page of pages.pages()) {
          onPage?.(page);
          for (const item of page.data) {
            await out.write(item);
            progress?.increment();
            if (paging.limit !== undefined && out.count >= paging.limit) break walk;
          }
        }
      } finally {
        progress?.stop();
      }
    } else {
      const page = await pages;
      onPage?.(page);
      for (const item of page.data) await out.write(item);
      if (page.hasNextPage()) cli.note(`More ${unit} follow: add --all for every one, or --limit N.`);
    }
    complete = true;
  } finally {
    if (!out.end() && complete && cli.tableOutput) cli.note(`No ${unit}.`);
  }
}

/** Writes one resource (a `get`, a `create`). */
export async function writeOne<R>(cli: Cli, record: R, columns: readonly Column<R>[] | undefined, unit: string): Promise<void> {
  const out = cli.records(columns, unit);
  await out.write(record);
  out.end();
}

/** The id column and one column per attribute name. */
export function columnsOf(...names: string[]): Column<ResourceObject>[] {
  return [idColumn, ...names.map((name) => attribute(name))];
}
