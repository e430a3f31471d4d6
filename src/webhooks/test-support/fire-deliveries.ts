import { Agent } from 'node:http';
import { postDelivery } from './post-delivery.js';

export interface Delivery {
  deliveryId: string;
  event: string;
  body: string;
}

export type Outcome = { deliveryId: string; status: number; answer?: string; latencyMs: number } | { deliveryId: string; error: string; latencyMs: number };

export interface FireOptions {
  secret: string;
  concurrency: number;
  /** Checked before each send: stop taking new deliveries once it says so. */
  stopped?: () => boolean;
  onOutcome?: (outcome: Outcome) => void;
}

/** Posts deliveries with `concurrency` requests in flight on keep-alive connections, as Coding might. */
export async function fireDeliveries(url: string, deliveries: Delivery[], options: FireOptions): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < deliveries.length && !(options.stopped?.() ?? false)) {
      const delivery = deliveries[next++]!;
      const started = performance.now();
      let outcome: Outcome;
      try {
        const answer = await postDelivery(url, delivery.body, { secret: options.secret, event: delivery.event, deliveryId: delivery.deliveryId, agent });
        outcome = { deliveryId: delivery.deliveryId, status: answer.status, answer: answer.body.status, latencyMs: performance.now() - started };
      } catch (error) {
        outcome = { deliveryId: delivery.deliveryId, error: error instanceof Error ? error.message : String(error), latencyMs: performance.now() - started };
      }
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return outcomes;
}

export function acknowledged(outcome: Outcome): boolean {
  return 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
}
