import { expect } from 'chai';
import { ISSUES, USERS } from '../tables/legacy-tables.js';
import { GADGETS } from '../test-support/gadgets.js';
import { inProcess } from '../test-support/in-process.js';
import { projectTable, teamTable } from './table.js';

/** Every row of every core table, as one string. */
function coreRows(sim: ReturnType<typeof inProcess>): string {
  const { store } = sim;
  return JSON.stringify({
    users: [...store.team.users.values()],
    projects: store.projects().map((p) => ({
      record: p.record,
      issues: [...p.issues.values()],
      iterations: [...p.iterations.values()],
      members: [...p.members.values()],
      labels: [...p.labels.values()],
      modules: [...p.modules.values()],
    })),
  });
}

describe('seeded tables', () => {
  const size = { projects: 3, issuesPerProject: 40 };

  it('gives each table its own stream, so adding a table leaves every other table\'s rows unchanged', () => {
    const widgets = projectTable<{ id: number; size: number }, number>({
      name: 'test-widgets',
      key: (w) => w.id,
      generate: ({ rng }) => [1, 2, 3, 4].map((id) => ({ id, size: rng.int(0, 1_000_000) })),
    });
    const rows = (sim: ReturnType<typeof inProcess>): string =>
      coreRows(sim) + JSON.stringify(sim.store.projects().map((p) => [...p.rows(widgets).values()]));
    // GADGETS is seeded first: had it shared a stream with widgets, widgets would change.
    expect(rows(inProcess({ size, extraTables: [GADGETS, widgets] }))).to.equal(rows(inProcess({ size, extraTables: [widgets] })));
  });

  it('seeds the same rows for the same seed, and draws differently per project and per seed', () => {
    const weights = (seed: number): number[][] =>
      inProcess({ seed, size, extraTables: [GADGETS] }).store.projects().map((p) => [...p.rows(GADGETS).values()].map((g) => g.weight));
    const a = weights(42);
    expect(weights(42)).to.deep.equal(a);
    expect(a[0]).to.not.deep.equal(a[1]);
    expect(weights(7)).to.not.deep.equal(a);
  });

  it('lets a generator read the seeded rows of the team and project tables it uses', () => {
    const owners = projectTable<{ id: number; userId: number; lastIssue: number }, number>({
      name: 'test-owners',
      key: (o) => o.id,
      uses: [USERS, ISSUES],
      generate: ({ team, sibling, index }) => [{ id: 1, userId: team(USERS)[index]?.id ?? 0, lastIssue: sibling(ISSUES).at(-1)?.code ?? 0 }],
    });
    const sim = inProcess({ size, extraTables: [owners] });
    const users = [...sim.store.team.users.values()];
    expect(sim.store.projects().map((p) => p.rows(owners).get(1))).to.deep.equal(users.slice(0, 3).map((u) => ({ id: 1, userId: u.id, lastIssue: 40 })));
  });

  it('refuses a generator that reads a table it does not list in uses', () => {
    const sneaky = teamTable<{ id: number }, number>({ name: 'test-sneaky', key: (r) => r.id, generate: ({ team }) => team(USERS).map((u) => ({ id: u.id })) });
    expect(() => inProcess({ size, extraTables: [sneaky] })).to.throw(/without listing it in uses/);
  });
});
