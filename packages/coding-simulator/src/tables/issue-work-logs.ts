/**
 * Work logged on issues (登记工时). An issue's WorkingHours is its estimate; each entry records
 * hours spent and what remains of the estimate after it (0 once spent, and for issues without an
 * estimate). Entries were logged between the issue's creation and its last update (logging work
 * updates the issue), for work started on or before the day they were logged. The first issue of
 * every project has work logged, so an example request always finds some.
 */
import { projectTable } from '../declarative/table.js';
import { DAY_MS } from '../shanghai-time.js';
import { moments } from './issue-comments.js';
import { ISSUES, PROJECT_MEMBERS } from './legacy-tables.js';
import { WORK_LOG_DESCRIPTIONS } from './workflow-text.js';

export interface WorkLogRow {
  id: number;
  issueCode: number;
  userId: number;
  recordHours: number;
  remainingHours: number;
  /** The Shanghai day the work started. */
  startAt: number;
  description: string;
  createdAt: number;
  updatedAt: number;
}

export function workLogIdBase(projectIndex: number): number {
  return 3_600_000 + projectIndex * 1_000_000;
}

const HOURS = [0.5, 1, 1.5, 2, 3, 4, 6, 8];

/** What remains of an estimate once `spent` hours are logged. */
export function remainingOf(estimate: number, spent: number): number {
  return Math.max(0, Math.round((estimate - spent) * 100) / 100);
}

export function shanghaiDayStart(epochMs: number): number {
  const offset = 8 * 3_600_000;
  return Math.floor((epochMs + offset) / DAY_MS) * DAY_MS - offset;
}

export const ISSUE_WORK_LOGS = projectTable<WorkLogRow, number>({
  name: 'issue-work-logs',
  key: (w) => w.id,
  uses: [ISSUES, PROJECT_MEMBERS],
  generate: ({ rng, sibling, index }) => {
    const members = sibling(PROJECT_MEMBERS).map((m) => m.userId);
    let id = workLogIdBase(index);
    const rows: WorkLogRow[] = [];
    for (const issue of sibling(ISSUES)) {
      if (issue.code !== 1 && (issue.type === 'EPIC' || !rng.chance(0.25))) continue;
      let spent = 0;
      const worker = issue.assigneeId !== 0 ? issue.assigneeId : rng.pick(members);
      for (const createdAt of moments(rng, issue, rng.int(1, 4))) {
        id += rng.int(1, 5);
        const recordHours = rng.pick(HOURS);
        spent += recordHours;
        rows.push({
          id,
          issueCode: issue.code,
          userId: rng.chance(0.8) ? worker : rng.pick(members),
          recordHours,
          remainingHours: remainingOf(issue.workingHours, spent),
          startAt: Math.max(shanghaiDayStart(issue.createdAt), shanghaiDayStart(createdAt) - rng.int(0, 2) * DAY_MS),
          description: rng.pick(WORK_LOG_DESCRIPTIONS),
          createdAt,
          updatedAt: createdAt,
        });
      }
    }
    return rows;
  },
});
