import { CodingClient } from '../coding/client.js';
import { RateLimiter } from '../coding/rate-limiter.js';
import type { RetryOptions } from '../coding/retry-policy.js';
import { packageVersion } from '../config/package-files.js';
import type { Settings } from '../config/resolve-config.js';
import { BackoffReporter } from '../engine/backoff-reporter.js';
import type { RunContext } from '../engine/context.js';
import type { Stream } from '../engine/declaration.js';
import { PartitionLister } from '../engine/partitions.js';
import { message } from '../protocol/messages.js';
import { createEventStore } from '../webhooks/store/create-event-store.js';
import type { EventStore } from '../webhooks/store/event-store.js';
import type { ProtocolWriter } from '../protocol/writer.js';

/** A command's context, and what the command calls when it is done with it. */
export interface CliRunContext extends RunContext {
  /** Says what is left to say (the throttling summary). */
  finish(): Promise<void>;
}

/**
 * Builds what a command needs from the settings: one rate limiter and one client for the whole process
 * (it bounds the requests in flight), the partition lister, and the message sink. `check` (and discover,
 * which reads custom-field definitions) uses a short retry budget so that an unreachable host is reported
 * in seconds, not after ten minutes of backoff.
 */
export function createRunContext(settings: Settings, writer: ProtocolWriter, purpose: 'check' | 'read', projectsStream: Stream): CliRunContext {
  writer.redact(...settings.secrets);
  const emit = (msg: Parameters<ProtocolWriter['write']>[0]) => writer.write(msg);
  const activity = { stream: undefined as string | undefined };
  const limiter = new RateLimiter(settings.requestsPerSecond);
  const backoff = new BackoffReporter(emit, activity, { configured: settings.requestsPerSecond, afterLastCut: () => limiter.requestsPerSecondAfterLastCut });
  const retry: Partial<RetryOptions> = purpose === 'check' ? { maxRetries: 2, maxElapsedMs: 20_000 } : {};
  const timeoutMs = envNumber('SOURCE_CODING_TIMEOUT_MS');
  const maxResponseBytes = envNumber('SOURCE_CODING_MAX_RESPONSE_BYTES');
  const client = new CodingClient({
    apiUrl: settings.apiUrl,
    authScheme: settings.authScheme,
    accessToken: settings.accessToken,
    oauthRefresh: settings.oauthRefresh,
    limiter,
    maxConcurrency: settings.maxConcurrency,
    retry: { ...retry, ...retryOverrides() },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxResponseBytes === undefined || maxResponseBytes < 1 ? {} : { maxResponseBytes }),
    userAgent: `source-coding/${packageVersion()}`,
    onBackoff: backoff.report,
    onTokensRefreshed: (tokens) => {
      writer.redact(tokens.accessToken, tokens.refreshToken);
      // Coding invalidates the old tokens on renewal: the platform must store the new ones.
      const credentials = { ...settings.raw.credentials, access_token: tokens.accessToken, refresh_token: tokens.refreshToken };
      void writer.write(message.configUpdate({ ...settings.raw, credentials }));
      void writer.write(message.log('INFO', 'The OAuth access token was renewed; the new tokens were sent to the platform as a config update.'));
    },
  });
  const store = settings.webhook.store;
  let opened: Promise<EventStore> | undefined;
  return {
    settings,
    client,
    ...(settings.incrementalMode === 'webhook' && store
      ? {
          // Read-only use: a sync never takes the receiver's writer lock nor applies retention.
          eventStore: () => (opened ??= createEventStore(store, { retention: settings.webhook.retention })),
          closeEventStore: async () => {
            if (opened) await (await opened).close();
          },
        }
      : {}),
    partitions: new PartitionLister(client, settings, projectsStream),
    emit,
    emitRecords: (stream, records) => writer.writeRecords(stream, records),
    activity,
    log: (level, text) => writer.write(message.log(level, text)),
    finish: async () => {
      const summary = backoff.summary();
      if (summary) await writer.write(summary);
    },
  };
}

/** Tuning knobs for tests and unusual networks; documented in the README. */
function retryOverrides(): Partial<RetryOptions> {
  const overrides: Partial<RetryOptions> = {};
  const base = envNumber('SOURCE_CODING_RETRY_BASE_MS');
  const elapsed = envNumber('SOURCE_CODING_RETRY_MAX_ELAPSED_MS');
  const retries = envNumber('SOURCE_CODING_MAX_RETRIES');
  if (base !== undefined) overrides.baseDelayMs = base;
  if (elapsed !== undefined) overrides.maxElapsedMs = elapsed;
  if (retries !== undefined) overrides.maxRetries = retries;
  return overrides;
}

function envNumber(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}
