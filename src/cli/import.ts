/**
 * Imports in batches (one Klaviyo bulk job each), with a report per batch: which lines it held, the jobs
 * that took it, how many rows were applied, and which rows were refused and why.
 *
 * - Rows the SDK's checks refuse (a bad email, an event past Klaviyo's limits) are dropped from their batch
 *   and reported; the rest of the batch is sent. Nothing is sent for a row that would fail the whole job.
 * - Each accepted batch is recorded in the journal (journal.ts) at once, so a re-run after a failure or
 *   Ctrl-C skips it: what was applied is not applied twice.
 * - A batch that fails is reported and the next one is tried, except when the key itself is refused (401,
 *   403): then every batch would fail the same way, and the import stops.
 */
import {
  AbortError,
  AuthenticationError,
  KlaviyoError,
  PermissionDeniedError,
  ValidationError,
  type ValidationIssue,
} from '../index.js';
import { batchHash, ImportJournal } from './journal.js';
import type { Rejection, Row } from './read.js';
import type { Cli } from './runtime.js';

/** What a batch's jobs did once Klaviyo finished them. */
export interface Settled {
  /** The jobs' final status, e.g. `complete`. */
  status: string;
  /** Rows applied. */
  applied: number;
  /** Rows Klaviyo refused: by their index in the batch as sent, or else by the identifier it echoed back. */
  refused: { index?: number; identifier?: string; reason: string }[];
}

/** A batch Klaviyo accepted. */
export interface Accepted {
  /** The jobs that took it; empty when Klaviyo answers without a job id (event bulk jobs). */
  jobIds: string[];
  /** Waits for the jobs to finish; absent when there is nothing to wait for. */
  settle?: () => Promise<Settled>;
}

/** How one kind of import sends a batch. */
export interface ImportSpec<T> {
  /** `profiles` or `events`: part of each batch's identity in the journal. */
  kind: string;
  /** Where rows go (a list id), also part of the identity. */
  destination: string;
  /** What is counted, for the progress bar. */
  unit: string;
  /** The file being imported (the journal is kept beside it). */
  file: string;
  /** Rows ready to send. */
  rows: Row<T>[];
  /** Rows per batch. */
  batchSize: number;
  /** Sends one batch. */
  send(values: T[]): Promise<Accepted>;
  /** A row's identifier (email, phone number, …) for reports. */
  identify(value: T): string | undefined;
  /** Where an SDK validation issue points: the row's index in the batch, or undefined. */
  rowOfIssue(issue: ValidationIssue): number | undefined;
}

/** What happened to one batch. */
export interface BatchReport {
  batch: number;
  /** First and last file line of its rows. */
  lines: string;
  /** `complete` (applied), `accepted` (Klaviyo took it; no job to follow), `skipped` (an earlier run's),
   * `failed`, or `not sent` (stopped before it). */
  status: string;
  job_ids: string[];
  rows: number;
  /** Rows applied; null when unknown (skipped, failed, or no job to read). */
  applied: number | null;
  rejected: Rejection[];
  error?: string;
}

/** The outcome of an import. */
export interface ImportOutcome {
  batches: BatchReport[];
  /** Whether any batch failed or was not sent. */
  failed: boolean;
  journal: string;
}

