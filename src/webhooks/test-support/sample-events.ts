import { randomUUID } from 'node:crypto';
import type { IncomingEvent } from '../store/event-store.js';

/** A Service Hook body as Coding sends it (default template), for the given event and issue code. */
export function issueBody(event: string, code: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    event,
    eventName: '更新事项信息',
    issue: { code, title: `Issue ${code} — 修复登录`, type: 'MISSION', updated_at: 1686306757000 },
    sender: { id: 1, name: 'king' },
    project: { id: 2, name: 'demo' },
    team: { id: 1, domain: 'acme' },
    ...extra,
  });
}

export function sampleEvent(overrides: Partial<IncomingEvent> = {}): IncomingEvent {
  const code = Math.floor(Math.random() * 10_000);
  return {
    deliveryId: randomUUID(),
    event: 'ISSUE_UPDATED',
    projectName: 'demo',
    receivedAt: Date.now(),
    body: issueBody('ISSUE_UPDATED', code),
    ...overrides,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
