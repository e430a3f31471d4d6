import { expect } from 'chai';
import { readsTable, renderMarkdown, renderText, tablesOf, targetRows, targetsTable } from './report.js';
import { sampleResult } from './test-support.js';

describe('the benchmark report', () => {
  it('judges each target of issue 13 from the figures', () => {
    const rows = targetRows(sampleResult());
    const met = Object.fromEntries(rows.map((r) => [r.target, [r.measured, r.met]]));
    expect(met['A wall ≤ 1.1× floor']).to.deep.equal(['1.25×', false]);
    expect(met['A CPU ≤ 1.3× floor']).to.deep.equal(['1.20×', true]);
    expect(met['peak RSS ≤ 150 MB, flat as records grow']).to.deep.equal(['A 140, 10k 130, 100k 160 MB', false]);
    expect(met['B wall ≤ 1.2× API bound']).to.deep.equal(['6.00×', false]);
    expect(met['C ≥ 90 % of requests_per_second, 0 refusals']).to.deep.equal(['85 % of 20 req/s, 2 refused', false]);
    expect(met['D spec ≤ 150 ms']).to.deep.equal(['750 ms (Node alone 50 ms)', false]);
    expect(targetsTable(sampleResult()).rows.find((r) => r[0] === 'B, for scale (no target)')?.slice(2)).to.deep.equal(['—']);
  });

  it('meets the rate target only with no refusal at all', () => {
    const result = sampleResult();
    const c = result.scenarios[2];
    if (!c?.rate) throw new Error('the sample has a C scenario with rate figures');
    c.rate = { ...c.rate, sustainedRps: 19, refusals: 0 };
    expect(targetRows(result).find((r) => r.target.startsWith('C'))?.met).to.equal(true);
    c.rate = { ...c.rate, refusals: 1 };
    expect(targetRows(result).find((r) => r.target.startsWith('C'))?.met).to.equal(false);
  });

  it('leaves a target undecided when its scenario did not run', () => {
    const result = { ...sampleResult(), scenarios: [], startup: undefined, memory: undefined };
    expect(targetRows(result).map((r) => r.met)).to.deep.equal([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('lists floor, bound and connector of each read, with ratios against the sequential floor and the bound', () => {
    const rows = readsTable(sampleResult()).rows;
    expect(rows.map((r) => `${r[0]} ${r[1]}`)).to.deep.equal([
      'A floor, sequential', 'A API bound', 'A connector',
      'B floor, sequential', 'B floor, side by side', 'B API bound', 'B connector',
      'C floor, sequential', 'C API bound', 'C connector',
    ]);
    const bConnector = rows[6] ?? [];
    expect(bConnector.slice(8, 11)).to.deep.equal(['1.25×', '1.57×', '6.00×']);
    expect(rows[5]?.[11]).to.equal('max(40 req × 200 ms ÷ 4 in flight, 40 req ÷ 100 req/s)');
    expect(rows[9]?.[11]).to.equal('17.0 req/s sustained (85 % of 20); 2 refused (the connector reports 2)');
  });

  it('renders the same cells as Markdown, right-aligning figures and escaping pipes', () => {
    const markdown = renderMarkdown({ title: 'T', headers: ['name', 'n'], rows: [['a|b', '1.5×'], ['c', '—']] });
    expect(markdown.split('\n')).to.deep.equal(['#### T', '', '| name | n |', '|---|---:|', '| a\\|b | 1.5× |', '| c | — |']);
  });

  it('renders text tables with aligned columns', () => {
    const text = renderText({ title: 'T', headers: ['name', 'n'], rows: [['long name', '1'], ['x', '22']] });
    expect(text.split('\n')).to.deep.equal(['T', 'name        n', 'long name   1', 'x          22']);
  });

  it('shows only the targets a partial run measured, and no targets table when it measured none', () => {
    const memoryOnly = { ...sampleResult(), scenarios: [], startup: undefined };
    expect(targetsTable(memoryOnly).rows.map((r) => r[0])).to.deep.equal(['peak RSS ≤ 150 MB, flat as records grow']);
    const webhooksOnly = { ...memoryOnly, memory: undefined };
    expect(tablesOf(webhooksOnly)).to.deep.equal([]);
  });

  it('puts the targets first and leaves out the tables of scenarios that did not run', () => {
    const result = { ...sampleResult(), startup: undefined };
    expect(tablesOf(result).map((t) => t.title)).to.deep.equal(['Targets of issue 13', 'A–C. Reads: connector, floor and API bound', 'E. Memory against records read (zero latency, one run each)']);
  });
});
