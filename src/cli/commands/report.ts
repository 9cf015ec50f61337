/**
 * The report of an import: one record per batch (its lines, jobs, status, rows applied, rows refused and
 * why), then, on a terminal, a table of the refused rows. Rows that could not even be read are reported as
 * a batch that was not sent.
 */
import type { BatchReport, ImportOutcome } from '../import.js';
import type { Column } from '../output.js';
import type { Rejection } from '../read.js';
import { type Cli, CommandFailure } from '../runtime.js';

const BATCH_COLUMNS: Column<BatchReport>[] = [
  { header: 'batch', value: (b) => b.batch },
  { header: 'lines', value: (b) => b.lines },
  { header: 'jobs', value: (b) => b.job_ids.join(', ') },
  { header: 'status', value: (b) => b.status },
  { header: 'rows', value: (b) => b.rows },
  { header: 'applied', value: (b) => b.applied },
  { header: 'refused', value: (b) => b.rejected.length },
  { header: 'error', value: (b) => b.error },
];

const REJECTION_COLUMNS: Column<Rejection>[] = [
  { header: 'line', value: (r) => r.line || '' },
  { header: 'row', value: (r) => r.identifier },
  { header: 'reason', value: (r) => r.reason },
];

/** Writes the report; throws `CommandFailure` (exit 1) when a batch failed or was not sent. */
export async function writeImportReport(
  cli: Cli,
  outcome: ImportOutcome,
  unreadable: readonly Rejection[],
  unit: string,
): Promise<void> {
  const batches: BatchReport[] = [...outcome.batches];
  if (unreadable.length > 0) {
    batches.push({
      batch: 0,
      lines: '',
      status: 'not sent',
      job_ids: [],
      rows: unreadable.length,
      applied: 0,
      rejected: [...unreadable],
    });
  }
  const out = cli.records(BATCH_COLUMNS, 'batch reports');
  for (const batch of batches) await out.write(batch);
  out.end();
  const refused = batches.flatMap((b) => b.rejected).sort((a, b) => a.line - b.line);
  if (cli.tableOutput && refused.length > 0) {
    cli.print(`\nRefused rows:\n`);
    const rows = cli.records(REJECTION_COLUMNS, 'refused rows');
    for (const r of refused) await rows.write(r);
    rows.end();
  }

  const applied = outcome.batches.reduce((n, b) => n + (b.applied ?? 0), 0);
  const skipped = outcome.batches.filter((b) => b.status === 'skipped');
  const total = outcome.batches.reduce((n, b) => n + b.rows, 0) + unreadable.length;
  const parts = [`${applied} of ${total} ${unit} applied`];
  if (skipped.length > 0)
    parts.push(
      `${skipped.reduce((n, b) => n + b.rows, 0)} skipped: an earlier run had them accepted (${skipped.length} batch${skipped.length === 1 ? '' : 'es'})`,
    );
  if (refused.length > 0) parts.push(`${refused.length} refused`);
  cli.note(`${parts.join('; ')}.`);

  const failed = outcome.batches.filter((b) => b.status === 'failed' || b.status === 'not sent');
  if (failed.length > 0) {
    throw new CommandFailure(
      `${failed.length} of ${outcome.batches.length} batches did not go through (lines ${failed.map((b) => b.lines).join(', ')}). ` +
        `Run the same command again to send them: accepted batches are recorded in ${outcome.journal} and are not sent twice.`,
    );
  }
}
