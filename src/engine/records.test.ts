import { expect } from 'chai';
import { ciBuilds } from '../streams/ci-builds.js';
import { issues } from '../streams/issues.js';
import type { Partition } from './declaration.js';
import { toRecord } from './records.js';

const project = { id: 7, name: 'platform' };
const partition = (parent?: Record<string, unknown>): Partition => ({ teamName: 'acme', project, parent, key: 'platform' }) as Partition;

describe('a record made of an item', () => {
  it('carries Key, TeamName and ProjectName, which win over fields of the same name Coding may send', () => {
    const record = toRecord(issues, partition(), { Code: 12, Name: 'x', Key: 'from Coding', TeamName: 'other', ProjectName: 'other' });
    expect(record).to.deep.equal({ Code: 12, Name: 'x', Key: 'acme/platform/12', TeamName: 'acme', ProjectName: 'platform' });
  });

  it('keeps Coding’s own field over a stream’s extra field of the same name', () => {
    const withJob = toRecord(ciBuilds, partition({ Id: 3, Name: 'nightly' }), { Id: 5 });
    const withOwn = toRecord(ciBuilds, partition({ Id: 3, Name: 'nightly' }), { Id: 6, JobName: 'sent by Coding' });
    expect(withJob.JobName).to.equal('nightly');
    expect(withOwn.JobName).to.equal('sent by Coding');
  });
});
