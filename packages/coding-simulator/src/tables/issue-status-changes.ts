/**
 * Each issue's status history: the statuses it entered, from its creation, through its type's
 * workflow in the project, ending in its current status, never after its UpdatedAt (a completed
 * issue entered its final status at CompletedAt). An issue created and never updated was created in
 * its current status.
 */
import { projectTable } from '../declarative/table.js';
import type { IssueRecord, IssueStatusRecord } from '../model.js';
import type { Prng } from '../prng.js';
import { ISSUE_STATUSES, ISSUES } from './legacy-tables.js';
import type { IssueType } from '../types.js';
import { PROJECT_ISSUE_STATUSES } from './project-issue-statuses.js';

export interface StatusChangeRow {
  /** Internal: Coding's log items carry no id of their own. */
  id: number;
  issueCode: number;
  statusId: number;
  /** When the issue entered the status. */
  createdAt: number;
}

export const ISSUE_STATUS_CHANGES = projectTable<StatusChangeRow, number>({
  name: 'issue-status-changes',
  key: (s) => s.id,
  uses: [ISSUES, ISSUE_STATUSES, PROJECT_ISSUE_STATUSES],
  generate: ({ rng, sibling, team }) => {
    const statuses = new Map(team(ISSUE_STATUSES).map((s) => [s.id, s]));
    const workflows = new Map<IssueType, Workflow>();
    for (const row of sibling(PROJECT_ISSUE_STATUSES)) {
      const flow = workflows.get(row.issueType) ?? { initial: undefined, working: [] };
      if (row.isDefault) flow.initial = row.statusId;
      if (statuses.get(row.statusId)?.type === 'PROCESSING') flow.working.push(row.statusId);
      workflows.set(row.issueType, flow);
    }
    const rows: StatusChangeRow[] = [];
    for (const issue of sibling(ISSUES)) {
      const flow = workflows.get(issue.type) ?? { initial: undefined, working: [] };
      for (const [statusId, createdAt] of history(rng, issue, flow, statuses)) rows.push({ id: rows.length + 1, issueCode: issue.code, statusId, createdAt });
    }
    return rows;
  },
});

/** An issue type's workflow in a project: where issues start, and the statuses of work in progress. */
interface Workflow {
  initial: number | undefined;
  working: number[];
}

function history(rng: Prng, issue: IssueRecord, flow: Workflow, statuses: ReadonlyMap<number, IssueStatusRecord>): Array<readonly [number, number]> {
  const initial = flow.initial ?? issue.statusId;
  const end = issue.completedAt > issue.createdAt ? issue.completedAt : issue.updatedAt;
  if (initial === issue.statusId || end - issue.createdAt < 3) return [[issue.statusId, issue.createdAt]];
  const steps: number[] = [initial];
  const current = statuses.get(issue.statusId);
  if (current?.type === 'COMPLETED' && rng.chance(0.7)) {
    const working = flow.working;
    if (working.length > 0) steps.push(...rng.sample(working, rng.int(1, Math.min(2, working.length))));
  }
  steps.push(issue.statusId);
  // Strictly increasing instants: the first at creation, the last at `end`.
  const between = Array.from({ length: steps.length - 2 }, () => issue.createdAt + 1 + Math.floor((end - issue.createdAt - 2) * rng.next())).sort((a, b) => a - b);
  const times = [issue.createdAt, ...between, end];
  for (let i = 1; i < times.length; i++) times[i] = Math.max(times[i] as number, (times[i - 1] as number) + 1);
  return steps.map((statusId, i) => [statusId, Math.min(times[i] as number, issue.updatedAt)] as const);
}
