/**
 * The Airbyte protocol messages this connector emits and reads, as our own types: only the parts we
 * use, named as the protocol names them (https://docs.airbyte.com/understanding-airbyte/airbyte-protocol).
 * Tests validate every emitted line against the official schema, so these types cannot drift silently.
 */
import type { FailureType } from '../errors.js';
import type { JsonObject } from '../json.js';

export type { JsonObject } from '../json.js';

export type SyncMode = 'full_refresh' | 'incremental';
export type DestinationSyncMode = 'append' | 'overwrite' | 'append_dedup' | 'update' | 'soft_delete';
export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';

export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export interface AirbyteStream {
  name: string;
  json_schema: JsonObject;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  is_resumable?: boolean;
}

export interface ConfiguredAirbyteStream {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  destination_sync_mode: DestinationSyncMode;
  cursor_field?: string[];
  primary_key?: string[][];
}

export interface ConfiguredAirbyteCatalog {
  streams: ConfiguredAirbyteStream[];
}

export interface StreamState {
  stream_descriptor: StreamDescriptor;
  stream_state?: JsonObject | null;
}

export type AirbyteMessage =
  | { type: 'RECORD'; record: { stream: string; data: JsonObject; emitted_at: number } }
  | { type: 'STATE'; state: { type: 'STREAM'; stream: StreamState; sourceStats: { recordCount: number } } }
  | { type: 'LOG'; log: { level: LogLevel; message: string } }
  | { type: 'SPEC'; spec: { documentationUrl: string; changelogUrl?: string; connectionSpecification: JsonObject; protocol_version?: string } }
  | { type: 'CONNECTION_STATUS'; connectionStatus: { status: 'SUCCEEDED' | 'FAILED'; message?: string } }
  | { type: 'CATALOG'; catalog: { streams: AirbyteStream[] } }
  | { type: 'TRACE'; trace: AirbyteTrace }
  | { type: 'CONTROL'; control: { type: 'CONNECTOR_CONFIG'; emitted_at: number; connectorConfig: { config: JsonObject } } };

export type AirbyteTrace =
  | {
      type: 'ERROR';
      emitted_at: number;
      error: {
        message: string;
        internal_message?: string;
        failure_type: FailureType;
        stream_descriptor?: StreamDescriptor;
      };
    }
  | {
      type: 'STREAM_STATUS';
      emitted_at: number;
      stream_status: {
        stream_descriptor: StreamDescriptor;
        status: StreamStatus;
        reasons?: Array<{ type: 'RATE_LIMITED'; rate_limited: { quota_reset?: number } }>;
      };
    }
  | {
      type: 'ESTIMATE';
      emitted_at: number;
      estimate: { name: string; type: 'STREAM'; row_estimate?: number };
    };

export const message = {
  record(stream: string, data: JsonObject, emittedAt = Date.now()): AirbyteMessage {
    return { type: 'RECORD', record: { stream, data, emitted_at: emittedAt } };
  },
  state(stream: string, streamState: JsonObject, recordCount: number): AirbyteMessage {
    return {
      type: 'STATE',
      state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: streamState }, sourceStats: { recordCount } },
    };
  },
  log(level: LogLevel, text: string): AirbyteMessage {
    return { type: 'LOG', log: { level, message: text } };
  },
  error(text: string, failureType: FailureType, options: { internal?: string; stream?: string } = {}): AirbyteMessage {
    return {
      type: 'TRACE',
      trace: {
        type: 'ERROR',
        emitted_at: Date.now(),
        error: {
          message: text,
          failure_type: failureType,
          ...(options.internal === undefined ? {} : { internal_message: options.internal }),
          ...(options.stream === undefined ? {} : { stream_descriptor: { name: options.stream } }),
        },
      },
    };
  },
  streamStatus(stream: string, status: StreamStatus, rateLimitedUntil?: number): AirbyteMessage {
    return {
      type: 'TRACE',
      trace: {
        type: 'STREAM_STATUS',
        emitted_at: Date.now(),
        stream_status: {
          stream_descriptor: { name: stream },
          status,
          ...(rateLimitedUntil === undefined ? {} : { reasons: [{ type: 'RATE_LIMITED' as const, rate_limited: { quota_reset: rateLimitedUntil } }] }),
        },
      },
    };
  },
  estimate(stream: string, rows: number): AirbyteMessage {
    return { type: 'TRACE', trace: { type: 'ESTIMATE', emitted_at: Date.now(), estimate: { name: stream, type: 'STREAM', row_estimate: rows } } };
  },
  connectionStatus(succeeded: boolean, text?: string): AirbyteMessage {
    return { type: 'CONNECTION_STATUS', connectionStatus: { status: succeeded ? 'SUCCEEDED' : 'FAILED', ...(text === undefined ? {} : { message: text }) } };
  },
  configUpdate(config: JsonObject): AirbyteMessage {
    return { type: 'CONTROL', control: { type: 'CONNECTOR_CONFIG', emitted_at: Date.now(), connectorConfig: { config } } };
  },
};
