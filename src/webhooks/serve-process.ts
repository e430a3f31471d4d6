import type { WebhookLog } from './log.js';
import { serveWebhooks, type RunningReceiver } from './receiver/serve-webhooks.js';
import { createEventStore } from './store/create-event-store.js';
import type { RetentionOptions } from './store/event-store.js';

export interface WebhookProcessOptions {
  host: string;
  port: number;
  /** A directory, or a redis:// URL (see createEventStore). */
  storeLocation: string;
  retention: RetentionOptions;
  /** File store: fsync before acknowledging (default true). */
  fsync?: boolean;
  secret: string | null;
  allowUnsigned: boolean;
  maxBodyBytes?: number;
  log: WebhookLog;
}

export interface WebhookProcessHooks {
  /** Called once the receiver listens (the CLI may print the URL to paste into Coding). */
  onListening?: (url: string) => void;
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
  const store = await createEventStore(options.storeLocation, { retention: options.retention, fsync: options.fsync ?? true, log: options.log });
  let receiver: RunningReceiver;
  try {
    receiver = await serveWebhooks({
      host: options.host,
      port: options.port,
      store,
      secret: options.secret,
      allowUnsigned: options.allowUnsigned,
      maxBodyBytes: options.maxBodyBytes,
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
  hooks.onListening?.(receiver.url);
  return {
    url: receiver.url,
    async close() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await receiver.close();
    },
  };
}
