/** A complete, hand-made benchmark result for the report, chart and record tests. */
import type { BenchResult } from './results.js';

export function sampleResult(): BenchResult {
  return {
    meta: { date: '2026-01-02T03:04:05.000Z', commit: 'abc1234', codeCommit: 'def5678', dirty: false, node: 'v20.20.2', machine: '2 × Some CPU', mode: 'default', loadAtStart: 0.25, loadAtEnd: 0.5, label: 'before' },
    scenarios: [
      {
        id: 'A',
        title: '20,000 issues, 1 project, zero latency',
        runs: 3,
        floor: { wallS: 4, cpuS: 2, peakRssMb: 120, requests: 40, records: 20000 },
        connector: { wallS: 5, cpuS: 2.4, peakRssMb: 140, requests: 44, records: 20000 },
        bound: { seconds: 0.44, requests: 44, latencyMs: 0, concurrency: 1, requestsPerSecond: 100 },
      },
      {
        id: 'B',
        title: '4 projects × 4,000 issues, 200 ms latency',
        runs: 3,
        floor: { wallS: 9.6, cpuS: 1.4, peakRssMb: 115, requests: 32, records: 16000 },
        floorSideBySide: { wallS: 3.2, cpuS: 1.4, peakRssMb: 130, requests: 32, records: 16000 },
        connector: { wallS: 12, cpuS: 2.2, peakRssMb: 137, requests: 40, records: 16000 },
        bound: { seconds: 2, requests: 40, latencyMs: 200, concurrency: 4, requestsPerSecond: 100 },
      },
      {
        id: 'C',
        title: 'issue_details, 600 issues, 200 ms latency, 20 req/s',
        runs: 3,
        floor: { wallS: 31, cpuS: 2.7, peakRssMb: 117, requests: 602, records: 600 },
        connector: { wallS: 32, cpuS: 3.2, peakRssMb: 133, requests: 603, records: 600 },
        bound: { seconds: 30.15, requests: 603, latencyMs: 200, concurrency: Infinity, requestsPerSecond: 20 },
        rate: { limitRps: 20, sustainedRps: 17, refusals: 2, reportedByConnector: 2 },
      },
    ],
    startup: { runs: 10, nodeMs: 50, specMs: 750, checkRuns: 3, checkMs: 900, nodeCpuMs: 40, specCpuMs: 900, checkCpuMs: 1000 },
    memory: [
      { label: '10k', records: 10000, peakRssMb: 130, wallS: 3, exitCode: 0 },
      { label: '100k', records: 100000, peakRssMb: 160, wallS: 15, exitCode: 0 },
      { label: '100k', records: 100000, peakRssMb: 110, wallS: 28, exitCode: 0, variant: 'V8 heap capped at 32 MB' },
    ],
    webhooks: ['file store, fsync on     2000 deliveries: 1312 events/s'],
  };
}
