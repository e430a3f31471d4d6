import { expect } from 'chai';
import type { Item } from '../coding/paging.js';
import { CodingResponseError } from '../coding/errors.js';
import { ciBuilds } from '../streams/ci-builds.js';
import { scriptedClient } from '../test-support/scripted-client.js';
import type { Partition } from './declaration.js';
import { newestFirstScan, type NewestFirstStep } from './newest-first-scan.js';
import type { Position } from './stream-state.js';

const PAGE = 4;
const partition: Partition = { teamName: 'acme', project: { name: 'platform', id: 1 }, parent: { Id: 77, Name: 'build' }, key: 'platform/77' };

interface Build {
  Id: number;
  CreatedAt: number;
  Status: string;
}

/** A job's builds as DescribeCodingCIBuilds pages them: newest first, or in the order given when `sorted` is false. */
function jobOf(builds: Build[], options: { sorted?: boolean; onRequest?: (page: number) => void } = {}) {
  return scriptedClient((_action, params) => {
    const page = Number(params.PageNumber);
    options.onRequest?.(page);
    const list = options.sorted === false ? builds : [...builds].sort((a, b) => b.CreatedAt - a.CreatedAt || b.Id - a.Id);
    return { Data: { PageNumber: page, TotalCount: list.length, BuildList: list.slice((page - 1) * PAGE, page * PAGE) } };
  });
}

function builds(count: number, status: (n: number) => string = () => 'SUCCEED'): Build[] {
  return Array.from({ length: count }, (_, i) => ({ Id: i + 1, CreatedAt: 1_000 * (i + 1), Status: status(i + 1) }));
}

async function scan(client: ReturnType<typeof jobOf>, start: Position, maxHeld?: number, warnings: string[] = []): Promise<{ emitted: Item[]; steps: NewestFirstStep[] }> {
  const steps: NewestFirstStep[] = [];
  for await (const step of newestFirstScan(client, ciBuilds, partition, start, { pageSize: PAGE, warn: (m) => warnings.push(m), ...(maxHeld === undefined ? {} : { maxHeld }) })) steps.push(step);
  return { emitted: steps.flatMap((s) => s.items), steps };
}

const ids = (items: Item[]) => items.map((i) => i.Id);

describe('newestFirstScan: incremental reading of a listing Coding sorts newest first', () => {
  it('reads everything from the start, and positions only its last step, at the newest item', async () => {
    const { emitted, steps } = await scan(jobOf(builds(10)), { value: 0, ids: [] });
    expect(ids(emitted)).to.deep.equal([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(steps.slice(0, -1).map((s) => s.position)).to.deep.equal([undefined, undefined]);
    expect(steps.at(-1)?.position).to.deep.equal({ value: 10_000, ids: [10] });
  });

  it('stops paging at the first page that reaches what it emitted before', async () => {
    const all = builds(20);
    const pages: number[] = [];
    const { emitted, steps } = await scan(jobOf(all, { onRequest: (p) => pages.push(p) }), { value: 14_000, ids: [14] });
    expect(ids(emitted)).to.deep.equal([20, 19, 18, 17, 16, 15]);
    expect(pages).to.deep.equal([1, 2]);
    expect(steps.at(-1)?.position).to.deep.equal({ value: 20_000, ids: [20] });
  });

  it('emits the items sharing the position’s value that it had not emitted, and only those', async () => {
    const all = builds(8).map((b) => (b.Id >= 5 && b.Id <= 7 ? { ...b, CreatedAt: 5_000 } : b));
    const { emitted } = await scan(jobOf(all), { value: 5_000, ids: [5, 7] });
    expect(ids(emitted)).to.deep.equal([8, 6]);
  });

  it('keeps the position at the oldest unfinished item, emits it again, and the finished ones above it not again', async () => {
    const running = new Set([6, 9]);
    const all = builds(10, (n) => (running.has(n) ? 'RUNNING' : 'SUCCEED'));
    const first = await scan(jobOf(all), { value: 0, ids: [] });
    const position = first.steps.at(-1)?.position as Position;
    expect(position).to.deep.equal({ value: 6_000, ids: [10, 8, 7] });

    const second = await scan(jobOf(all), position);
    expect(ids(second.emitted), 'still running: emitted again, nothing else').to.deep.equal([9, 6]);

    running.delete(6);
    running.delete(9);
    const finished = all.map((b) => ({ ...b, Status: 'SUCCEED' }));
    const third = await scan(jobOf([...finished, { Id: 11, CreatedAt: 11_000, Status: 'SUCCEED' }]), position);
    expect(ids(third.emitted), 'the finished builds once more, and the new one').to.deep.equal([11, 9, 6]);
    expect(third.steps.at(-1)?.position).to.deep.equal({ value: 11_000, ids: [11] });
  });

  it('moves on past unfinished items held under too many finished ones, saying which', async () => {
    const all = builds(12, (n) => (n === 2 ? 'RUNNING' : 'SUCCEED'));
    const warnings: string[] = [];
    const { steps } = await scan(jobOf(all), { value: 0, ids: [] }, 5, warnings);
    expect(steps.at(-1)?.position).to.deep.equal({ value: 12_000, ids: [12] });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('platform/77').and.include('(2)');
  });

  it('reads to the end rather than stop early when the listing is not newest first', async () => {
    // Coding's order is INFERRED: an item newer than the one before it means the order cannot be trusted.
    const all = [...builds(8)].sort((a, b) => b.CreatedAt - a.CreatedAt);
    const shuffled = [all[0], all[6], all[1], all[7], all[2], all[3], all[4], all[5]] as Build[];
    const { emitted } = await scan(jobOf(shuffled, { sorted: false }), { value: 4_500, ids: [] });
    expect(ids(emitted).sort()).to.deep.equal([5, 6, 7, 8]);
  });

  it('does not emit twice an item that new items at the front pushed onto the next page', async () => {
    const all = builds(9);
    const client = jobOf(all, { onRequest: (page) => page === 2 && all.push({ Id: 10, CreatedAt: 10_000, Status: 'SUCCEED' }) });
    const { emitted } = await scan(client, { value: 0, ids: [] });
    expect(new Set(ids(emitted)).size).to.equal(emitted.length);
    expect(ids(emitted)).to.include.members([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses an item without a numeric cursor value', async () => {
    const client = scriptedClient(() => ({ Data: { TotalCount: 1, BuildList: [{ Id: 1, Status: 'SUCCEED' }] } }));
    let failure: unknown;
    await scan(client as ReturnType<typeof jobOf>, { value: 0, ids: [] }).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(CodingResponseError);
  });
});
