import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { expect } from 'chai';
import { TrafficWatch } from './traffic-watch.js';

describe('the benchmark traffic watch', () => {
  let sim: Simulator;

  beforeEach(async () => {
    // One request per 2 s after a burst of 2: the next requests of a burst are refused unless the machine stalls for seconds.
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 3 }, rateLimit: { requestsPerSecond: 0.5, burst: 2 } });
  });

  afterEach(async () => {
    await sim.close();
  });

  const call = async (): Promise<string | undefined> => {
    const response = await fetch(`${sim.apiUrl}?Action=DescribeCodingCurrentUser`, {
      method: 'POST',
      headers: { authorization: `token ${sim.tokens.personal}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await response.json()) as { Response: { Error?: { Code: string } } };
    return body.Response.Error?.Code;
  };

  it('counts the requests the simulator refused for the rate limit, which its stats do not', async () => {
    sim.stats.reset();
    await call();
    const watch = new TrafficWatch(sim);
    const codes = await Promise.all(Array.from({ length: 6 }, call));
    watch.stop();
    expect(codes.filter((c) => c === 'RequestLimitExceeded')).to.have.length(5);
    expect([watch.requests, watch.accepted, watch.refused]).to.deep.equal([6, 1, 5]);
  });

  it('stops counting once stopped', async () => {
    const watch = new TrafficWatch(sim);
    await call();
    watch.stop();
    await call();
    expect(watch.accepted).to.equal(1);
  });
});
