/** How the webhook receiver and its stores report what they do; the caller decides where it goes. */
export type WebhookLog = (level: 'INFO' | 'WARN' | 'ERROR', message: string) => void;

export const silentLog: WebhookLog = () => undefined;
