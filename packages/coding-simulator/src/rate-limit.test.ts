import { expect } from 'chai';
import { RateLimiter } from './rate-limit.js';

describe('the per-token rate limiter', () => {
  it('lets a burst through, then one request per refill interval', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 3 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.tryTake('a'))).to.deep.equal([true, true, true, false]);
    now = 99;
    expect(limiter.tryTake('a')).to.equal(false);
    now = 100;
    expect(limiter.tryTake('a')).to.equal(true);
    expect(limiter.tryTake('b'), 'another token has its own bucket').to.equal(true);
  });

  it('does not let refused requests use up the refill', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 2, burst: 1 }, () => now);
    expect(limiter.tryTake('a')).to.equal(true);
    for (now = 0; now < 500; now += 50) expect(limiter.tryTake('a')).to.equal(false);
    now = 500;
    expect(limiter.tryTake('a')).to.equal(true);
  });

  it('defaults the burst to the rate, and lets everything through when unset', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 2 }, () => 0);
    expect([1, 2, 3].map(() => limiter.tryTake('a'))).to.deep.equal([true, true, false]);
    limiter.set(null);
    expect(limiter.tryTake('a')).to.equal(true);
  });
});
