/** Where the SDK reports what it does. Each method takes a message and optional structured details. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** The default logger: says nothing. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The warning keys each logger has been given, so a warning about a lasting condition is read once, not per call. */
const warned = new WeakMap<Logger, Set<string>>();

/**
 * Logs `message` at `warn`, unless `logger` already got a warning with the same `key` in this process.
 * Keyed per logger, so two clients that report to different places are each told once.
 */
export function warnOnce(logger: Logger, key: string, message: string, details?: Record<string, unknown>): void {
  if (logger === silentLogger) return; // nobody reads it: remember nothing
  let keys = warned.get(logger);
  if (!keys) warned.set(logger, (keys = new Set()));
  if (keys.has(key)) return;
  keys.add(key);
  logger.warn(message, details);
}
