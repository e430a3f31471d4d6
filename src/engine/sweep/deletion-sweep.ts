import type { Item } from '../../coding/paging.js';
import type { RunContext } from '../context.js';
import type { Partition, Stream, SweepSpec } from '../declaration.js';
import { incrementalByCursor, type FollowUpStep, type PartitionFollowUp } from '../readers/incremental.js';
import type { ReadStep } from '../readers/read-step.js';
import { tombstone } from '../records.js';
import type { Position, StreamState, SweepEntry } from '../stream-state.js';
import { CodeSet } from './code-set.js';
import { listExistingCodes } from './list-codes.js';

const HOUR_MS = 3_600_000;

/**
 * Polling increments that also see deletions. Per partition the state keeps the set of codes this
 * connection has emitted and not reported deleted (plus those its last sweep listed): each scanned
 * step adds its codes, checkpointed with its records, so the set always covers every row a destination
 * holds. When a sweep is due (deletion_sweep_hours), the partition's codes are listed after its scan
 * and every code of the set that is no longer listed is emitted as a tombstone.
 *
 * - A first read (no position) emits every code: its set is complete as it ends, without a sweep.
 * - A state from before sweeps (a position, no set) cannot know what was deleted before: its first
 *   sync lists the codes once (no tombstones for the past) and sweeps from then on.
 * - A project removed from the configuration loses its set, without tombstones: removing a project
 *   from a configuration does not delete its issues.
 */
export async function* incrementalWithSweep(ctx: RunContext, stream: Stream, state: StreamState): AsyncGenerator<ReadStep> {
  const spec = stream.sweep;
  if (!spec) throw new Error(`stream ${stream.name} declares no deletion sweep`);
  state.keepSweepsOf(await partitionKeys(ctx, stream));
  const hours = ctx.settings.deletionSweepHours;
  yield* incrementalByCursor(ctx, stream, state, { followUp: (partition, saved) => partitionSweep(ctx, stream, spec, partition, { saved, entry: state.sweep(partition.key), hours }) });
}

/** The partitions of a swept stream: known before reading, so that the sets of the others can be dropped. */
async function partitionKeys(ctx: RunContext, stream: Stream): Promise<string[]> {
  if (stream.partitions === 'team') return [ctx.partitions.team().key];
  if (stream.partitions === 'project') return (await ctx.partitions.projects(ctx)).map((project) => ctx.partitions.project(project).key);
  throw new Error(`the deletion sweep of ${stream.name} needs partitions per project or the team`);
}

/** What a partition starts from, and how often the settings ask for a sweep. */
interface SweepStart {
  saved: Position | undefined;
  entry: SweepEntry | undefined;
  hours: number;
}

/** When a partition's sweep is due: a set that has never been checked, or one checked `hours` ago or more. */
export function sweepDue(start: SweepStart, now: number): boolean {
  if (start.entry) return start.entry.at === 0 || now - start.entry.at >= start.hours * HOUR_MS;
  // No set: a first read builds it whole; after a state from before sweeps, only a listing can.
  return start.saved !== undefined;
}

function partitionSweep(ctx: RunContext, stream: Stream, spec: SweepSpec, partition: Partition, start: SweepStart): PartitionFollowUp {
  const startedAt = Date.now();
  const due = sweepDue(start, startedAt);
  let codes = start.entry ? start.entry.codes.clone() : CodeSet.empty();
  // `at` 0 until the set is known complete: a sync cut short before its first listing lists again.
  const at = start.entry ? start.entry.at : start.saved === undefined ? startedAt : 0;
  return {
    scanned(records: readonly Item[]) {
      codes.addAll(records.map((record) => record[stream.idField] as number));
      const snapshot: SweepEntry = { at, codes: codes.clone() };
      return (state) => state.setSweep(partition.key, snapshot);
    },
    async *after(last: Position): AsyncGenerator<FollowUpStep> {
      if (!due) return;
      const sweptAt = Date.now();
      const listing = await listExistingCodes(ctx, stream, spec, partition, codes);
      codes = codes.union(listing.listed).without(listing.gone);
      // After the deletion, and after every version emitted before (destinations order versions by the cursor).
      const deletedAt = Math.max(Date.now(), last.value + 1);
      const records = listing.gone.map((code) => tombstone(stream, partition, code, deletedAt));
      if (listing.total !== undefined && listing.total !== codes.size) {
        await ctx.log(
          'WARN',
          `${stream.name} of ${partition.key}: after the deletion sweep the connector knows ${codes.size} existing ${stream.idField}(s) but Coding's TotalCount says ${listing.total}. Changes made during the sweep can cause this once; if it persists, Coding's listing leaves some items out and their deletions cannot be seen.`,
        );
      }
      const entry: SweepEntry = { at: sweptAt, codes };
      yield { records, commit: (state) => state.setSweep(partition.key, entry), ...(listing.total === undefined ? {} : { listedTotal: listing.total }) };
    },
  };
}
