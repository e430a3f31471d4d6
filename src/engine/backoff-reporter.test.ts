import { expect } from 'chai';
import type { BackoffEvent } from '../coding/client.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import { BackoffReporter } from './backoff-reporter.js';

describe('BackoffReporter', () => {
  let emitted: AirbyteMessage[];
  let now: number;
  let rate: number | undefined;
  const reporter = () =>
    new BackoffReporter(
      async (message) => void emitted.push(message),
      { stream: 'issues' },
      { configured: 100, afterLastCut: () => rate },
      () => now,
    );
  const throttled = (attempt = 1): BackoffEvent => ({ action: 'DescribeIssue', attempt, delayMs: 800, reason: 'rate_limited' });
  const logs = () => emitted.filter((m) => m.type === 'LOG');
  const statuses = () => emitted.filter((m) => m.type === 'TRACE');

  beforeEach(() => {
    emitted = [];
    now = 1_000_000;
    rate = undefined;
  });

  it('logs no line per throttled retry, and one summary with their count and the rate the limiter lowered itself to', () => {
    const subject = reporter();
    for (let i = 0; i < 40; i++) subject.report(throttled());
    rate = 4.63;
    expect(logs()).to.deep.equal([]);
    const summary = subject.summary();
    expect(summary?.type).to.equal('LOG');
    const text = summary?.type === 'LOG' ? summary.log.message : '';
    expect(text).to.include('refused 40 request(s)').and.to.include('to 4.6/s at the last refusal').and.to.include('requests_per_second is 100');
  });

  it('has nothing to summarise when Coding never throttled', () => {
    const subject = reporter();
    subject.report({ action: 'DescribeIssue', attempt: 1, delayMs: 500, reason: 'server_error' });
    expect(subject.summary()).to.equal(undefined);
  });

  it('marks the stream rate-limited at most once every five seconds', () => {
    const subject = reporter();
    for (let second = 0; second < 12; second++) {
      subject.report(throttled());
      subject.report(throttled());
      now += 1_000;
    }
    // At 0 s, 5 s and 10 s.
    expect(statuses()).to.have.length(3);
    const first = statuses()[0];
    const status = first?.type === 'TRACE' && first.trace.type === 'STREAM_STATUS' ? first.trace.stream_status : undefined;
    expect(status?.status).to.equal('RUNNING');
    expect(status?.reasons?.[0]?.type).to.equal('RATE_LIMITED');
  });

  it('still logs each retry after a server error, a broken connection or an answer without envelope', () => {
    const subject = reporter();
    subject.report({ action: 'DescribeIssue', attempt: 1, delayMs: 500, reason: 'server_error' });
    subject.report({ action: 'DescribeIssue', attempt: 2, delayMs: 900, reason: 'network_error' });
    subject.report({ action: 'DescribeIssue', attempt: 1, delayMs: 150, reason: 'no_envelope' });
    expect(logs().map((m) => (m.type === 'LOG' ? m.log.message : ''))).to.deep.equal([
      'DescribeIssue: Coding answered with a server error; retry #1 in 0.5s.',
      'DescribeIssue: the connection failed; retry #2 in 0.9s.',
      "DescribeIssue: Coding's answer had no Response envelope; retry #1 in 0.1s.",
    ]);
  });
});