/** Sends every batch, waits for their jobs, and reports what each did. */
export async function runImport<T>(cli: Cli, spec: ImportSpec<T>): Promise<ImportOutcome> {
  const journal = await ImportJournal.open(spec.file);
  const batches: Row<T>[][] = [];
  for (let i = 0; i < spec.rows.length; i += spec.batchSize) batches.push(spec.rows.slice(i, i + spec.batchSize));
  const reports: BatchReport[] = batches.map((rows, i) => ({
    batch: i + 1,
    lines: `${rows[0]!.line}-${rows[rows.length - 1]!.line}`,
    status: 'not sent',
    job_ids: [],
    rows: rows.length,
    applied: null,
    rejected: [],
  }));
  let sending: BatchReport | undefined;
  cli.onInterrupt(() => {
    const accepted = reports.filter((r) => ['accepted', 'complete', 'skipped'].includes(r.status) || r.job_ids.length > 0);
    const rows = accepted.reduce((n, r) => n + r.rows, 0);
    const done =
      accepted.length === 0
        ? 'no batch had been accepted by Klaviyo'
        : `${accepted.length} of ${reports.length} batches (${rows} ${spec.unit}) had been accepted by Klaviyo and go on there`;
    // Stopped mid-request: Klaviyo may have taken the batch. Sending it again does no harm (see the journal's notes).
    const unsure = sending ? `; the batch of lines ${sending.lines} was being sent and may have been applied` : '';
    return `${done}${unsure}. Run the same command again to send the rest (journal: ${journal.path})`;
  });

  const waiting: { report: BatchReport; rows: Row<T>[]; hash: string; settle: () => Promise<Settled> }[] = [];
  const progress = cli.progress(spec.unit, spec.rows.length);
  let journalWarned = false;
  try {
    for (const [i, batch] of batches.entries()) {
      const report = reports[i]!;
      const hash = batchHash(
        spec.kind,
        spec.destination,
        batch.map((r) => r.value),
      );
      const earlier = journal.accepted(hash);
      if (earlier) {
        Object.assign(report, { status: 'skipped', job_ids: earlier.jobIds });
        progress.increment(batch.length);
        continue;
      }
      sending = report;
      const sent = await sendDroppingInvalidRows(spec, batch, report);
      sending = undefined;
      progress.increment(batch.length);
      if (!sent) continue;
      report.job_ids = sent.accepted.jobIds;
      report.status = 'accepted';
      const entry = { batch: hash, lines: [batch[0]!.line, batch[batch.length - 1]!.line] as [number, number] };
      const recorded = await journal.record({ ...entry, jobIds: sent.accepted.jobIds, acceptedAt: new Date().toISOString() });
      if (!recorded && !journalWarned) {
        journalWarned = true;
        cli.warn(`warning: cannot write ${journal.path}; a re-run would send the batches accepted so far again`);
      }
      if (sent.accepted.settle) waiting.push({ report, rows: sent.rows, hash, settle: sent.accepted.settle });
      else report.applied = sent.rows.length;
    }
  } finally {
    progress.stop();
  }

  if (waiting.length > 0) cli.note(`Waiting for ${waiting.length} Klaviyo job${waiting.length === 1 ? '' : 's'} to finish…`);
  for (const { report, rows, hash, settle } of waiting) {
    try {
      const settled = await settle();
      report.status = settled.status;
      report.applied = settled.applied;
      for (const { index, identifier, reason } of settled.refused) {
        const row =
          index !== undefined ? rows[index] : rows.find((r) => identifier !== undefined && spec.identify(r.value) === identifier);
        report.rejected.push(row ? rejection(spec, row, reason) : { line: 0, reason, ...(identifier ? { identifier } : {}) });
      }
    } catch (error) {
      if (cli.interrupted || !(error instanceof KlaviyoError)) throw error;
      report.status = 'failed';
      report.error = error.message;
      // The job ended without applying the batch (cancelled, failed) or could not be read: send it again next run.
      await journal.forget(hash);
    }
  }

  const failed = reports.some((r) => r.status === 'failed' || r.status === 'not sent');
  if (!failed) await journal.remove();
  return { batches: reports, failed, journal: journal.path };
}

/**
 * Sends a batch; when the SDK's checks refuse rows (nothing was sent), reports them and sends the others.
 * Resolves to what was accepted and the rows it held, or undefined when nothing could be sent.
 */
async function sendDroppingInvalidRows<T>(
  spec: ImportSpec<T>,
  batch: Row<T>[],
  report: BatchReport,
): Promise<{ accepted: Accepted; rows: Row<T>[] } | undefined> {
  let rows = batch;
  for (;;) {
    if (rows.length === 0) {
      report.status = 'rejected';
      return undefined;
    }
    try {
      return { accepted: await spec.send(rows.map((r) => r.value)), rows };
    } catch (error) {
      if (error instanceof ValidationError && !error.mayHaveApplied && error.body === undefined) {
        const bad = new Map<number, string>();
        for (const issue of error.issues) {
          const index = spec.rowOfIssue(issue);
          if (index === undefined || index >= rows.length) continue;
          const reason = bad.get(index);
          bad.set(index, reason ? `${reason}; ${describeIssue(issue)}` : describeIssue(issue));
        }
        if (bad.size === 0) {
          // The problem is not in one row: the batch as a whole cannot be sent.
          for (const row of rows) report.rejected.push(rejection(spec, row, error.message));
          rows = [];
          continue;
        }
        for (const [index, reason] of bad) report.rejected.push(rejection(spec, rows[index], reason));
        rows = rows.filter((_, index) => !bad.has(index));
        continue;
      }
      if (!(error instanceof KlaviyoError)) throw error;
      if (error instanceof AuthenticationError || error instanceof PermissionDeniedError || error instanceof AbortError)
        throw error;
      report.status = 'failed';
      report.error = error.mayHaveApplied
        ? `${error.message}. Klaviyo may have applied it: a re-run sends this batch again, which ${
            spec.kind === 'events' ? 'its unique ids make harmless' : 'updates the same profiles again'
          }`
        : error.message;
      return undefined;
    }
  }
}

function rejection<T>(spec: ImportSpec<T>, row: Row<T> | undefined, reason: string): Rejection {
  const identifier = row ? spec.identify(row.value) : undefined;
  return { line: row?.line ?? 0, reason, ...(identifier === undefined ? {} : { identifier }) };
}

/** `profiles.3.email: Invalid email` (as the helpers name a row's issue) → `email: Invalid email`. */
function describeIssue(issue: ValidationIssue): string {
  const field = issue.path.replace(/^[a-z]+\.\d+\.?/, '');
  return field && field !== issue.path ? `${field}: ${issue.message}` : issue.message;
}
