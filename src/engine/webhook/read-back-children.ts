import type { Item } from '../../coding/paging.js';
import type { RunContext } from '../context.js';
import { ChildFetcher, childItems } from '../child-calls.js';
import type { ProjectRef, Stream } from '../declaration.js';
import { toRecord } from '../records.js';
import type { Change } from './changes.js';

/**
 * Webhook mode for a child stream: an event names the parent (the issue a comment was added to), and
 * the children of each changed parent are read again, all of them, so a child that changed without
 * moving its parent (an edited comment) is caught too. A parent deleted since is skipped.
 */
export async function materializeChildren(ctx: RunContext, stream: Stream, projects: ReadonlyMap<string, ProjectRef>, changes: readonly Change[]): Promise<Item[]> {
  const parent = stream.children?.of;
  if (!parent) return [];
  const fetcher = new ChildFetcher(ctx, stream);
  const records: Item[] = [];
  const byProject = new Map<string, Change[]>();
  for (const change of changes) if (!change.deleted) byProject.set(change.project, [...(byProject.get(change.project) ?? []), change]);
  for (const [name, projectChanges] of byProject) {
    const project = projects.get(name);
    if (!project) continue;
    const partition = ctx.partitions.project(project);
    // The hook names the parent only: what fromParent needs of it is its id (and when it changed).
    const cursorField = parent.cursor?.field;
    const stubs = projectChanges.map((c) => ({ [parent.idField]: c.id, ...(cursorField && c.changedAt !== undefined ? { [cursorField]: c.changedAt } : {}) }));
    const receivedAt = new Map(projectChanges.map((c) => [c.id, c.receivedAt]));
    for (const family of await fetcher.fetch(partition, stubs)) {
      const at = new Date(receivedAt.get(Number(family.parent[parent.idField])) ?? Date.now()).toISOString();
      for (const item of childItems(stream, family)) records.push({ ...toRecord(stream, partition, item), _ab_cdc_updated_at: at, _ab_cdc_deleted_at: null });
    }
  }
  return records;
}
