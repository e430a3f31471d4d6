/** The shape of one benchmark run's results: what the scenarios produce and the report renders. */
import type { Measured } from './figures.js';

export type ScenarioId = 'A' | 'B' | 'C';

export interface ApiBound {
  seconds: number;
  /** The connector's request count the bound is computed for. */
  requests: number;
  latencyMs: number;
  /** Requests that can be in flight at once; Infinity when nothing orders them. */
  concurrency: number;
  requestsPerSecond: number;
}

export interface RateFigures {
  /** The server-side limit the simulator enforced. */
  limitRps: number;
  /** Accepted requests per second from the connector's first request to its last. */
  sustainedRps: number;
  /** Requests the simulator refused for its rate limit. */
  refusals: number;
  /** Refusals the connector itself reported in its LOG messages, as a cross-check. */
  reportedByConnector: number;
}

export interface ListScenario {
  id: ScenarioId;
  title: string;
  runs: number;
  connector: Measured;
  /** The bare fetch loop, one partition after another. */
  floor: Measured;
  /** The bare fetch loop, all partitions at once (multi-partition scenarios). */
  floorSideBySide?: Measured;
  bound: ApiBound;
  rate?: RateFigures;
}

export interface StartupFigures {
  runs: number;
  /** `node -e 0`: what Node itself needs to start and stop. */
  nodeMs: number;
  specMs: number;
  checkRuns: number;
  checkMs: number;
  /** CPU time (user + system) of the same commands, from separate runs: less skewed by a busy machine. */
  nodeCpuMs: number;
  specCpuMs: number;
  checkCpuMs: number;
}

export interface MemoryPoint {
  label: string;
  records: number;
  peakRssMb: number;
  wallS: number;
  exitCode: number | null;
  /** Set for the variants (heap cap, slow reader) that are not part of the flatness series. */
  variant?: string;
}

export interface RunMeta {
  /** ISO 8601. */
  date: string;
  commit: string;
  /** Last commit that changed the connector or the simulator. */
  codeCommit: string;
  /** Uncommitted changes in the connector or the simulator. */
  dirty: boolean;
  node: string;
  machine: string;
  mode: 'quick' | 'default' | 'full';
  /** One-minute load averages: other work on the machine skews every figure. */
  loadAtStart: number;
  loadAtEnd?: number;
  label?: string;
}

export interface BenchResult {
  meta: RunMeta;
  scenarios: ListScenario[];
  startup?: StartupFigures;
  memory?: MemoryPoint[];
  /** Lines printed by the webhook receiver benchmark. */
  webhooks?: string[];
}
