import type { WebhookBinding } from '../../engine/declaration.js';
import { claims } from '../../engine/webhook/changes.js';
import { STREAMS } from '../../streams/index.js';

/**
 * Which Service Hook events the receiver stores: those a stream's webhook binding claims (the events it
 * lists, and codes of its family, so that a code Coding adds later is kept rather than lost). The
 * stream declarations are the only list; everything else (GIT_*, CI_*, WIKI_*, ...) is answered 202
 * "ignored" and not stored.
 */
const BINDINGS: readonly WebhookBinding[] = STREAMS.flatMap((stream) => (stream.webhook ? [stream.webhook] : []));

export interface EventClaim {
  /** The bindings that want the event. */
  bindings: WebhookBinding[];
  /** True when a binding lists the event by name: its object must then be present. */
  listed: boolean;
}

export function claimOf(event: string): EventClaim | null {
  const bindings = BINDINGS.filter((binding) => claims(binding, event));
  if (bindings.length === 0) return null;
  return { bindings, listed: bindings.some((b) => b.upserts.includes(event) || b.deletes.includes(event)) };
}

/** Service Hook `PING`, legacy project WebHook `ping`. */
export function isPing(event: string): boolean {
  return event.toUpperCase() === 'PING';
}
