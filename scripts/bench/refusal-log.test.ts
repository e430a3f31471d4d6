import { expect } from 'chai';
import { refusalsReportedIn } from './refusal-log.js';

const log = (message: string): string => JSON.stringify({ type: 'LOG', log: { level: 'WARN', message } });
const record = JSON.stringify({ type: 'RECORD', record: { stream: 'issues', data: { Name: 'Coding asked to slow down' }, emitted_at: 1 } });

describe('the refusals the connector reports', () => {
  it('counts one per "asked to slow down" warning', () => {
    const out = [log('DescribeIssue: Coding asked to slow down; retry #1 in 1.0s.'), record, log('DescribeIssue: Coding asked to slow down; retry #2 in 2.0s.'), ''].join('\n');
    expect(refusalsReportedIn(out)).to.equal(2);
  });

  it('takes the number from the end-of-run summary', () => {
    const out = [record, log("Coding's rate limit refused 7 request(s), which were retried; the connector lowered its request rate."), ''].join('\n');
    expect(refusalsReportedIn(out)).to.equal(7);
  });

  it('ignores records and other log lines, even when they quote the same words', () => {
    const out = [record, log('DescribeIssue: Coding answered with a server error; retry #1 in 1.0s.'), ''].join('\n');
    expect(refusalsReportedIn(out)).to.equal(0);
  });
});
