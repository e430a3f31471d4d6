import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../errors.js';
import type { WebhookLog } from '../log.js';
import type { EventStore, RetentionOptions } from './event-store.js';

export { DEFAULT_RETENTION } from './event-store.js';

export interface CreateEventStoreOptions {
  retention: RetentionOptions;
  /** File store: fsync every group commit before an append resolves (default true). */
  fsync?: boolean;
  /** Where the store reports recoveries and retention (default: nowhere). */
  log?: WebhookLog;
  /** Redis: longest wait for one command's reply before it fails as unavailable (default 5 s). */
  commandTimeoutMs?: number;
}

/**
 * `redis://` or `rediss://` URL → Redis Streams store (several receivers, receiver and syncs on
 * different hosts); anything else is a directory → file store (one receiver, syncs on the same host
 * or volume). A `file://` URL is taken as a directory too.
 *
 * File store: the writer lock is taken by the first `append` or `applyRetention`; a process that only
 * calls `id`/`head`/`covers`/`read` never takes it, so syncs can read while the receiver runs. Do not
 * call `applyRetention` from a sync: it would compete with the receiver for the lock.
 */
export async function createEventStore(location: string, options: CreateEventStoreOptions): Promise<EventStore> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  // Each store is loaded only when used: a polling sync, or a receiver on a directory, never loads Redis's client.
  if (scheme === 'redis' || scheme === 'rediss') return (await import('./redis/redis-event-store.js')).openRedisEventStore(location, options);
  if (scheme === 'file') return (await import('./file/file-event-store.js')).openFileEventStore(fileURLToPath(location), options);
  if (scheme !== undefined) throw new ConfigError(`unsupported event store "${scheme}://…": use a directory path or a redis:// URL.`);
  if (location.trim() === '') throw new ConfigError('the event store location is empty: use a directory path or a redis:// URL.');
  return (await import('./file/file-event-store.js')).openFileEventStore(location, options);
}
