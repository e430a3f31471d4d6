import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartFileName, markdownSection, recordRun } from './record.js';
import { sampleResult } from './test-support.js';

describe('the benchmark record', () => {
  it('heads a run with its date, commit and label, and says what code and machine it measured', () => {
    const section = markdownSection(sampleResult(), 'benchmarks/x.svg');
    const lines = section.split('\n');
    expect(lines[0]).to.equal('### 2026-01-02 03:04 UTC · commit abc1234 · before');
    expect(lines[2]).to.equal('Run with connector and simulator code at def5678; node v20.20.2; 2 × Some CPU; A–C medians of 3; load average 0.25 at the start, 0.50 at the end.');
    expect(section).to.include('Chart: [benchmarks/x.svg](benchmarks/x.svg)');
    expect(section).to.include('#### Targets of issue 13');
    expect(section).to.include('#### F. Webhook receiver');
  });

  it('names charts by date and commit, and marks runs that were not default ones', () => {
    const meta = sampleResult().meta;
    expect(chartFileName(meta)).to.equal('2026-01-02-abc1234.svg');
    expect(chartFileName({ ...meta, mode: 'quick' })).to.equal('2026-01-02-abc1234-quick.svg');
  });

  it('appends each run to docs/benchmarks.md, keeping the earlier ones, and writes its chart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'source-coding-bench-record-'));
    try {
      const first = sampleResult();
      await recordRun(root, first);
      const second = sampleResult();
      second.meta = { ...second.meta, commit: 'fff0000', label: 'after' };
      await recordRun(root, second);
      const doc = await readFile(join(root, 'docs', 'benchmarks.md'), 'utf8');
      expect(doc.startsWith('# Benchmarks\n')).to.equal(true);
      expect(doc.indexOf('commit abc1234 · before')).to.be.greaterThan(0).and.lessThan(doc.indexOf('commit fff0000 · after'));
      expect(await readdir(join(root, 'docs', 'benchmarks'))).to.have.members(['2026-01-02-abc1234.svg', '2026-01-02-fff0000.svg']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
