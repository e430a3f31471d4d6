import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { CodingClient } from '../coding/client.js';
import { fetchPage } from '../coding/paging.js';
import { RateLimiter } from '../coding/rate-limiter.js';
import { cursorScan, type Position } from '../engine/cursor-scan.js';
import { listOf, type Partition } from '../engine/declaration.js';
import { mergeRequests } from './merge-requests.js';

const PROJECT = 'platform';
const PAGE = 5;

interface Emitted {
  id: number;
  updateAt: number;
}

/**
 * The same property as the issues' cursorScan tests, for merge requests: Coding filters them by update
 * day and pages them by offset, so an update during the read shifts every later one.
 */
describe('merge_requests: paging loses nothing while Coding changes under the read', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let client: CodingClient;
  let partition: Partition;
  let branches: string[];

  beforeEach(async () => {
    let clock = Date.UTC(2025, 0, 1);
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 5 }, now: () => (clock += 1000) });
    client = new CodingClient({ apiUrl: sim.apiUrl, authScheme: 'token', accessToken: sim.tokens.personal, limiter: new RateLimiter(1000), retry: { baseDelayMs: 5, maxRetries: 2 } });
    partition = { teamName: sim.team, project: { name: PROJECT, id: sim.project(PROJECT).Id }, parent: undefined, key: PROJECT };
    // Branches for the merge requests opened during the reads.
    branches = Array.from({ length: 12 }, (_, i) => `feature/during-${i}`);
    for (const branch of branches) sim.control.pushCommits(PROJECT, `${PROJECT}-web`, { Branch: branch });
  });
  afterEach(() => sim.close());

  const list = () => sim.list('DescribeProjectMergeRequests', { ProjectId: partition.project?.id, Status: 'all' });
  const current = () => new Map(list().map((m) => [m.Id, m.UpdateAt]));
  const openOnes = () => list().filter((m) => m.Status === 'CANMERGE' || m.Status === 'CANNOTMERGE');

  async function scan(start: Position, pageSize = PAGE): Promise<{ emitted: Emitted[]; last: Position }> {
    const emitted: Emitted[] = [];
    let last = start;
    for await (const step of cursorScan(client, mergeRequests, partition, start, { pageSize, warn: () => undefined })) {
      emitted.push(...step.items.map((m) => ({ id: Number(m.Id), updateAt: Number(m.UpdateAt) })));
      last = step.position;
    }
    return { emitted, last };
  }

  function lost(emitted: Emitted[]): Array<[number, number]> {
    const seen = new Set(emitted.map((e) => `${e.id}@${e.updateAt}`));
    return [...current()].filter(([id, updateAt]) => !seen.has(`${id}@${updateAt}`));
  }

  /** Calls `mutate` before the n-th merge-request list request (1-based), once. */
  function beforeListRequest(n: number, mutate: () => void): void {
    let count = 0;
    sim.onRequest((req) => {
      if (req.action === 'DescribeProjectMergeRequests' && ++count === n) mutate();
    });
  }

  /** An open merge request among the first ones read (oldest update first). */
  const earlyOpen = () => [...openOnes()].sort((a, b) => a.UpdateAt - b.UpdateAt || a.Id - b.Id)[0];

  it('emits every merge request exactly once when nothing changes', async () => {
    const { emitted } = await scan({ value: 0, ids: [] });
    expect(emitted.map((e) => e.id).sort()).to.deep.equal([...current().keys()].sort());
  });

  it('loses none when one already read is updated (the drift that plain offset paging suffers)', async () => {
    const early = earlyOpen();
    beforeListRequest(3, () => sim.control.updateMergeRequest(PROJECT, early?.Id ?? 0, { Title: 'moved to the end' }));
    const { emitted } = await scan({ value: 0, ids: [] });
    expect(lost(emitted)).to.deep.equal([]);
  });

  it('the same change makes naive offset paging lose one (so the test above can fail)', async () => {
    const early = earlyOpen();
    beforeListRequest(3, () => sim.control.updateMergeRequest(PROJECT, early?.Id ?? 0, { Title: 'moved to the end' }));
    const emitted: Emitted[] = [];
    const list = listOf(mergeRequests);
    const params = { ...list.params(partition), ...mergeRequests.cursor?.since(0) };
    for (let page = 1; ; page++) {
      const { items } = await fetchPage(client, list.action, params, list.shape, page, PAGE);
      emitted.push(...items.map((m) => ({ id: Number(m.Id), updateAt: Number(m.UpdateAt) })));
      if (items.length < PAGE) break;
    }
    expect(lost(emitted)).to.have.length.greaterThan(0);
  });

  it('loses no update under random opens, updates, closes and merges before every request (seeded)', async () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let requests = 0;
    const stop = sim.onRequest((req) => {
      if (req.action !== 'DescribeProjectMergeRequests' || ++requests > 30) return;
      const open = openOnes();
      const pick = open[Math.floor(random() * open.length)];
      const dice = random();
      if (dice < 0.3 && branches.length > 0) sim.control.openMergeRequest(PROJECT, `${PROJECT}-web`, { SourceBranch: branches.pop() });
      else if (!pick) return;
      else if (dice < 0.7) sim.control.updateMergeRequest(PROJECT, pick.Id, { Title: `edit ${requests}` });
      else if (dice < 0.85) sim.control.updateMergeRequest(PROJECT, pick.Id, { Status: 'CANCEL' });
      else if (pick.SourceBranch.startsWith('feature/during-')) sim.control.mergeMergeRequest(PROJECT, pick.Id);
      else sim.control.updateMergeRequest(PROJECT, pick.Id, { Status: 'REFUSED' });
    });
    const first = await scan({ value: 0, ids: [] }, 3);
    expect(requests, 'the first read outlasted the 30 changes').to.be.greaterThan(30);
    // What changed during this sync is emitted by it or by the next one, which runs on still data.
    stop();
    const second = await scan(first.last, 3);
    expect(lost([...first.emitted, ...second.emitted])).to.deep.equal([]);
    // Repeats are the price of never losing: bounded, not endless.
    expect(first.emitted.length).to.be.lessThan(3 * current().size);
  });
});
