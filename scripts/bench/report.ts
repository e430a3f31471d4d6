/**
 * Turns a run's results into tables (the same tables for the terminal and for docs/benchmarks.md)
 * and checks them against the targets of issue 13.
 */
import type { Measured } from './figures.js';
import type { ApiBound, BenchResult, ListScenario, MemoryPoint, ScenarioId, StartupFigures } from './results.js';

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
}

/** Issue 13's targets; benchmark figures, never test assertions. */
export const TARGETS = {
  wallVsFloor: 1.1,
  cpuVsFloor: 1.3,
  peakRssMb: 150,
  wallVsBound: 1.2,
  rateShare: 0.9,
  specMs: 150,
} as const;

const DASH = '—';

export function seconds(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : DASH;
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : DASH;
}

function whole(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : DASH;
}

function perSecond(records: number, wallS: number): string {
  return wallS > 0 && Number.isFinite(records) ? whole(records / wallS) : DASH;
}

/** The bound's formula with this scenario's numbers. */
function boundNote(b: ApiBound): string {
  const rateTerm = `${whole(b.requests)} req ÷ ${b.requestsPerSecond} req/s`;
  if (b.concurrency === Infinity) return `${rateTerm} (independent calls, any number in flight)`;
  return `max(${whole(b.requests)} req × ${b.latencyMs} ms ÷ ${b.concurrency} in flight, ${rateTerm})`;
}

export function readsTable(result: BenchResult): Table {
  const rows: string[][] = [];
  for (const s of result.scenarios) {
    const measuredRow = (reader: string, m: Measured, note: string, vsFloor: boolean): string[] => [
      `${s.id}`,
      reader,
      seconds(m.wallS),
      seconds(m.cpuS),
      whole(m.peakRssMb),
      whole(m.requests),
      whole(m.records),
      perSecond(m.records, m.wallS),
      vsFloor ? ratio(m.wallS / s.floor.wallS) : DASH,
      vsFloor ? ratio(m.cpuS / s.floor.cpuS) : DASH,
      ratio(m.wallS / s.bound.seconds),
      note,
    ];
    rows.push(measuredRow('floor, sequential', s.floor, '', false));
    if (s.floorSideBySide) rows.push(measuredRow('floor, side by side', s.floorSideBySide, 'informative', true));
    const b = s.bound;
    rows.push([
      s.id,
      'API bound',
      seconds(b.seconds),
      DASH,
      DASH,
      whole(b.requests),
      DASH,
      DASH,
      DASH,
      DASH,
      ratio(1),
      boundNote(b),
    ]);
    rows.push(measuredRow('connector', s.connector, s.rate ? rateNote(s) : '', true));
  }
  return {
    title: 'A–C. Reads: connector, floor and API bound',
    headers: ['', 'reader', 'wall s', 'CPU s', 'peak RSS MB', 'requests', 'records', 'records/s', 'wall ×floor', 'CPU ×floor', 'wall ×bound', 'note'],
    rows,
  };
}

function rateNote(s: ListScenario): string {
  const r = s.rate;
  if (!r) return '';
  return `${r.sustainedRps.toFixed(1)} req/s sustained (${percent(r.sustainedRps / r.limitRps)} of ${r.limitRps}); ${r.refusals} refused (the connector reports ${r.reportedByConnector})`;
}

