/**
 * Keeps the results: a Markdown section appended to docs/benchmarks.md (earlier runs stay) and an SVG
 * chart beside it, named by date and commit so runs never overwrite each other.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { renderChart } from './chart.js';
import { renderMarkdown, tablesOf } from './report.js';
import type { BenchResult, RunMeta } from './results.js';

/** The paths whose changes change the figures: the connector, its schemas and the simulator. */
const CODE_PATHS = ['src', 'schemas', 'spec.json', 'packages', 'package-lock.json'];

export function runMeta(root: string, mode: RunMeta['mode'], label: string | undefined): RunMeta {
  const git = (...args: string[]): string => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    codeCommit: git('log', '-1', '--format=%h', '--', ...CODE_PATHS) || 'unknown',
    dirty: git('status', '--porcelain', '--', ...CODE_PATHS) !== '',
    node: process.version,
    machine: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}`,
    mode,
    loadAtStart: loadavg()[0] ?? Number.NaN,
    ...(label ? { label } : {}),
  };
}

export function chartFileName(meta: RunMeta): string {
  return `${meta.date.slice(0, 10)}-${meta.commit}${meta.mode === 'default' ? '' : `-${meta.mode}`}.svg`;
}

export function markdownSection(result: BenchResult, chartPath: string | undefined): string {
  const m = result.meta;
  const runs = result.scenarios[0]?.runs;
  const heading = `### ${m.date.slice(0, 16).replace('T', ' ')} UTC · commit ${m.commit}${m.label ? ` · ${m.label}` : ''}`;
  const facts = [
    `connector and simulator code at ${m.codeCommit}${m.dirty ? ' with uncommitted changes' : ''}`,
    `node ${m.node}`,
    m.machine,
    ...(runs === undefined ? [] : [`A–C medians of ${runs}`]),
    ...(m.mode === 'default' ? [] : [`\`--${m.mode}\``]),
    `load average ${m.loadAtStart.toFixed(2)} at the start${m.loadAtEnd === undefined ? '' : `, ${m.loadAtEnd.toFixed(2)} at the end`}`,
  ];
  const parts = [heading, '', `Run with ${facts.join('; ')}.`];
  if (chartPath) parts.push('', `Chart: [${chartPath}](${chartPath})`);
  for (const table of tablesOf(result)) parts.push('', renderMarkdown(table));
  if (result.webhooks && result.webhooks.length > 0) parts.push('', '#### F. Webhook receiver', '', '```', ...result.webhooks, '```');
  return parts.join('\n') + '\n';
}

/** Appends the run to docs/benchmarks.md and writes its chart; returns the paths written. */
export async function recordRun(root: string, result: BenchResult): Promise<string[]> {
  const docs = join(root, 'docs');
  const chartDir = join(docs, 'benchmarks');
  await mkdir(chartDir, { recursive: true });
  const chartRelative = `benchmarks/${chartFileName(result.meta)}`;
  await writeFile(join(docs, chartRelative), renderChart(result));
  const doc = join(docs, 'benchmarks.md');
  const lead = existsSync(doc) ? '\n' : '# Benchmarks\n\nResults of `npm run bench`, newest last.\n\n## Runs\n\n';
  await appendFile(doc, lead + markdownSection(result, chartRelative));
  return [doc, join(docs, chartRelative)];
}
