/** What every section reports: figures as median (min–max) over tinybench's runs, and PASS/FAIL against a target. */
import type { Task } from 'tinybench';

/** One measured figure: the median of the runs, and their range. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** A row of the report. */
export interface Row {
  section: string;
  name: string;
  value: string;
  /** The target and whether it was met; absent for figures reported without a target. */
  verdict?: { target: string; pass: boolean; ratio?: string };
}

/** A task's figure: its samples' median and range (the samples are what the task returned as overriddenDuration). */
export function figureOf(task: Task): Figure {
  const result = task.result;
  if (!('latency' in result)) throw new Error(`benchmark task ${task.name} did not complete: ${result.state}`);
  const { p50, min, max, samplesCount } = result.latency;
  return { median: p50, min, max, runs: samplesCount };
}

/** The median and range of plain numbers (sizes, heap readings collected beside a tinybench task). */
export function figureOfValues(values: readonly number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** `12.3 ms (11.9–13.0, 5 runs)` */
export function show(figure: Figure, unit: string, digits = 1): string {
  const f = (n: number) => n.toFixed(digits);
  if (figure.runs <= 1 || figure.min === figure.max) return `${f(figure.median)} ${unit}`;
  return `${f(figure.median)} ${unit} (${f(figure.min)}–${f(figure.max)}, ${figure.runs} runs)`;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
