import type { CodingClient } from '../coding/client.js';
import type { Item } from '../coding/paging.js';
import { resolveConfig } from '../config/resolve-config.js';
import type { RunContext } from '../engine/context.js';
import { PartitionLister } from '../engine/partitions.js';
import type { AirbyteMessage, LogLevel } from '../protocol/messages.js';
import { PROJECTS_STREAM } from '../streams/index.js';

/** A RunContext for engine tests, keeping what the engine emits and logs. */
export function testRunContext(client: CodingClient, config: Record<string, unknown> = {}): RunContext & { messages: AirbyteMessage[]; logs: Array<{ level: LogLevel; text: string }>; records: Item[] } {
  const settings = resolveConfig({ team_name: 'acme', credentials: { auth_type: 'token', access_token: 'test-token-0000' }, ...config });
  const messages: AirbyteMessage[] = [];
  const logs: Array<{ level: LogLevel; text: string }> = [];
  const records: Item[] = [];
  return {
    settings,
    client,
    partitions: new PartitionLister(client, settings, PROJECTS_STREAM),
    emit: async (message) => void messages.push(message),
    emitRecords: async (_stream, list) => void records.push(...list),
    activity: { stream: undefined },
    log: async (level, text) => void logs.push({ level, text }),
    messages,
    logs,
    records,
  };
}