function percent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(0)} %` : DASH;
}

export function startupTable(startup: StartupFigures): Table {
  return {
    title: 'D. Start-up',
    headers: ['command', 'runs', 'median wall ms', 'median CPU ms'],
    rows: [
      ['node -e 0 (Node itself)', String(startup.runs), whole(startup.nodeMs), whole(startup.nodeCpuMs)],
      ['spec', String(startup.runs), whole(startup.specMs), whole(startup.specCpuMs)],
      ['check (simulator, zero latency)', String(startup.checkRuns), whole(startup.checkMs), whole(startup.checkCpuMs)],
    ],
  };
}

export function memoryTable(points: MemoryPoint[]): Table {
  return {
    title: 'E. Memory against records read (zero latency, one run each)',
    headers: ['read', 'records', 'peak RSS MB', 'wall s', 'records/s', 'exit'],
    rows: points.map((p) => [p.variant ? `${p.label}, ${p.variant}` : p.label, whole(p.records), whole(p.peakRssMb), seconds(p.wallS), perSecond(p.records, p.wallS), String(p.exitCode)]),
  };
}

interface TargetRow {
  target: string;
  measured: string;
  met: boolean | undefined;
}

export function targetRows(result: BenchResult): TargetRow[] {
  const byId = (id: ScenarioId): ListScenario | undefined => result.scenarios.find((s) => s.id === id);
  const rows: TargetRow[] = [];
  const a = byId('A');
  const flatness = (result.memory ?? []).filter((p) => !p.variant);
  rows.push(
    a
      ? ratioRow(`A wall ≤ ${TARGETS.wallVsFloor}× floor`, a.connector.wallS / a.floor.wallS, TARGETS.wallVsFloor)
      : { target: `A wall ≤ ${TARGETS.wallVsFloor}× floor`, measured: DASH, met: undefined },
    a
      ? ratioRow(`A CPU ≤ ${TARGETS.cpuVsFloor}× floor`, a.connector.cpuS / a.floor.cpuS, TARGETS.cpuVsFloor)
      : { target: `A CPU ≤ ${TARGETS.cpuVsFloor}× floor`, measured: DASH, met: undefined },
  );
  const rssPoints = [...(a ? [{ label: 'A', peakRssMb: a.connector.peakRssMb }] : []), ...flatness.map((p) => ({ label: p.label, peakRssMb: p.peakRssMb }))];
  rows.push({
    target: `peak RSS ≤ ${TARGETS.peakRssMb} MB, flat as records grow`,
    measured: rssPoints.length > 0 ? rssPoints.map((p) => `${p.label} ${whole(p.peakRssMb)}`).join(', ') + ' MB' : DASH,
    met: rssPoints.length > 0 ? rssPoints.every((p) => p.peakRssMb <= TARGETS.peakRssMb) : undefined,
  });
  const b = byId('B');
  rows.push(
    b
      ? ratioRow(`B wall ≤ ${TARGETS.wallVsBound}× API bound`, b.connector.wallS / b.bound.seconds, TARGETS.wallVsBound)
      : { target: `B wall ≤ ${TARGETS.wallVsBound}× API bound`, measured: DASH, met: undefined },
  );
  if (b?.floorSideBySide) {
    // No target: what a bare reader reaches on the same machine, which the bound does not account for.
    rows.push({
      target: 'B, for scale (no target)',
      measured: `floor side by side ${ratio(b.floorSideBySide.wallS / b.bound.seconds)} bound; connector ${ratio(b.connector.wallS / b.floorSideBySide.wallS)} floor side by side`,
      met: undefined,
    });
  }
  const c = byId('C')?.rate;
  rows.push({
    target: `C ≥ ${TARGETS.rateShare * 100} % of requests_per_second, 0 refusals`,
    measured: c ? `${percent(c.sustainedRps / c.limitRps)} of ${c.limitRps} req/s, ${c.refusals} refused` : DASH,
    met: c ? c.sustainedRps / c.limitRps >= TARGETS.rateShare && c.refusals === 0 : undefined,
  });
  const d = result.startup;
  rows.push({
    target: `D spec ≤ ${TARGETS.specMs} ms`,
    measured: d ? `${whole(d.specMs)} ms (Node alone ${whole(d.nodeMs)} ms)` : DASH,
    met: d ? d.specMs <= TARGETS.specMs : undefined,
  });
  return rows;
}

function ratioRow(target: string, value: number, limit: number): TargetRow {
  return { target, measured: ratio(value), met: Number.isFinite(value) ? value <= limit : undefined };
}

/** Only the targets this run measured (a run with --only leaves some out). */
export function targetsTable(result: BenchResult): Table {
  return {
    title: 'Targets of issue 13',
    headers: ['target', 'measured', 'met'],
    rows: targetRows(result)
      .filter((r) => r.measured !== DASH)
      .map((r) => [r.target, r.measured, r.met === undefined ? DASH : r.met ? 'yes' : 'no']),
  };
}

/** Every table of a run, in reading order. */
export function tablesOf(result: BenchResult): Table[] {
  const targets = targetsTable(result);
  const tables = targets.rows.length > 0 ? [targets] : [];
  if (result.scenarios.length > 0) tables.push(readsTable(result));
  if (result.startup) tables.push(startupTable(result.startup));
  if (result.memory && result.memory.length > 0) tables.push(memoryTable(result.memory));
  return tables;
}

/** Columns padded to their widest cell; text left, figures right. */
export function renderText(table: Table): string {
  const all = [table.headers, ...table.rows];
  const widths = table.headers.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? '')].length)));
  const numeric = table.headers.map((_, i) => table.rows.length > 0 && table.rows.every((row) => /^[-\d.,×—∞ %]*$/.test(row[i] ?? '')));
  const line = (row: string[]): string =>
    row
      .map((cell, i) => {
        const pad = (widths[i] ?? 0) - [...cell].length;
        return numeric[i] ? ' '.repeat(pad) + cell : cell + ' '.repeat(pad);
      })
      .join('  ')
      .trimEnd();
  return [table.title, line(table.headers), ...table.rows.map(line)].join('\n');
}

export function renderMarkdown(table: Table, headingLevel = 4): string {
  const numeric = table.headers.map((_, i) => table.rows.length > 0 && table.rows.every((row) => /^[-\d.,×—∞ %]*$/.test(row[i] ?? '')));
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [
    `${'#'.repeat(headingLevel)} ${table.title}`,
    '',
    `| ${table.headers.map(escape).join(' | ')} |`,
    `|${table.headers.map((_, i) => (numeric[i] ? '---:' : '---')).join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}
