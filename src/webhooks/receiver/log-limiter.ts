import type { LogContext, WebhookLog } from '../log.js';

export interface LimitedLog {
  /** Logs unless `key` already had its share of lines in the current window. */
  log(key: string, level: Parameters<WebhookLog>[0], message: string, context?: LogContext): void;
  stop(): void;
}

/**
 * A flood of bad deliveries must not become a flood of log lines (each one costs memory until stdout
 * takes it, and buries the rest): per kind of line, the first `perWindow` of each window are logged,
 * and one line at the window's end says how many were left out. The metrics count every one.
 */
export function limitLog(log: WebhookLog, perWindow = 20, windowMs = 10_000): LimitedLog {
  const counts = new Map<string, number>();
  const timer = setInterval(() => {
    for (const [key, count] of counts) {
      if (count > perWindow) log('WARN', `${count - perWindow} more lines like "${key}" were left out in the last ${windowMs / 1000} s.`);
    }
    counts.clear();
  }, windowMs);
  timer.unref();
  return {
    log(key, level, message, context) {
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      if (count <= perWindow) log(level, message, context);
    },
    stop: () => clearInterval(timer),
  };
}
