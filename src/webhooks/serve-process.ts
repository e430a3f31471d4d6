import type { WebhookLog } from './log.js';
import { checkPort, resolveLimits, type ReceiverLimits } from './receiver/receiver-limits.js';
import { serveWebhooks, type RunningReceiver } from './receiver/serve-webhooks.js';
import { createEventStore } from './store/create-event-store.js';
import type { RetentionOptions } from './store/event-store.js';

export interface WebhookProcessOptions {
  host: string;
  port: number;
  /** A second port serving only /healthz, /readyz and /metrics (see ServeWebhooksOptions). */
  opsPort?: number;
  /** A directory, or a redis:// URL (see createEventStore). */
  storeLocation: string;
  retention: RetentionOptions;
  /** File store: fsync before acknowledging (default true). */
  fsync?: boolean;
  secret: string | null;
  allowUnsigned: boolean;
  limits?: Partial<ReceiverLimits>;
  log: WebhookLog;
}

export interface WebhookProcessHooks {
  /** Called once the receiver listens (the CLI may print the URL to paste into Coding). */
  onListening?: (url: string, opsUrl: string | null) => void;
  /** Defaults to process.exit; tests replace it. */
  exit?: (code: number) => void;
  /** Longest a graceful shutdown may take before the process exits 1 anyway (default 20 s). */
  shutdownTimeoutMs?: number;
}

/**
 * What `source-coding serve-webhooks` runs: opens the store, serves until SIGTERM or SIGINT, then
 * stops accepting, finishes the deliveries in flight (each one either durable and answered 2xx, or
 * not answered), closes the store and exits 0. A second signal exits 1 at once. Startup failures
 * (bad config, store unreachable, another writer) reject with the typed error for the CLI to report.
 */
export async function runWebhookReceiver(options: WebhookProcessOptions, hooks: WebhookProcessHooks = {}): Promise<RunningReceiver> {
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  // Bad limits or ports are refused before the store is opened (and a directory store locked).
  const limits = resolveLimits(options.limits);
  checkPort(options.port, 'port');
  if (options.opsPort !== undefined) checkPort(options.opsPort, 'ops-port');
  const store = await createEventStore(options.storeLocation, {
    retention: options.retention,
    fsync: options.fsync ?? true,
    log: options.log,
    commandTimeoutMs: limits.storeTimeoutMs,
  });
  let receiver: RunningReceiver;
  try {
    receiver = await serveWebhooks({
      host: options.host,
      port: options.port,
      opsPort: options.opsPort,
      store,
      secret: options.secret,
      allowUnsigned: options.allowUnsigned,
      limits,
      log: options.log,
    });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      options.log('WARN', `received ${signal} again; exiting without waiting.`);
      exit(1);
      return;
    }
    stopping = true;
    options.log('INFO', `received ${signal}; finishing the deliveries in flight.`);
    const timer = setTimeout(() => {
      options.log('ERROR', 'the graceful shutdown takes too long; exiting.');
      exit(1);
    }, hooks.shutdownTimeoutMs ?? 20_000);
    timer.unref();
    receiver.close().then(
      () => {
        clearTimeout(timer);
        exit(0);
      },
      (error: unknown) => {
        options.log('ERROR', `the shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  hooks.onListening?.(receiver.url, receiver.opsUrl);
  return {
    url: receiver.url,
    opsUrl: receiver.opsUrl,
    async close() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await receiver.close();
    },
  };
}
