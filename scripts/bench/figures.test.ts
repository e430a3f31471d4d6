import { expect } from 'chai';
import { apiBoundS, median, medianOf, sustainedRate } from './figures.js';

describe('benchmark figures', () => {
  it('take the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
    expect(median([7])).to.equal(7);
  });

  it('leave out runs that could not measure a figure, and answer NaN when none could', () => {
    expect(median([Number.NaN, 5, 1])).to.equal(3);
    expect(median([Number.NaN])).to.be.NaN;
  });

  it('take medians figure by figure across runs', () => {
    const runs = [
      { wallS: 1, cpuS: 9, peakRssMb: 100, requests: 40, records: 10 },
      { wallS: 3, cpuS: 1, peakRssMb: 120, requests: 40, records: 10 },
      { wallS: 2, cpuS: 5, peakRssMb: 80, requests: 41, records: 10 },
    ];
    expect(medianOf(runs)).to.deep.equal({ wallS: 2, cpuS: 5, peakRssMb: 100, requests: 40, records: 10 });
  });

  it('bound a latency-bound read by requests times latency over concurrency', () => {
    expect(apiBoundS({ requests: 40, latencyMs: 200, concurrency: 4, requestsPerSecond: 100 })).to.be.closeTo(2, 1e-9);
    expect(apiBoundS({ requests: 40, latencyMs: 200, concurrency: 1, requestsPerSecond: 100 })).to.be.closeTo(8, 1e-9);
  });

  it('bound a rate-limited read by requests over requests per second', () => {
    expect(apiBoundS({ requests: 600, latencyMs: 200, concurrency: Infinity, requestsPerSecond: 20 })).to.equal(30);
    expect(apiBoundS({ requests: 45, latencyMs: 0, concurrency: 1, requestsPerSecond: 100 })).to.be.closeTo(0.45, 1e-9);
    expect(apiBoundS({ requests: 600, latencyMs: 200, concurrency: 2, requestsPerSecond: 20 })).to.equal(60);
  });

  it('refuse a concurrency or rate that means nothing', () => {
    expect(() => apiBoundS({ requests: 1, latencyMs: 1, concurrency: 0, requestsPerSecond: 1 })).to.throw(RangeError);
    expect(() => apiBoundS({ requests: 1, latencyMs: 1, concurrency: 1, requestsPerSecond: 0 })).to.throw(RangeError);
  });

  it('measure a sustained rate between the first and the last request', () => {
    expect(sustainedRate([1000, 1050, 1100, 1150, 1200])).to.be.closeTo(20, 1e-9);
    expect(sustainedRate([5])).to.be.NaN;
  });
});
