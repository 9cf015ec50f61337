/** Where the SDK reports what it does. Each method takes a message and optional structured details. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/**
 * How much the SDK reports, from nothing to everything:
 * - `'off'`: nothing;
 * - `'error'`: errors only (the SDK reports none today: its failures are thrown to the caller);
 * - `'warn'` (the default): also what needs your attention without failing a call: a revision Klaviyo is
 *   retiring, an answer that differs from the spec, Redis unreachable for a shared quota;
 * - `'info'`: also retries and long waits for the rate limit;
 * - `'debug'`: also every request and response, with their headers (the key and cookies redacted).
 */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** The levels, quietest first. */
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** A logger that says nothing: what `logLevel: 'off'` gives. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Where the SDK reports when no `logger` is given: the console, as openai-node does. `console` is looked up
 * at each call, so a test's spy (or an app's own console) installed later still receives it.
 */
export const consoleLogger: Logger = {
  debug: (message, details) => console.debug(...consoleArgs(message, details)),
  info: (message, details) => console.info(...consoleArgs(message, details)),
  warn: (message, details) => console.warn(...consoleArgs(message, details)),
  error: (message, details) => console.error(...consoleArgs(message, details)),
};

/** `[klaviyo-ts] message`, then the details when there are any: a line on the console says where it is from. */
function consoleArgs(message: string, details: Record<string, unknown> | undefined): unknown[] {
  return details === undefined ? [`[klaviyo-ts] ${message}`] : [`[klaviyo-ts] ${message}`, details];
}

/** Why `value` cannot be the `logger` option (an object with `debug`, `info`, `warn` and `error` methods), or undefined. */
export function loggerProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null)
    return `must be an object with debug, info, warn and error methods, such as console`;
  const missing = (['debug', 'info', 'warn', 'error'] as const).filter(
    (level) => typeof (value as Record<string, unknown>)[level] !== 'function',
  );
  return missing.length
    ? `has no ${missing.join(', ')} method${missing.length > 1 ? 's' : ''}: pass an object with all four, such as console`
    : undefined;
}

/** `logLevel`, from the client's options: one of `LOG_LEVELS`. */
export function isLogLevel(value: unknown): value is LogLevel {
  return (LOG_LEVELS as readonly unknown[]).includes(value);
}

/** The filtered views made so far, per logger and level: one per pair, so `warnOnce` keys stay per logger. */
const filtered = new WeakMap<Logger, Map<LogLevel, Logger>>();
/** The level of each filtered view, for `logsAt`. */
const levelOf = new WeakMap<Logger, LogLevel>();

/**
 * `logger`, passing on only the messages at `level` or more important. Details are passed only when there
 * are some, so `logger: console` prints no trailing `undefined`.
 */
export function atLevel(logger: Logger, level: LogLevel): Logger {
  if (level === 'off') return silentLogger;
  let views = filtered.get(logger);
  if (!views) filtered.set(logger, (views = new Map()));
  let view = views.get(level);
  if (view) return view;
  const rank = LOG_LEVELS.indexOf(level);
  const pass = (name: Exclude<LogLevel, 'off'>) =>
    LOG_LEVELS.indexOf(name) <= rank
      ? (message: string, details?: Record<string, unknown>) =>
          details === undefined ? logger[name](message) : logger[name](message, details)
      : () => {};
  view = { debug: pass('debug'), info: pass('info'), warn: pass('warn'), error: pass('error') };
  views.set(level, view);
  levelOf.set(view, level);
  return view;
}

/**
 * Whether `logger` passes on messages at `level`: false for a view of a quieter level, true for any other
 * logger. Lets callers skip building details nobody reads (the headers of every request).
 */
export function logsAt(logger: Logger, level: Exclude<LogLevel, 'off'>): boolean {
  if (logger === silentLogger) return false;
  const own = levelOf.get(logger);
  return own === undefined || LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(own);
}

/** The warning keys each logger has been given, so a warning about a lasting condition is read once, not per call. */
const warned = new WeakMap<Logger, Set<string>>();

/**
 * Logs `message` at `warn`, unless `logger` already got a warning with the same `key` in this process.
 * Keyed per logger, so two clients that report to different places are each told once.
 */
export function warnOnce(logger: Logger, key: string, message: string, details?: Record<string, unknown>): void {
  if (!logsAt(logger, 'warn')) return; // nobody reads it: remember nothing
  let keys = warned.get(logger);
  if (!keys) warned.set(logger, (keys = new Set()));
  if (keys.has(key)) return;
  keys.add(key);
  logger.warn(message, details);
}
