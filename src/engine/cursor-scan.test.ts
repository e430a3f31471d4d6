import { expect } from 'chai';
import { CodingClient } from '../coding/client.js';
import { fetchPage, type Item } from '../coding/paging.js';
import { RateLimiter } from '../coding/rate-limiter.js';
import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { CodingResponseError } from '../coding/errors.js';
import { issues } from '../streams/issues.js';
import { scriptedClient } from '../test-support/scripted-client.js';
import { cursorScan, type Position } from './cursor-scan.js';
import { listOf, type Partition } from './declaration.js';

const PROJECT = 'platform';
const PAGE = 20;

interface Emitted {
  code: number;
  updatedAt: number;
}

describe('cursorScan: incremental paging that loses nothing while Coding changes', () => {
  let sim: Simulator;
  let client: CodingClient;
  let partition: Partition;
  let warnings: string[];

  async function scan(start: Position, pageSize = PAGE): Promise<{ emitted: Emitted[]; positions: Position[] }> {
    const emitted: Emitted[] = [];
    const positions: Position[] = [];
    for await (const step of cursorScan(client, issues, partition, start, { pageSize, warn: (m) => warnings.push(m) })) {
      emitted.push(...step.items.map((i) => ({ code: Number(i.Code), updatedAt: Number(i.UpdatedAt) })));
      positions.push(step.position);
    }
    return { emitted, positions };
  }

  /** Every issue's current version, as Coding now has it. */
  function current(): Map<number, number> {
    return new Map(sim.issueCodes(PROJECT).map((code) => [code, sim.issueListItem(PROJECT, code).UpdatedAt]));
  }

  /** The property users rely on: each issue's latest version reached the destination by this sync or the next. */
  function expectNothingLost(emitted: Emitted[]): void {
    const seen = new Set(emitted.map((e) => `${e.code}@${e.updatedAt}`));
    const lost = [...current()].filter(([code, updatedAt]) => !seen.has(`${code}@${updatedAt}`));
    expect(lost, 'issues whose latest version was never emitted').to.deep.equal([]);
  }

  async function setUp(options: Parameters<typeof startSimulator>[0] = {}): Promise<void> {
    sim = await startSimulator({ dataset: { projects: 1, issuesPerProject: 120 }, ...options });
    client = new CodingClient({ apiUrl: sim.apiUrl, authScheme: 'token', accessToken: sim.tokens.personal, limiter: new RateLimiter(1000), retry: { baseDelayMs: 5, maxRetries: 2 } });
    partition = { teamName: sim.team, project: { name: PROJECT, id: sim.project(PROJECT).Id }, parent: undefined, key: PROJECT };
    warnings = [];
  }

  afterEach(() => sim.close());

  /** Calls `mutate` before the n-th issue-list request (1-based), once. */
  function beforeListRequest(n: number, mutate: () => void): void {
    let count = 0;
    sim.onRequest((req) => {
      if (req.action === 'DescribeIssueListWithPage' && ++count === n) mutate();
    });
  }

  describe('when nothing changes', () => {
    beforeEach(() => setUp());

    it('emits every issue exactly once, in cursor order', async () => {
      const { emitted } = await scan({ value: 0, ids: [] });
      expect(emitted.map((e) => e.code).sort((a, b) => a - b)).to.deep.equal(sim.issueCodes(PROJECT));
      const order = emitted.map((e) => e.updatedAt);
      expect(order).to.deep.equal([...order].sort((a, b) => a - b));
    });

    it('emits nothing again from its final position', async () => {
      const { positions } = await scan({ value: 0, ids: [] });
      const again = await scan(positions[positions.length - 1] ?? { value: 0, ids: [] });
      expect(again.emitted).to.deep.equal([]);
    });

    it('resumes from any intermediate position with exactly the issues not yet emitted', async () => {
      const full = await scan({ value: 0, ids: [] });
      for (const k of [0, 2, Math.floor(full.positions.length / 2)]) {
        const position = full.positions[k];
        if (!position) continue;
        const emittedUpToK = full.emitted.filter((e) => e.updatedAt < position.value || (e.updatedAt === position.value && position.ids.includes(e.code)));
        const rest = await scan(position);
        expect(rest.emitted.length + emittedUpToK.length).to.equal(full.emitted.length);
        expect(rest.emitted.some((e) => emittedUpToK.some((d) => d.code === e.code))).to.equal(false);
      }
    });

    it('keeps issues with one shared timestamp across page boundaries (24 share bulkEditAt)', async () => {
      const { emitted } = await scan({ value: 0, ids: [] }, 7);
      expect(new Set(emitted.map((e) => e.code)).size).to.equal(emitted.length);
      expect(emitted).to.have.length(120);
    });

    it('honours a starting point inside a day (start_date) exactly, though Coding filters by whole days', async () => {
      const all = [...current()];
      const pivot = [...all].sort((a, b) => a[1] - b[1])[60]?.[1] ?? 0;
      const { emitted } = await scan({ value: pivot, ids: [] });
      expect(emitted.map((e) => e.code).sort((a, b) => a - b)).to.deep.equal(all.filter(([, u]) => u >= pivot).map(([c]) => c).sort((a, b) => a - b));
    });
  });

  describe('when Coding changes between page requests', () => {
    beforeEach(() => setUp());

    it('loses no issue when one already read is updated (the drift that plain offset paging suffers)', async () => {
      const early = [...current()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[3]?.[0] ?? 1;
      beforeListRequest(3, () => sim.control.updateIssue(PROJECT, early, { Name: 'moved to the end' }));
      const { emitted } = await scan({ value: 0, ids: [] });
      expectNothingLost(emitted);
    });

    it('the same change makes naive offset paging lose an issue (so the test above can fail)', async () => {
      const early = [...current()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[3]?.[0] ?? 1;
      beforeListRequest(3, () => sim.control.updateIssue(PROJECT, early, { Name: 'moved to the end' }));
      const emitted = await naiveOffsetScan();
      const seen = new Set(emitted.map((e) => `${e.code}@${e.updatedAt}`));
      const lost = [...current()].filter(([code, updatedAt]) => !seen.has(`${code}@${updatedAt}`));
      expect(lost).to.have.length.greaterThan(0);
    });

    it('loses no issue when issues already read are deleted', async () => {
      const order = [...current()].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([c]) => c);
      beforeListRequest(2, () => sim.control.deleteIssue(PROJECT, order[1] ?? 1));
      beforeListRequest(4, () => sim.control.deleteIssue(PROJECT, order[30] ?? 2));
      const { emitted } = await scan({ value: 0, ids: [] });
      expectNothingLost(emitted);
    });

    it('emits issues created during the read, or leaves them to the next read', async () => {
      beforeListRequest(2, () => sim.control.createIssue(PROJECT, { Name: '新建的事项 🆕', Type: 'DEFECT' }));
      const first = await scan({ value: 0, ids: [] });
      const second = await scan(first.positions[first.positions.length - 1] ?? { value: 0, ids: [] });
      expectNothingLost([...first.emitted, ...second.emitted]);
    });

    for (const tieOrder of ['code-asc', 'code-desc'] as const) {
      it(`loses no update under random creates, updates and deletes before every request (ties ${tieOrder})`, async () => {
        await sim.close();
        await setUp({ tieOrder });
        let seed = 7;
        const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        let requests = 0;
        sim.onRequest((req) => {
          if (req.action !== 'DescribeIssueListWithPage' || ++requests > 40) return;
          const codes = sim.issueCodes(PROJECT);
          const pick = () => codes[Math.floor(random() * codes.length)] ?? 1;
          const dice = random();
          if (dice < 0.5) sim.control.updateIssue(PROJECT, pick(), { Name: `edit ${requests}` });
          else if (dice < 0.75) sim.control.deleteIssue(PROJECT, pick());
          else sim.control.createIssue(PROJECT, { Name: `new ${requests}`, Type: 'MISSION' });
        });
        const first = await scan({ value: 0, ids: [] });
        const second = await scan(first.positions[first.positions.length - 1] ?? { value: 0, ids: [] });
        expectNothingLost([...first.emitted, ...second.emitted]);
        // Repeats are the price of never losing: bounded, not endless.
        expect(first.emitted.length).to.be.lessThan(2 * 160);
      });
    }
  });

  describe('when one day holds more issues than half a page', () => {
    // A bulk import: 70 issues updated on one day, 30 of them in the same millisecond.
    const bulkDay = Date.UTC(2025, 0, 15, 2, 0, 0);
    beforeEach(async () => {
      await setUp();
      for (let i = 0; i < 70; i++) sim.control.createIssue(PROJECT, { Name: `导入 ${i}`, Type: 'REQUIREMENT', CreatedAt: bulkDay, UpdatedAt: i < 30 ? bulkDay : bulkDay + i * 1000 });
    });

    it('pages through the day with verified continuation and emits each issue once', async () => {
      const { emitted } = await scan({ value: bulkDay, ids: [] });
      expect(emitted).to.have.length(70);
      expect(new Set(emitted.map((e) => e.code)).size).to.equal(70);
    });

    it('detects a shift inside the day, re-reads, and loses nothing', async () => {
      const inDay = [...current()].filter(([, u]) => u >= bulkDay && u < bulkDay + 86_400_000).sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([c]) => c);
      beforeListRequest(3, () => sim.control.updateIssue(PROJECT, inDay[2] ?? 1, { Name: 'moved' }));
      beforeListRequest(6, () => sim.control.deleteIssue(PROJECT, inDay[5] ?? 2));
      const { emitted } = await scan({ value: bulkDay, ids: [] });
      const survivors = [...current()].filter(([, u]) => u >= bulkDay);
      const seen = new Set(emitted.map((e) => `${e.code}@${e.updatedAt}`));
      expect(survivors.filter(([c, u]) => !seen.has(`${c}@${u}`))).to.deep.equal([]);
    });
  });

  describe('when Coding (or a proxy) does not honour the request', () => {
    const day = 86_400_000;
    /** 1,200 issues one day apart, sorted by UpdatedAt whatever is asked, Conditions ignored. */
    const ignoringFilter = () =>
      scriptedClient((_action, params) => {
        const page = Number(params.PageNumber);
        const size = Number(params.PageSize);
        const all = Array.from({ length: 1200 }, (_, i) => ({ Code: i + 1, UpdatedAt: Date.UTC(2023, 0, 1) + i * day }));
        return { Data: { PageNumber: page, PageSize: size, TotalCount: all.length, List: all.slice((page - 1) * size, page * size) } };
      });

    it('fails with a system error when the UPDATED_AT filter is ignored, instead of looping forever', async () => {
      const stub = ignoringFilter();
      const partitionHere = { teamName: 'acme', project: { name: PROJECT, id: 1 }, parent: undefined, key: PROJECT };
      let caught: unknown;
      let emitted = 0;
      try {
        for await (const step of cursorScan(stub, issues, partitionHere, { value: 0, ids: [] }, { pageSize: 500, warn: () => undefined })) emitted += step.items.length;
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(CodingResponseError);
      expect((caught as Error).message).to.match(/ignored the UpdatedAt filter|does not advance/);
      expect(stub.calls.length).to.be.lessThan(5);
      expect(emitted).to.equal(500);
    });

    it('fails with a system error when every restart answers the same page (page number ignored too)', async () => {
      const stub = scriptedClient(() => ({ Data: { PageNumber: 1, PageSize: 500, TotalCount: 500, List: Array.from({ length: 500 }, (_, i) => ({ Code: i + 1, UpdatedAt: Date.UTC(2023, 0, 1) + i * day })) } }));
      const partitionHere = { teamName: 'acme', project: { name: PROJECT, id: 1 }, parent: undefined, key: PROJECT };
      let caught: unknown;
      try {
        for await (const step of cursorScan(stub, issues, partitionHere, { value: 0, ids: [] }, { pageSize: 500, warn: () => undefined })) void step;
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(CodingResponseError);
      expect(stub.calls.length).to.be.lessThan(5);
    });
  });

  describe('with a Coding whose first page contradicts its total', () => {
    it('warns that it reported items but listed none, rather than end in silence', async () => {
      const stub = scriptedClient((_action, params) => ({ Data: { PageNumber: params.PageNumber, PageSize: params.PageSize, TotalCount: 6, List: [] } }));
      const partitionHere = { teamName: 'acme', project: { name: PROJECT, id: 1 }, parent: undefined, key: PROJECT };
      const warned: string[] = [];
      let emitted = 0;
      for await (const step of cursorScan(stub, issues, partitionHere, { value: 0, ids: [] }, { pageSize: 500, warn: (m) => warned.push(m) })) emitted += step.items.length;
      expect(emitted).to.equal(0);
      expect(warned).to.deep.equal([`issues of ${PROJECT}: Coding reported 6 item(s) for DescribeIssueListWithPage but listed none.`]);
    });
  });

  /** Offset paging with a moving cursor, as connectors commonly do: the approach cursorScan replaces. */
  async function naiveOffsetScan(): Promise<Emitted[]> {
    const emitted: Emitted[] = [];
    const list = listOf(issues);
    const params = { ...list.params(partition), SortKey: 'UPDATED_AT', SortValue: 'ASC', Conditions: [{ Key: 'UPDATED_AT', Value: '1970-01-01_9999-12-31' }] };
    for (let page = 1; ; page++) {
      const { items } = await fetchPage(client, list.action, params, list.shape, page, PAGE);
      emitted.push(...items.map((i: Item) => ({ code: Number(i.Code), updatedAt: Number(i.UpdatedAt) })));
      if (items.length < PAGE) return emitted;
    }
  }
});
