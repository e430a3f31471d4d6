import { expect } from 'chai';
import sinon from 'sinon';
import { RateLimiter, type RateLimiterOptions, type Slot } from './rate-limiter.js';

describe('RateLimiter', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.restore());

  const limiter = (options: Partial<RateLimiterOptions> = {}) => new RateLimiter({ requestsPerSecond: 10, now: () => clock.now, ...options });

  /** Asks for `count` slots at once and returns the clock time at which each was granted. */
  async function grantTimes(subject: RateLimiter, count: number, runForMs = 10_000): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < count; i++) void subject.acquire().then(() => times.push(clock.now));
    await clock.tickAsync(runForMs);
    return times;
  }

  it('spaces requests evenly at the configured rate, first come first served', async () => {
    expect(await grantTimes(limiter(), 5)).to.deep.equal([0, 100, 200, 300, 400]);
  });

  it('counts the spacing from the previous request, so an idle spell never allows a burst', async () => {
    const subject = limiter();
    await grantTimes(subject, 1, 1_000);
    const start = clock.now;
    expect((await grantTimes(subject, 3)).map((t) => t - start)).to.deep.equal([0, 100, 200]);
  });

  it('cuts the rate once for the refusals of requests sent at the same rate', async () => {
    const subject = limiter({ requestsPerSecond: 100 });
    const slots: Slot[] = [];
    for (let i = 0; i < 3; i++) slots.push(await acquireNow(subject));
    for (const slot of slots) subject.throttled(slot);
    expect(subject.requestsPerSecond).to.be.closeTo(70, 1e-9);
    // A request sent at the new rate and refused again cuts it again.
    subject.throttled(await acquireNow(subject));
    expect(subject.requestsPerSecond).to.be.closeTo(49, 1e-9);
    expect(subject.throttledCount).to.equal(4);
    subject.succeeded();
    expect(subject.requestsPerSecondAfterLastCut).to.be.closeTo(49, 1e-9);
  });

  it('spaces requests at the lowered rate after a cut', async () => {
    const subject = limiter({ requestsPerSecond: 10, decreaseFactor: 0.5 });
    subject.throttled(await acquireNow(subject));
    const start = clock.now;
    expect((await grantTimes(subject, 3)).map((t) => t - start)).to.deep.equal([0, 200, 400]);
  });

  it('never goes below its floor, and regains the rate additively up to the configured one, never above', async () => {
    const subject = limiter({ requestsPerSecond: 10, minRequestsPerSecond: 2, increasePerSecond: 1 });
    for (let i = 0; i < 20; i++) subject.throttled(await acquireNow(subject));
    expect(subject.requestsPerSecond).to.equal(2);
    // Two successes at 2/s, about one second's worth, regain about 1 request/s: 2 + 1/2 + 1/2.5.
    subject.succeeded();
    subject.succeeded();
    expect(subject.requestsPerSecond).to.be.closeTo(2.9, 1e-9);
    for (let i = 0; i < 1_000; i++) subject.succeeded();
    expect(subject.requestsPerSecond).to.equal(10);
  });

  it('holds every request for as long as Coding asked one to wait', async () => {
    const subject = limiter();
    subject.throttled(await acquireNow(subject), 2_000);
    const start = clock.now;
    const times = await grantTimes(subject, 2);
    expect(times[0]! - start).to.be.at.least(2_000);
    expect(times[1]! - times[0]!).to.be.at.least(1000 / subject.requestsPerSecond);
  });

  async function acquireNow(subject: RateLimiter): Promise<Slot> {
    const pending = subject.acquire();
    await clock.tickAsync(1_000);
    return pending;
  }
});
