import { isObject } from '../../json.js';
import type { StoredEvent } from '../../webhooks/store/event-store.js';
import type { ObjectEvents, WebhookBinding } from '../declaration.js';

/** What a run of events says about one object: its latest state (changed or gone). */
export interface Change {
  project: string;
  id: number;
  deleted: boolean;
  /** When the receiver got the latest event on this object. */
  receivedAt: number;
  /** When Coding says the object changed, if the hook says. */
  changedAt: number | undefined;
}

/** Whether the binding claims an event: listed, or of its family (a code Coding added later). */
export function claims(binding: WebhookBinding, event: string): boolean {
  return binding.upserts.includes(event) || binding.deletes.includes(event) || (binding.family !== undefined && event.startsWith(binding.family));
}

/**
 * Coalesces a chunk of events into one change per object, in the order of each object's latest
 * event: several events on one object between two syncs cost one read.
 */
export function coalesce(binding: ObjectEvents, events: readonly StoredEvent[], projects: ReadonlySet<string>): Change[] {
  const changes = new Map<string, Change>();
  for (const event of events) {
    if (!claims(binding, event.event) || !projects.has(event.projectName)) continue;
    const change = parseChange(binding, event);
    if (!change) continue;
    const key = `${event.projectName}/${change.id}`;
    changes.delete(key); // re-inserted last, so the emission order follows the latest change
    changes.set(key, change);
  }
  return [...changes.values()];
}

function parseChange(binding: ObjectEvents, event: StoredEvent): Change | undefined {
  let body: unknown;
  try {
    body = JSON.parse(event.body);
  } catch {
    return undefined;
  }
  const found = isObject(body) ? locate(binding, body) : undefined;
  if (!found) return undefined;
  return { project: event.projectName, id: found.id, deleted: binding.deletes.includes(event.event), receivedAt: event.receivedAt, changedAt: binding.changedAt?.(found.object) };
}

/** Where a binding looks for the id in a hook body: its idPaths, else objectKey.idKey. */
export function idPathsOf(binding: ObjectEvents): ReadonlyArray<readonly string[]> {
  return binding.idPaths ?? [[binding.objectKey, binding.idKey]];
}

/** The id a hook body names for a binding, and the object holding it; undefined when it names none. */
export function locate(binding: ObjectEvents, body: Record<string, unknown>): { id: number; object: Record<string, unknown> } | undefined {
  for (const path of idPathsOf(binding)) {
    let holder: unknown = body;
    for (const key of path.slice(0, -1)) holder = isObject(holder) ? holder[key] : undefined;
    const last = path[path.length - 1];
    if (!isObject(holder) || last === undefined) continue;
    const id = numeric(holder[last]);
    if (id !== undefined && id >= 0 && Number.isSafeInteger(id)) return { id, object: holder };
  }
  return undefined;
}

/** Coding's hook payloads write numbers either as numbers or as numeric strings. */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}
