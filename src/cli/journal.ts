/**
 * The import journal: which batches of a file Klaviyo already accepted, kept beside the file
 * (`customers.csv.klaviyo-import`) until the whole import went through. A re-run after a failure or Ctrl-C
 * skips those batches, so nothing that was applied is sent again. A batch is known by a hash of what it
 * sends (and where: the list it adds to), so an edited row makes its batch new, and only that batch is sent.
 *
 * A batch whose answer was lost (a 5xx after Klaviyo applied it, Ctrl-C mid-request) is not in the journal
 * and is sent again, which is harmless by design: a profile import updates the same profiles in place, and
 * every imported event carries a unique id (its own, or one made from its content), of which Klaviyo keeps
 * one event.
 */
import { createHash } from 'node:crypto';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';

/** One accepted batch. */
export interface JournalEntry {
  /** Hash of the batch's content and destination. */
  batch: string;
  /** File lines of the batch's first and last rows. */
  lines: [number, number];
  /** The Klaviyo jobs that took it (empty for operations that answer without a job id). */
  jobIds: string[];
  /** When Klaviyo accepted it (ISO 8601). */
  acceptedAt: string;
}

/** The journal of one import file. */
export class ImportJournal {
  /** Where the journal is kept. */
  readonly path: string;
  readonly #entries: Map<string, JournalEntry>;

  private constructor(path: string, entries: Map<string, JournalEntry>) {
    this.path = path;
    this.#entries = entries;
  }

  /** Opens the journal of `inputPath`, reading the batches an earlier run recorded. */
  static async open(inputPath: string): Promise<ImportJournal> {
    const path = `${inputPath}.klaviyo-import`;
    const entries = new Map<string, JournalEntry>();
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch {
      // No journal: nothing was applied by an earlier run.
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (typeof entry.batch === 'string') entries.set(entry.batch, entry);
      } catch {
        // A line cut short by a crash: that batch counts as not recorded, and is sent again.
      }
    }
    return new ImportJournal(path, entries);
  }

  /** How many batches earlier runs recorded. */
  get size(): number {
    return this.#entries.size;
  }

  /** The record of a batch an earlier run got accepted, if any. */
  accepted(batch: string): JournalEntry | undefined {
    return this.#entries.get(batch);
  }

  /**
   * Records an accepted batch at once, before anything else can fail. Resolves to false when the journal
   * cannot be written (a read-only folder): the import goes on, it only loses the skip on a re-run.
   */
  async record(entry: JournalEntry): Promise<boolean> {
    this.#entries.set(entry.batch, entry);
    try {
      await appendFile(this.path, `${JSON.stringify(entry)}\n`);
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets a batch whose job Klaviyo accepted but then failed or cancelled, so a re-run sends it again. */
  async forget(batch: string): Promise<void> {
    if (!this.#entries.delete(batch)) return;
    const lines = [...this.#entries.values()].map((entry) => `${JSON.stringify(entry)}\n`).join('');
    await writeFile(this.path, lines).catch(() => {});
  }

  /** Deletes the journal: the import went through, and a later run of the same file is a new import. */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

/** The identity of a batch: what it sends and where. */
export function batchHash(kind: string, destination: string, values: readonly unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, destination, values]))
    .digest('hex')
    .slice(0, 32);
}
