import { expect } from 'chai';
import { escapeXml, panelsOf, renderChart } from './chart.js';
import { sampleResult } from './test-support.js';

describe('the benchmark chart', () => {
  it('draws one panel per scenario, with a bar per reader and the target of issue 13', () => {
    const panels = panelsOf(sampleResult());
    expect(panels.map((p) => p.bars.length)).to.deep.equal([3, 4, 3, 3, 3]);
    expect(panels[0]?.target?.value).to.be.closeTo(4.4, 1e-9);
    expect(panels[1]?.target?.value).to.be.closeTo(2.4, 1e-9);
    expect(panels[3]?.target?.value).to.equal(150);
  });

  it('is one SVG document with a rectangle per bar', () => {
    const svg = renderChart(sampleResult());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.trimEnd().endsWith('</svg>')).to.equal(true);
    const bars = panelsOf(sampleResult()).reduce((n, p) => n + p.bars.length, 0);
    // One more rectangle: the white background.
    expect(svg.match(/<rect /g)).to.have.length(bars + 1);
  });

  it('escapes text so labels cannot break the markup', () => {
    expect(escapeXml('a < b & "c" > d')).to.equal('a &lt; b &amp; &quot;c&quot; &gt; d');
    const result = sampleResult();
    result.meta.label = '<before & after>';
    expect(renderChart(result)).to.include('&lt;before &amp; after&gt;').and.not.include('<before');
  });

  it('draws a run that measured nothing as a bar-less chart, not an error', () => {
    const result = { ...sampleResult(), scenarios: [], startup: undefined, memory: undefined };
    expect(renderChart(result)).to.include('</svg>');
  });
});
