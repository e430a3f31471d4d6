import { expect } from 'chai';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { CodingClient } from '../../coding/client.js';
import { CodingResponseError } from '../../coding/errors.js';
import { RateLimiter } from '../../coding/rate-limiter.js';
import { issues } from '../../streams/issues.js';
import { testRunContext } from '../../test-support/run-context.js';
import { scriptedClient } from '../../test-support/scripted-client.js';
import { seededRandom } from '../../test-support/seeded-random.js';
import type { Partition, SweepSpec } from '../declaration.js';
import { CodeSet } from './code-set.js';
import { listExistingCodes, type SweepListing } from './list-codes.js';

const PROJECT = 'platform';
const PAGE = 20;
const spec = issues.sweep as SweepSpec;

describe('listExistingCodes: the deletion sweep’s listing, right while Coding changes', () => {
  let sim: Simulator;
  let partition: Partition;
  let original: number[];

  beforeEach(async () => {
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 130 } });
    partition = { teamName: sim.team, project: { name: PROJECT, id: sim.project(PROJECT).Id }, parent: undefined, key: PROJECT };
    original = sim.issueCodes(PROJECT);
    sim.stats.reset();
  });
  afterEach(() => sim.close());

  function sweep(known: CodeSet): Promise<SweepListing> {
    const client = new CodingClient({ apiUrl: sim.apiUrl, authScheme: 'token', accessToken: sim.tokens.personal, limiter: new RateLimiter(1000), retry: { baseDelayMs: 5, maxRetries: 2 } });
    return listExistingCodes(testRunContext(client), issues, spec, partition, known, { pageSize: PAGE });
  }

  /** Runs `mutate` before each full-size page request of the sweep after the first (its 1-based number given). */
  function betweenPages(mutate: (pageNumber: number) => void): () => void {
    return sim.onRequest((req) => {
      const number = Number(req.params.PageNumber);
      if (req.action === 'DescribeIssueListWithPage' && req.params.PageSize === PAGE && number > 1) mutate(number);
    });
  }

  /** Deleting an issue deletes its sub-tasks too: what is gone is what Coding no longer has. */
  const goneSinceStart = () => {
    const existing = new Set(sim.issueCodes(PROJECT));
    return original.filter((code) => !existing.has(code));
  };
  const listRequests = () => sim.stats.byAction.DescribeIssueListWithPage ?? 0;
  const readRequests = () => sim.stats.byAction.DescribeIssue ?? 0;

  it('lists every code with one request per page, sorted by code, and finds nothing gone when nothing changed', async () => {
    const listing = await sweep(CodeSet.of(original));
    expect(listing.listed.runs()).to.deep.equal(CodeSet.of(original).runs());
    expect(listing.gone).to.deep.equal([]);
    expect(listing.total).to.equal(original.length);
    expect(listRequests()).to.equal(Math.floor(original.length / PAGE) + 1);
    expect(readRequests()).to.equal(0);
  });

  it('reports the known codes deleted before it, wherever they sat: first, either side of a page boundary, last', async () => {
    const deleted = [0, PAGE - 1, PAGE, 2 * PAGE - 1, original.length - 1].map((index) => original[index] as number);
    for (const code of deleted) sim.control.deleteIssue(PROJECT, code);
    const listing = await sweep(CodeSet.of(original));
    expect(listing.gone).to.include.members(deleted);
    expect(listing.gone).to.deep.equal(goneSinceStart());
    expect(readRequests(), 'gaps at page boundaries are settled by a 1-item check, not by reading each issue').to.equal(0);
  });

  it('never reports an existing issue deleted while issues already listed are deleted under it, and the next sweep reports those (seeded)', async () => {
    const random = seededRandom(5);
    let deletions = 0;
    const stop = betweenPages((pageNumber) => {
      // An issue the sweep has already listed: every later issue shifts back by one.
      const alive = sim.issueCodes(PROJECT).filter((code) => code <= (original[(pageNumber - 1) * PAGE - 1] as number));
      const code = alive[Math.floor(random() * alive.length)] as number;
      sim.control.deleteIssue(PROJECT, code);
      deletions += 1;
    });
    const known = CodeSet.of(original);
    const first = await sweep(known);
    stop();
    expect(deletions).to.be.at.least(5);
    const existing = new Set(sim.issueCodes(PROJECT));
    expect(first.gone.filter((code) => existing.has(code)), 'existing issues reported deleted').to.deep.equal([]);

    const second = await sweep(known.union(first.listed).without(first.gone));
    expect([...first.gone, ...second.gone].sort((a, b) => a - b)).to.deep.equal(goneSinceStart());
  });

  it('reads on its own a known issue that drift hid at a page boundary, and keeps it', async () => {
    const hidden = original[PAGE] as number;
    // A sub-task has no sub-tasks of its own: deleting it removes exactly one issue.
    const onFirstPage = original.slice(0, PAGE).find((code) => sim.issueListItem(PROJECT, code).Type === 'SUB_TASK') as number;
    let done = false;
    betweenPages(() => {
      if (done) return;
      done = true;
      sim.control.deleteIssue(PROJECT, onFirstPage);
    });
    const listing = await sweep(CodeSet.of(original));
    expect(listing.listed.has(hidden), 'the first issue of page 2 slipped back onto page 1, already read').to.equal(false);
    expect(listing.gone).to.deep.equal([]);
    expect(readRequests()).to.equal(1);
  });

  it('does not report an issue created during the sweep, and lists the ones created before it ends', async () => {
    const created: number[] = [];
    betweenPages((pageNumber) => {
      if (pageNumber <= 3) created.push(sim.control.createIssue(PROJECT, { Name: `created before page ${pageNumber}`, Type: 'MISSION' }).Code);
    });
    const known = CodeSet.of(original);
    const listing = await sweep(known);
    expect(listing.gone).to.deep.equal([]);
    expect(created.every((code) => listing.listed.has(code) && !known.has(code))).to.equal(true);
    expect(listing.total).to.equal(original.length + created.length);
  });

  it('stops with an error when Coding does not sort the listing by code', async () => {
    const client = scriptedClient(() => ({ Data: { TotalCount: 3, List: [{ Code: 3 }, { Code: 1 }, { Code: 2 }] } }));
    const error = await listExistingCodes(testRunContext(client), issues, spec, partition, CodeSet.of([1, 2, 3])).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodingResponseError);
    expect((error as Error).message).to.match(/did not sort DescribeIssueListWithPage by Code/);
  });
});
