/** The benchmark's arithmetic: medians over repeated runs and the API bound a read cannot beat. */

/** What one read costs; the same figures for the connector and the floor. */
export interface Measured {
  wallS: number;
  /** User + system CPU of the reading process. */
  cpuS: number;
  peakRssMb: number;
  /** API requests the simulator received during the read. */
  requests: number;
  records: number;
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Field by field: each figure is the median of that figure, not the figures of the median run. */
export function medianOf(runs: Measured[]): Measured {
  const of = (pick: (m: Measured) => number): number => median(runs.map(pick));
  return {
    wallS: of((m) => m.wallS),
    cpuS: of((m) => m.cpuS),
    peakRssMb: of((m) => m.peakRssMb),
    requests: of((m) => m.requests),
    records: of((m) => m.records),
  };
}

export interface BoundInput {
  requests: number;
  /** Latency the API adds to every answer. */
  latencyMs: number;
  /** How many of those requests can be in flight at once: Infinity when nothing orders them. */
  concurrency: number;
  requestsPerSecond: number;
}

/**
 * The shortest wall time in which the API can answer `requests`: either latency paid `concurrency`
 * requests at a time, or the rate limit, whichever is slower. A reader can only approach it.
 */
export function apiBoundS({ requests, latencyMs, concurrency, requestsPerSecond }: BoundInput): number {
  if (!(concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
  if (!(requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be positive');
  const latencyBound = concurrency === Infinity ? 0 : (requests * latencyMs) / 1000 / concurrency;
  return Math.max(latencyBound, requests / requestsPerSecond);
}

/** Requests per second between the first and the last request seen (the start-up before them excluded). */
export function sustainedRate(timesMs: number[]): number {
  if (timesMs.length < 2) return Number.NaN;
  const first = Math.min(...timesMs);
  const last = Math.max(...timesMs);
  return last > first ? ((timesMs.length - 1) * 1000) / (last - first) : Number.NaN;
}
