import { startSimulator, type Simulator } from '@source-coding/coding-simulator';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const floor = join(import.meta.dirname, 'floor.mjs');

interface FloorItem {
  Code: number;
  ProjectName?: string;
  UpdatedAt: number;
  Watchers?: unknown;
}

describe('the benchmark floor', () => {
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ dataset: { projects: 2, issuesPerProject: 23 } });
  });

  after(async () => {
    await sim.close();
  });

  async function runFloor(...args: string[]): Promise<Array<{ project: string; item: FloorItem }>> {
    const projects = sim.projectNames();
    const { stdout } = await promisify(execFile)(process.execPath, [floor, '--api-url', sim.apiUrl, '--projects', projects.join(','), '--page-size', '5', ...args], {
      env: { ...process.env, BENCH_TOKEN: sim.tokens.personal },
    });
    // Listed items do not name their project: find the project that lists exactly this item.
    return stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const item = JSON.parse(line) as FloorItem;
        const listed = (p: string): string => (sim.issueCodes(p).includes(item.Code) ? JSON.stringify(sim.issueListItem(p, item.Code)) : '');
        const project = projects.find((p) => line === listed(p) || (item.Watchers !== undefined && listed(p) !== '' && sameListFields(item, p))) ?? '?';
        return { project, item };
      });
  }

  /** A detailed item carries every listed field (the detail adds fields, and replaces none with other values). */
  function sameListFields(item: FloorItem, project: string): boolean {
    const listed = sim.issueListItem(project, item.Code) as unknown as Record<string, unknown>;
    const detailed = item as unknown as Record<string, unknown>;
    return ['Name', 'UpdatedAt', 'CreatedAt', 'Description'].every((key) => JSON.stringify(listed[key]) === JSON.stringify(detailed[key]));
  }

  const expected = (): string[] => sim.projectNames().flatMap((p) => sim.issueCodes(p).map((code) => `${p}/${code}`));

  it('writes every issue of every project once, one JSON line each, in UpdatedAt order per project', async () => {
    const lines = await runFloor();
    expect(lines.map((l) => `${l.project}/${l.item.Code}`)).to.have.members(expected());
    for (const project of sim.projectNames()) {
      const times = lines.filter((l) => l.project === project).map((l) => l.item.UpdatedAt);
      expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    }
  });

  it('reads the same issues with the projects side by side', async () => {
    const lines = await runFloor('--side-by-side');
    expect(lines.map((l) => `${l.project}/${l.item.Code}`)).to.have.members(expected());
  });

  it('adds each issue its detail fields when asked for details', async () => {
    const lines = await runFloor('--details', '--concurrency', '3', '--rps', '1000');
    expect(lines.map((l) => `${l.project}/${l.item.Code}`)).to.have.members(expected());
    for (const { item } of lines) expect(item.Watchers, `issue ${item.Code}`).to.be.an('array');
  });
});
