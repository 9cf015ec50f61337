/**
 * Records out: a table (cli-table3) for a person at a terminal, JSON Lines for everything else, so
 * `klaviyo profiles list --all | jq .attributes.email` works. JSON Lines are written as they come (an
 * export of a million profiles runs in constant memory); a table needs every row for its widths.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import Table from 'cli-table3';

/** One column of a table: its heading and how to read its cell from a record. */
export interface Column<R> {
  header: string;
  value: (record: R) => unknown;
}

/** Where records are written: stdout or `--output FILE`. */
export interface Sink {
  stream: Writable;
  close(): Promise<void>;
}

/** Longest cell text before it is cut with `…`. */
const MAX_CELL = 48;

/** Writes records as a table or as JSON Lines. */
export class RecordWriter<R> {
  /** Records written so far. */
  count = 0;
  readonly #sink: Sink;
  readonly #mode: 'table' | 'jsonl';
  readonly #columns: readonly Column<R>[] | undefined;
  readonly #rows: R[] = [];

  constructor(sink: Sink, mode: 'table' | 'jsonl', columns: readonly Column<R>[] | undefined) {
    this.#sink = sink;
    this.#mode = mode;
    this.#columns = columns;
  }

  /** Writes one record (JSON Lines), or keeps it for the table. */
  async write(record: R): Promise<void> {
    if (this.#mode === 'table') {
      this.#rows.push(record);
      this.count += 1;
      return;
    }
    const ok = this.#sink.stream.write(`${JSON.stringify(record)}\n`);
    this.count += 1;
    if (!ok) await once(this.#sink.stream, 'drain');
  }

  /** Prints the table (nothing to do for JSON Lines). Returns false when there was nothing to show. */
  end(): boolean {
    if (this.#mode === 'table' && this.#rows.length > 0) {
      const columns = this.#columns ?? autoColumns(this.#rows[0]);
      this.#sink.stream.write(`${renderTable(columns, this.#rows)}\n`);
    }
    return this.count > 0;
  }
}

/** A plain table of `rows`: no colours and no rules between rows, so it reads the same in every terminal and in a log. */
export function renderTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const table = new Table({ head: columns.map((c) => c.header), style: { head: [], border: [], compact: true } });
  for (const row of rows) table.push(columns.map((c) => cellText(c.value(row))));
  return table.toString();
}

/** How a value reads in a cell: empty for nothing, JSON for objects, cut to a readable width. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}…` : line;
}

/** A JSON:API resource as Klaviyo sends it. */
export interface ResourceObject {
  type?: string;
  id?: string;
  attributes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A column showing one attribute of a resource (`location.city` reads a nested one). */
export function attribute(name: string, header = name): Column<ResourceObject> {
  const path = name.split('.');
  return {
    header,
    value: (r) => path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], r.attributes),
  };
}

/** The resource id column. */
export const idColumn: Column<ResourceObject> = { header: 'id', value: (r) => r.id };

/** For records nobody described: the id and the first few attributes that are plain values. */
export function autoColumns<R>(sample: R): Column<R>[] {
  const record = sample as ResourceObject;
  if (record && typeof record === 'object' && record.attributes && typeof record.attributes === 'object') {
    const names = Object.entries(record.attributes)
      .filter(([, v]) => v === null || typeof v !== 'object')
      .map(([k]) => k)
      .slice(0, 6);
    return [idColumn, ...names.map((n) => attribute(n))] as unknown as Column<R>[];
  }
  const keys = record && typeof record === 'object' ? Object.keys(record).slice(0, 8) : [];
  if (keys.length === 0) return [{ header: 'value', value: (r) => r }];
  return keys.map((k) => ({ header: k, value: (r) => (r as Record<string, unknown>)[k] }));
}
