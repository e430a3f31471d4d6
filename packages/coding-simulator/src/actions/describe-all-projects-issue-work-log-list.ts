import { defineListAction, teamWide } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { itemOffsetPaging } from '../declarative/paging.js';
import { int, string } from '../declarative/params.js';
import { ISSUE_WORK_LOGS } from '../tables/issue-work-logs.js';
import { workLogView } from './work-log-view.js';

/**
 * Work logs of every project of the team, project after project, by item offset, without totals (the
 * short page is the last). Which time StartAt/EndAt compare is INFERRED: here the entry's StartAt.
 */
export const DescribeAllProjectsIssueWorkLogList = defineListAction({
  name: 'DescribeAllProjectsIssueWorkLogList',
  scope: 'collaboration:issue:ro',
  rate: 20,
  project: teamWide(),
  table: ISSUE_WORK_LOGS,
  params: { ProjectName: string(), UserId: int(), StartAt: int(), EndAt: int() },
  filters: {
    ProjectName: (name, _, { project }) => (name === '' ? undefined : () => project.record.name === name),
    UserId: (id) => (w) => w.userId === id,
    StartAt: (from) => (w) => w.startAt >= from,
    EndAt: (to) => (w) => w.startAt <= to,
  },
  view: (w, { project }) => workLogView(project, w),
  paging: itemOffsetPaging({ defaultSize: 20, maxSize: 1000 }),
  answer: listAt(['WorkLogs']),
});
