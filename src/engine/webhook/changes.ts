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
  const object = isObject(body) ? body[binding.objectKey] : undefined;
  if (!isObject(object)) return undefined;
  const id = numeric(object[binding.idKey]);
  if (id === undefined) return undefined;
  return { project: event.projectName, id, deleted: binding.deletes.includes(event.event), receivedAt: event.receivedAt, changedAt: binding.changedAt?.(object) };
}

/** Coding's hook payloads write numbers either as numbers or as numeric strings. */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}
