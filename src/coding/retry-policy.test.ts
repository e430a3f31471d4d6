import { expect } from 'chai';
import { parseRetryAfter, retryDelay, type RetryOptions } from './retry-policy.js';

const options: RetryOptions = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 5000 };
const at = (attempt: number, random: number, extra: Partial<Parameters<typeof retryDelay>[1]> = {}) =>
  retryDelay(options, { attempt, elapsedMs: 0, retryable: true, retryAfterMs: undefined, random: () => random, ...extra });

describe('retryDelay', () => {
  it('backs off exponentially, with jitter between half and all of the step', () => {
    expect([at(1, 0), at(2, 0), at(3, 0)]).to.deep.equal([50, 100, 200]);
    expect([at(1, 1), at(2, 1), at(3, 1)]).to.deep.equal([100, 200, 400]);
  });

  it('caps one wait at maxDelayMs', () => {
    expect(at(5, 1)).to.equal(1000);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(at(1, 0, { retryAfterMs: 3000 })).to.equal(3000);
  });

  it('gives up after maxRetries, on non-retryable errors, and past the time budget', () => {
    expect(at(6, 0.5)).to.equal(0);
    expect(at(1, 0.5, { retryable: false })).to.equal(0);
    expect(at(1, 0.5, { elapsedMs: 4990 })).to.equal(0);
    expect(at(1, 0.5, { retryAfterMs: 6000 })).to.equal(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).to.equal(2000);
    expect(parseRetryAfter('0.5')).to.equal(500);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).to.equal(10_000);
    expect(parseRetryAfter(undefined)).to.equal(undefined);
    expect(parseRetryAfter('soon')).to.equal(undefined);
  });
});
