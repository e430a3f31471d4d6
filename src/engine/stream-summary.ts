import type { ReadStep } from './readers/read-step.js';

/** Partitions named in the line; a team with hundreds of projects gets a count for the rest. */
const SHOWN = 5;

/**
 * What one stream's read amounted to, for the line that closes it: records emitted, how many of them
 * were tombstones, requests sent to Coding, and what Coding counted (its row estimate, and the totals
 * of listings read whole by a deletion sweep), so that a sync shows it is complete.
 */
export class StreamSummary {
  private records = 0;
  private tombstones = 0;
  private estimate: number | undefined;
  private readonly listed = new Map<string, number>();

  constructor(private readonly requestsAtStart: number) {}

  add(step: ReadStep): void {
    this.records += step.records.length;
    for (const record of step.records) if (record._ab_cdc_deleted_at !== undefined && record._ab_cdc_deleted_at !== null) this.tombstones += 1;
    if (step.estimate !== undefined) this.estimate = step.estimate;
    if (step.listedTotal) this.listed.set(step.listedTotal.partition, step.listedTotal.count);
  }

  describe(stream: string, requestsNow: number, completed: boolean): string {
    const parts = [`${count(this.records, 'record')} emitted (${count(this.tombstones, 'tombstone')})`, `${count(requestsNow - this.requestsAtStart, 'request')} to Coding`];
    const totals: string[] = [];
    if (this.estimate !== undefined) totals.push(`${this.estimate} to read`);
    if (this.listed.size > 0) {
      const existing = [...this.listed.values()].reduce((sum, n) => sum + n, 0);
      const named = [...this.listed].slice(0, SHOWN).map(([name, n]) => `${name} ${n}`);
      if (this.listed.size > SHOWN) named.push(`${this.listed.size - SHOWN} more`);
      totals.push(`${existing} existing in ${count(this.listed.size, 'partition')} swept (${named.join(', ')})`);
    }
    parts.push(totals.length > 0 ? `Coding's totals: ${totals.join('; ')}` : `Coding's totals: not reported`);
    return `Stream ${stream} ${completed ? 'complete' : 'incomplete'}: ${parts.join('; ')}.`;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
