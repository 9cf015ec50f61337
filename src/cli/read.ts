/**
 * Reading the files imports take: CSV (csv-parse, header row first) or JSON Lines, each row with the line
 * it started on, so every report can point at the line to fix. Rows that cannot be read are rejected
 * with their line and reason; the rest go on.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { UsageError } from './runtime.js';

/** One row of an input file, with the line it starts on (1-based, header included). */
export interface Row<T = Record<string, unknown>> {
  line: number;
  value: T;
}

/** A row that was not sent, and why. */
export interface Rejection {
  line: number;
  reason: string;
  /** The row's identifier (email, phone number, …) when it has one, to find it without the file. */
  identifier?: string;
}

/** The rows of a file, and the lines that could not be read. */
export interface ReadResult {
  rows: Row[];
  rejected: Rejection[];
}

/** The formats an import file may have, by extension. */
export type FileFormat = 'csv' | 'jsonl';

/** `.csv` → csv; `.jsonl`/`.ndjson` → jsonl; anything else is a usage error naming what is accepted. */
export function formatOf(path: string, accepted: readonly FileFormat[]): FileFormat {
  const ext = extname(path).toLowerCase();
  const format: FileFormat | undefined = ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : undefined;
  if (!format || !accepted.includes(format)) {
    const names = accepted.map((f) => (f === 'csv' ? '.csv' : '.jsonl')).join(' or ');
    throw new UsageError(`${path}: expected a ${names} file`);
  }
  return format;
}

/** Reads every row of a CSV (header row naming the columns) or JSON Lines file. */
export async function readRows(path: string, format: FileFormat): Promise<ReadResult> {
  try {
    await access(path);
  } catch {
    throw new UsageError(`Cannot read ${path}: no such file`);
  }
  return format === 'csv' ? readCsv(path) : readJsonLines(createReadStream(path));
}

async function readCsv(path: string): Promise<ReadResult> {
  const rows: Row[] = [];
  const rejected: Rejection[] = [];
  const parser = createReadStream(path).pipe(
    parse({ columns: true, bom: true, trim: true, skip_empty_lines: true, info: true, relax_column_count: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const value = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '' && v !== undefined));
      rows.push({ line: info.lines, value });
    }
  } catch (error) {
    // A malformed CSV (an unclosed quote) cannot be read past the fault: say where it is.
    const line = (error as { lines?: number }).lines;
    throw new UsageError(`${path}${line ? `:${line}` : ''}: ${(error as Error).message}`);
  }
  return { rows, rejected };
}

/** Reads JSON Lines: one JSON object per line; blank lines are skipped. */
export async function readJsonLines(input: NodeJS.ReadableStream): Promise<ReadResult> {
  const rows: Row[] = [];
  const rejected: Rejection[] = [];
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      const value = JSON.parse(text) as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        rejected.push({ line, reason: 'not a JSON object' });
      else rows.push({ line, value: value as Record<string, unknown> });
    } catch (error) {
      rejected.push({ line, reason: `not valid JSON: ${(error as Error).message}` });
    }
  }
  return { rows, rejected };
}

/**
 * Profile ids, one a line, from a file or standard input (`-`). A line may also be a JSON object with an
 * `id`, so `klaviyo profiles list --json | klaviyo lists add-profiles LIST -` works. Repeats are dropped.
 */
export async function readIds(source: string, stdin: NodeJS.ReadableStream): Promise<string[]> {
  if (source !== '-') {
    try {
      await access(source);
    } catch {
      throw new UsageError(`Cannot read ${source}: no such file`);
    }
  }
  const input = source === '-' ? stdin : createReadStream(source);
  const ids = new Set<string>();
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    if (text.startsWith('{')) {
      let id: unknown;
      try {
        id = (JSON.parse(text) as { id?: unknown }).id;
      } catch {
        throw new UsageError(`${source === '-' ? 'standard input' : source}:${line}: not valid JSON`);
      }
      if (typeof id !== 'string' || id === '')
        throw new UsageError(`${source === '-' ? 'standard input' : source}:${line}: the JSON object has no "id"`);
      ids.add(id);
    } else ids.add(text);
  }
  return [...ids];
}
