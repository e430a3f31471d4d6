import type { CodingClient } from '../coding/client.js';
import type { Item } from '../coding/paging.js';
import type { Settings } from '../config/resolve-config.js';
import type { AirbyteMessage, LogLevel } from '../protocol/messages.js';
import type { EventStore } from '../webhooks/store/event-store.js';
import type { PartitionLister } from './partitions.js';

/** What a command run hands to the engine: settings, the one Coding client, and where messages go. */
export interface RunContext {
  settings: Settings;
  client: CodingClient;
  partitions: PartitionLister;
  emit(message: AirbyteMessage): Promise<void>;
  /** The records of one step, written together. */
  emitRecords(stream: string, records: readonly Item[]): Promise<void>;
  /** The stream being read, for messages that arise below the engine (rate-limit backoffs). */
  activity: { stream: string | undefined };
  log(level: LogLevel, text: string): Promise<void>;
  /** Webhook mode: the event log, opened on first use. */
  eventStore?: () => Promise<EventStore>;
  closeEventStore?: () => Promise<void>;
}
