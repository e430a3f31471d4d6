import type { RunContext } from '../context.js';
import type { Stream } from '../declaration.js';
import type { PartitionSelection } from '../partitions.js';
import type { StreamState } from '../stream-state.js';
import { incrementalByCursor } from './incremental.js';
import { incrementalNewestFirst } from './newest-first.js';
import type { ReadStep } from './read-step.js';

/** A cursor stream's polling increments, by the order Coding lists it in. */
export function readByCursor(ctx: RunContext, stream: Stream, state: StreamState, select?: PartitionSelection): AsyncGenerator<ReadStep> {
  return stream.cursor?.order === 'newest-first' ? incrementalNewestFirst(ctx, stream, state, select) : incrementalByCursor(ctx, stream, state, { select });
}
