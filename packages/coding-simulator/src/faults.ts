/**
 * Injected failures, answered before the request is processed (so a faulted request has no
 * effect and never reaches onRequest hooks). Faults queue in injection order: each request takes
 * the first fault that applies to its Action and uses up one of its `times`.
 */
import type { ServerResponse } from 'node:http';
import { SimulatorInputError } from './control-errors.js';
import { errorEnvelope, newRequestId } from './envelope.js';

export const FAULT_KINDS = ['http500', 'http502', 'http503', 'http429', 'rateLimitError', 'drop', 'hang', 'invalidJson'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** How many requests it affects; default 1. */
  times?: number;
  /** Only requests for this Action. */
  action?: string;
  /** Sets Retry-After on http429/http503. */
  retryAfterSeconds?: number;
}

interface PendingFault {
  kind: FaultKind;
  remaining: number;
  action: string | undefined;
  retryAfterSeconds: number | undefined;
}

export class FaultPlan {
  private pending: PendingFault[] = [];

  inject(fault: Fault): void {
    if (!FAULT_KINDS.includes(fault.kind)) throw new SimulatorInputError(`unknown fault kind ${JSON.stringify(fault.kind)}`);
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new SimulatorInputError('times must be a positive integer');
    if (fault.retryAfterSeconds !== undefined && !(fault.retryAfterSeconds >= 0)) {
      throw new SimulatorInputError('retryAfterSeconds must be a non-negative number');
    }
    this.pending.push({ kind: fault.kind, remaining: times, action: fault.action, retryAfterSeconds: fault.retryAfterSeconds });
  }

  clear(): void {
    this.pending = [];
  }

  /** The fault this request must suffer, if any; consumes one use of it. */
  take(action: string): PendingFault | undefined {
    const fault = this.pending.find((f) => f.action === undefined || f.action === action);
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining === 0) this.pending = this.pending.filter((f) => f !== fault);
    return fault;
  }
}

/**
 * Answers with the fault. Returns a promise that settles when the exchange is over; for `hang`
 * that is only when `released` fires (the simulator closing).
 */
export async function answerWithFault(
  res: ServerResponse,
  fault: { kind: FaultKind; retryAfterSeconds: number | undefined },
  released: AbortSignal,
): Promise<void> {
  const retryAfter: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
  const text = (status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };
  switch (fault.kind) {
    case 'http500':
      return text(500, 'Internal Server Error');
    case 'http502':
      return text(502, '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>', {
        'Content-Type': 'text/html',
      });
    case 'http503':
      return text(503, 'Service Unavailable', retryAfter);
    case 'http429':
      return text(429, 'Too Many Requests', { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
    case 'rateLimitError': {
      const body = JSON.stringify(errorEnvelope('RequestLimitExceeded', 'The request count exceeded the rate limit.'));
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(body);
      return;
    }
    case 'invalidJson': {
      // A body cut off mid-way, as when a proxy truncates the answer.
      const full = JSON.stringify({ Response: { RequestId: newRequestId(), Data: { PageNumber: 1, List: [{ Code: 1, Name: '截断' }] } } });
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(full.slice(0, Math.floor(full.length / 2)));
      return;
    }
    case 'drop':
      res.socket?.destroy();
      return;
    case 'hang':
      if (released.aborted) return;
      await new Promise<void>((resolve) => released.addEventListener('abort', () => resolve(), { once: true }));
      return;
  }
}
