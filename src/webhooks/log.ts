/** What a log line is about, beyond its text: the JSON log format gives each its own field. */
export interface LogContext {
  /** X-Coding-Delivery (or the digest the receiver keys a delivery by): on every line about one delivery. */
  deliveryId?: string;
}

/** How the webhook receiver and its stores report what they do; the caller decides where it goes. */
export type WebhookLog = (level: 'INFO' | 'WARN' | 'ERROR', message: string, context?: LogContext) => void;

export const silentLog: WebhookLog = () => undefined;
