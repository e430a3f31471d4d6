import type { LogContext, WebhookLog } from './log.js';

/**
 * One log line as a JSON object, for log collectors (`serve-webhooks --log-format json`): time,
 * level, message, and the delivery id on every line about a delivery. Messages never carry a body
 * or a secret; the caller masks secrets once more on the whole line anyway.
 */
export function jsonLogLine(level: Parameters<WebhookLog>[0], message: string, context: LogContext = {}, now: Date = new Date()): string {
  return JSON.stringify({
    time: now.toISOString(),
    level: level.toLowerCase(),
    message,
    ...(context.deliveryId === undefined ? {} : { delivery_id: context.deliveryId }),
  });
}
