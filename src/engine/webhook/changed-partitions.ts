import { isObject } from '../../json.js';
import type { StoredEvent } from '../../webhooks/store/event-store.js';
import type { PartitionEvents } from '../declaration.js';
import type { PartitionSelection } from '../partitions.js';
import { claims } from './changes.js';

/**
 * The partitions a run of events marks changed: those of the events' projects, and below a project
 * the parents the bodies name (a push names its depot). A body that names no parent the stream
 * recognises (hook bodies of these events are undocumented) marks every partition of its project, so a
 * change is never missed for want of a field. Undefined when no event concerns the stream.
 */
export function changedPartitions(binding: PartitionEvents, events: readonly StoredEvent[], projects: ReadonlySet<string>): PartitionSelection | undefined {
  const named = new Set<string>();
  const parents = new Map<string, Array<(parent: Record<string, unknown>) => boolean> | 'all'>();
  for (const event of events) {
    if (!claims(binding, event.event) || !projects.has(event.projectName)) continue;
    named.add(event.projectName);
    if (!binding.parentOf || parents.get(event.projectName) === 'all') continue;
    const test = parentTest(binding, event.body);
    const known = parents.get(event.projectName);
    parents.set(event.projectName, test === undefined ? 'all' : [...(known === 'all' || known === undefined ? [] : known), test]);
  }
  if (named.size === 0) return undefined;
  if (!binding.parentOf) return { projects: named };
  return {
    projects: named,
    parent: (project, item) => {
      const tests = parents.get(project);
      return tests === 'all' || (tests ?? []).some((test) => test(item));
    },
  };
}

function parentTest(binding: PartitionEvents, text: string): ((parent: Record<string, unknown>) => boolean) | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return isObject(body) ? binding.parentOf?.(body) : undefined;
  } catch {
    return undefined;
  }
}
