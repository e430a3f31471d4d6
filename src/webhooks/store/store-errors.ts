import { ConfigError, SystemError, TransientError } from '../../errors.js';

/**
 * The store cannot be reached or written right now (Redis down, disk full, write lock lost to a
 * failing disk). The receiver answers 503 so that the delivery is not acknowledged; a sync fails with
 * a transient error and is retried.
 */
export class EventStoreUnavailableError extends TransientError {}

/**
 * Events the store acknowledged can no longer be read back intact (a CRC mismatch or a gap in the
 * middle of the log). Reading stops there rather than skip silently: a reader that went on would
 * lose events without anyone noticing.
 */
export class EventLogCorruptError extends SystemError {}

/** An offset that this store never handed out (bad STATE, or STATE of another kind of store). */
export function invalidOffset(offset: string, kind: string): ConfigError {
  return new ConfigError(`"${offset}" is not an offset of a ${kind} event store; reset the connection's state.`);
}
