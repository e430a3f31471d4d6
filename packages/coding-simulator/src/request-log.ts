/**
 * What tests and benchmarks observe about API traffic: counters per Action and of requests the
 * server-side rate limit refused, and hooks that run just before a
 * request is answered (so a test can change data between two page requests).
 */
export interface ObservedRequest {
  action: string;
  params: Record<string, unknown>;
  /** 1-based order among requests that reached the hooks. */
  seq: number;
}

export type RequestHook = (req: ObservedRequest) => void | Promise<void>;

export class RequestStats {
  total = 0;
  byAction: Record<string, number> = {};
  /** Requests answered RequestLimitExceeded by the rate limit (injected faults are not counted). */
  rateLimited = 0;

  record(action: string): void {
    this.total++;
    this.byAction[action] = (this.byAction[action] ?? 0) + 1;
  }

  recordRateLimited(): void {
    this.rateLimited++;
  }

  reset(): void {
    this.total = 0;
    this.byAction = {};
    this.rateLimited = 0;
  }
}

export class RequestHooks {
  private readonly hooks: RequestHook[] = [];
  private seq = 0;

  add(hook: RequestHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /** Runs the hooks in the order they were added, each awaited. */
  async run(action: string, params: Record<string, unknown>): Promise<void> {
    const seq = ++this.seq;
    for (const hook of [...this.hooks]) await hook({ action, params: structuredClone(params), seq });
  }
}
