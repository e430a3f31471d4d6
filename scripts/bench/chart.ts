/**
 * A bar chart of one run as a standalone SVG (no dependency): one panel per scenario, each on its own
 * scale, with the target drawn as a dashed line where issue 13 sets one.
 */
import { TARGETS } from './report.js';
import type { BenchResult } from './results.js';

interface Bar {
  label: string;
  value: number;
  kind: 'floor' | 'bound' | 'connector' | 'other';
}

interface Panel {
  title: string;
  unit: string;
  bars: Bar[];
  target?: { value: number; label: string };
}

const COLORS: Record<Bar['kind'], string> = { floor: '#9d9d9d', bound: '#4e79a7', connector: '#e15759', other: '#76b7b2' };
const WIDTH = 800;
const LABEL_WIDTH = 230;
const BAR_AREA = 440;
const ROW = 22;
const TITLE = 24;
const GAP = 14;

export function panelsOf(result: BenchResult): Panel[] {
  const panels: Panel[] = [];
  for (const s of result.scenarios) {
    const bars: Bar[] = [{ label: 'floor, sequential', value: s.floor.wallS, kind: 'floor' }];
    if (s.floorSideBySide) bars.push({ label: 'floor, side by side', value: s.floorSideBySide.wallS, kind: 'floor' });
    bars.push({ label: 'API bound', value: s.bound.seconds, kind: 'bound' });
    bars.push({ label: 'connector', value: s.connector.wallS, kind: 'connector' });
    const target =
      s.id === 'A'
        ? { value: s.floor.wallS * TARGETS.wallVsFloor, label: `${TARGETS.wallVsFloor}× floor` }
        : s.id === 'B'
          ? { value: s.bound.seconds * TARGETS.wallVsBound, label: `${TARGETS.wallVsBound}× bound` }
          : { value: s.bound.seconds / TARGETS.rateShare, label: `${TARGETS.rateShare * 100} % of rate` };
    panels.push({ title: `${s.id}. ${s.title}: wall time`, unit: 's', bars, target });
  }
  if (result.startup) {
    panels.push({
      title: 'D. Start-up: median wall time',
      unit: 'ms',
      bars: [
        { label: 'node -e 0', value: result.startup.nodeMs, kind: 'floor' },
        { label: 'spec', value: result.startup.specMs, kind: 'connector' },
        { label: 'check', value: result.startup.checkMs, kind: 'other' },
      ],
      target: { value: TARGETS.specMs, label: `spec ${TARGETS.specMs} ms` },
    });
  }
  if (result.memory && result.memory.length > 0) {
    panels.push({
      title: 'E. Memory: peak RSS of the connector',
      unit: 'MB',
      bars: result.memory.map((p) => ({ label: p.variant ? `${p.label}, ${p.variant}` : p.label, value: p.peakRssMb, kind: p.variant ? 'other' : 'connector' })),
      target: { value: TARGETS.peakRssMb, label: `${TARGETS.peakRssMb} MB` },
    });
  }
  return panels;
}

export function renderChart(result: BenchResult): string {
  const panels = panelsOf(result);
  const parts: string[] = [];
  let y = 34;
  for (const panel of panels) {
    const targetNote = panel.target ? ` (dashed: target, ${panel.target.label})` : '';
    parts.push(`<text x="8" y="${y + 16}"><tspan font-weight="bold">${escapeXml(panel.title)}</tspan>${escapeXml(targetNote)}</text>`);
    const top = y + TITLE;
    const finite = panel.bars.map((b) => b.value).filter(Number.isFinite);
    const max = Math.max(...finite, panel.target?.value ?? 0, Number.MIN_VALUE);
    const scale = BAR_AREA / max;
    panel.bars.forEach((bar, i) => {
      const rowY = top + i * ROW;
      const width = Number.isFinite(bar.value) ? Math.max(1, bar.value * scale) : 0;
      const text = Number.isFinite(bar.value) ? `${formatValue(bar.value, panel.unit)} ${panel.unit}` : 'n/a';
      parts.push(
        `<text x="${LABEL_WIDTH - 6}" y="${rowY + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${rowY + 3}" width="${width.toFixed(1)}" height="${ROW - 6}" fill="${COLORS[bar.kind]}"/>`,
        `<text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${rowY + 15}">${escapeXml(text)}</text>`,
      );
    });
    const bottom = top + panel.bars.length * ROW;
    if (panel.target && Number.isFinite(panel.target.value)) {
      const x = (LABEL_WIDTH + panel.target.value * scale).toFixed(1);
      parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#333" stroke-dasharray="4 3"/>`);
    }
    y = bottom + GAP;
  }
  const height = y + 8;
  const heading = `source-coding bench · ${result.meta.date.slice(0, 10)} · ${result.meta.commit}${result.meta.label ? ` · ${result.meta.label}` : ''}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${escapeXml(heading)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function formatValue(value: number, unit: string): string {
  return unit === 's' ? value.toFixed(2) : Math.round(value).toString();
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
