/**
 * Progress bars (cli-progress) on stderr for `--all` exports and imports: count, rate and, when the total
 * is known, percentage and ETA. Nothing at all when stderr is not a terminal or with `--quiet`, so logs and
 * pipes stay clean.
 */
import cliProgress from 'cli-progress';

/** A running progress display. */
export interface Progress {
  /** Counts `n` more items done. */
  increment(n?: number): void;
  /** Removes nothing, stops redrawing; call before printing anything else on stderr. */
  stop(): void;
}

/** What a progress bar shows. */
export interface ProgressOptions {
  /** False: no bar (stderr is not a terminal, or `--quiet`). */
  enabled: boolean;
  /** What is counted, e.g. "profiles". */
  unit: string;
  /** How many there will be, when known (imports); exports do not know it. */
  total?: number;
}

const disabled: Progress = { increment() {}, stop() {} };

/** A progress bar drawing on `stream`, or one that draws nothing. */
export function createProgress(stream: NodeJS.WritableStream, options: ProgressOptions): Progress {
  if (!options.enabled) return disabled;
  const known = options.total !== undefined;
  const format = known
    ? `{bar} {percentage}% | {value}/{total} ${options.unit} | {rate}/s | ETA {eta_formatted}`
    : `{value} ${options.unit} | {rate}/s | {duration_formatted}`;
  const bar = new cliProgress.SingleBar(
    { stream, format, hideCursor: true, etaBuffer: 50, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let value = 0;
  const rate = () => {
    const seconds = (Date.now() - started) / 1000;
    return seconds > 0 ? Math.round(value / seconds) : 0;
  };
  bar.start(options.total ?? 0, 0, { rate: 0 });
  let stopped = false;
  return {
    increment(n = 1) {
      value += n;
      bar.increment(n, { rate: rate() });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
