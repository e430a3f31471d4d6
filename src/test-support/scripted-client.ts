import type { CodingClient, Payload } from '../coding/client.js';

/**
 * A stand-in for the Coding client that answers from a function: for answers the simulator would never
 * give (lying totals, ignored filters, ids of the wrong type), as a misbehaving proxy or server would.
 */
export function scriptedClient(answer: (action: string, params: Record<string, unknown>) => Payload): CodingClient & { calls: Array<{ action: string; params: Record<string, unknown> }> } {
  const calls: Array<{ action: string; params: Record<string, unknown> }> = [];
  const client = {
    calls,
    get requestCount() {
      return calls.length;
    },
    call: async (action: string, params: Record<string, unknown> = {}) => {
      calls.push({ action, params });
      return answer(action, params);
    },
  };
  return client as unknown as CodingClient & { calls: typeof calls };
}
