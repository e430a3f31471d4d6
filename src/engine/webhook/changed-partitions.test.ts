import { expect } from 'chai';
import type { StoredEvent } from '../../webhooks/store/event-store.js';
import { commits } from '../../streams/commits.js';
import { mergeRequests } from '../../streams/merge-requests.js';
import type { PartitionEvents } from '../declaration.js';
import { changedPartitions } from './changed-partitions.js';

const bindingOf = (binding: unknown): PartitionEvents => binding as PartitionEvents;
let offset = 0;
const event = (code: string, projectName: string, body: unknown): StoredEvent => ({ offset: String(++offset), deliveryId: `d${offset}`, event: code, projectName, receivedAt: 0, body: typeof body === 'string' ? body : JSON.stringify(body) });
const depot = (Id: number, Name: string) => ({ Id, Name });

describe('changedPartitions: which partitions a run of events marks changed', () => {
  const projects = new Set(['platform', 'mobile-app']);

  it('keeps the depots a push names, by id or by name, in the project of the push', () => {
    const select = changedPartitions(bindingOf(commits.webhook), [event('GIT_PUSHED', 'platform', { repository: { id: '11' } }), event('GIT_MR_MERGED', 'platform', { mergeRequest: { id: 13 }, repository: { name: 'web' } })], projects);
    expect([...(select?.projects ?? [])]).to.deep.equal(['platform']);
    // 13 is the merge request's id, not a depot's.
    expect([depot(11, 'api'), depot(12, 'web'), depot(13, 'docs')].filter((d) => select?.parent?.('platform', d))).to.deep.equal([depot(11, 'api'), depot(12, 'web')]);
  });

  it('keeps every depot of a project whose event names none it recognises, or is not JSON', () => {
    for (const body of [{ repo: 'api' }, 'not json']) {
      const select = changedPartitions(bindingOf(commits.webhook), [event('GIT_PUSHED', 'platform', { repository: { id: 11 } }), event('GIT_PUSHED', 'platform', body)], projects);
      expect([depot(11, 'api'), depot(12, 'web')].every((d) => select?.parent?.('platform', d))).to.equal(true);
    }
  });

  it('ignores events of other streams and of projects the sync does not read', () => {
    expect(changedPartitions(bindingOf(commits.webhook), [event('ISSUE_UPDATED', 'platform', {}), event('GIT_PUSHED', 'elsewhere', {})], projects)).to.equal(undefined);
  });

  it('marks the projects of merge-request events, codes of the family Coding may add included', () => {
    const select = changedPartitions(bindingOf(mergeRequests.webhook), [event('GIT_MR_NOTE', 'mobile-app', {}), event('GIT_MR_CREATED', 'platform', {})], projects);
    expect([...(select?.projects ?? [])].sort()).to.deep.equal(['mobile-app', 'platform']);
    expect(select?.parent).to.equal(undefined);
  });
});
