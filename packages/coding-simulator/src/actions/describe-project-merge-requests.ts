import { defineListAction, projectById } from '../declarative/action.js';
import { listAt, totalsBeside } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { bool, Param, shanghaiDate } from '../declarative/params.js';
import { ApiError } from '../envelope.js';
import { DEPOTS } from '../tables/depots.js';
import { LABELS } from '../tables/legacy-tables.js';
import { MERGE_REQUESTS, OPEN_STATUSES, type MergeRequestStatus } from '../tables/merge-requests.js';

const STATUS_FILTERS = ['open', 'close', 'accepted', 'all'] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The project-level action takes open/close/all, the depot-level one OPEN/CLOSE/ALL/ACCEPTED: both are read, in either case. */
function statusFilter(): Param<StatusFilter, false> {
  return new Param<StatusFilter, false>(
    (raw, name) => {
      const value = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      if (!(STATUS_FILTERS as readonly string[]).includes(value)) {
        throw new ApiError('InvalidParameterValue', `The value ${JSON.stringify(raw)} of parameter ${name} is invalid; expected one of ${STATUS_FILTERS.join(', ')}.`);
      }
      return value as StatusFilter;
    },
    (raw) => raw === undefined || raw === null || raw === '',
  );
}

const SORTS = ['action_at', 'created_at'] as const;
function sortKey(): Param<(typeof SORTS)[number], true> {
  return new Param<(typeof SORTS)[number], false>(
    (raw, name) => {
      const value = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      if (!(SORTS as readonly string[]).includes(value)) throw new ApiError('InvalidParameterValue', `The value ${JSON.stringify(raw)} of parameter ${name} is invalid; expected action_at or created_at.`);
      return value as (typeof SORTS)[number];
    },
    (raw) => raw === undefined || raw === null || raw === '',
  ).default('created_at');
}

const STATUSES_OF: Readonly<Record<Exclude<StatusFilter, 'all'>, (status: MergeRequestStatus) => boolean>> = {
  open: (status) => OPEN_STATUSES.includes(status),
  close: (status) => !OPEN_STATUSES.includes(status),
  accepted: (status) => status === 'ACCEPTED',
};

/**
 * A project's merge requests, every depot's (reference §3): Sort action_at is the update time
 * (UpdateAt), created_at the creation; the date filters cover whole Asia/Shanghai days; ties are
 * broken by Id per the simulator's tieOrder.
 */
export const DescribeProjectMergeRequests = defineListAction({
  name: 'DescribeProjectMergeRequests',
  scope: 'project:depot:ro',
  rate: 20,
  project: projectById(),
  table: MERGE_REQUESTS,
  params: {
    Status: statusFilter(),
    Sort: sortKey(),
    IsSortDirectionAsc: bool().default(false),
    UpdatedAtStartDate: shanghaiDate(),
    UpdatedAtEndDate: shanghaiDate(),
    CreatedAtStartDate: shanghaiDate(),
    CreatedAtEndDate: shanghaiDate(),
  },
  filters: {
    Status: (filter) => (filter === 'all' ? undefined : (m) => STATUSES_OF[filter](m.status)),
    UpdatedAtStartDate: ({ from }) => (m) => m.updateAt >= from,
    UpdatedAtEndDate: ({ to }) => (m) => m.updateAt <= to,
    CreatedAtStartDate: ({ from }) => (m) => m.createdAt >= from,
    CreatedAtEndDate: ({ to }) => (m) => m.createdAt <= to,
  },
  order: ({ Sort, IsSortDirectionAsc }, { tieOrder }) => ({
    id: Sort === 'action_at' ? 'updateAt' : 'createdAt',
    direction: IsSortDirectionAsc ? 'ASC' : 'DESC',
    value: Sort === 'action_at' ? (m) => m.updateAt : (m) => m.createdAt,
    tie: { value: (m) => m.id, direction: tieOrder === 'code-asc' ? 'ASC' : 'DESC' },
  }),
  example: { Status: 'all', Sort: 'action_at', IsSortDirectionAsc: true },
  view: (m, { project, store, views }) => {
    const depot = project.rows(DEPOTS).get(m.depotId);
    const person = (id: number) => {
      const u = views.user(id);
      return { Id: u.Id, Name: u.Name, Avatar: u.Avatar, Email: id === 0 ? '' : (store.user(id)?.email ?? '') };
    };
    return {
      Id: m.id,
      MergeId: m.mergeId,
      DepotId: m.depotId,
      DepotName: depot?.name ?? '',
      ProjectId: project.record.id,
      Title: m.title,
      Describe: m.describe,
      Status: m.status,
      SourceBranch: m.sourceBranch,
      SourceBranchSha: m.sourceSha,
      TargetBranch: m.targetBranch,
      TargetBranchSha: m.targetSha,
      BaseSha: m.baseSha,
      MergeCommitSha: m.mergeCommitSha,
      Author: person(m.authorId),
      ActionAuthor: person(m.actionAuthorId),
      ActionAt: m.actionAt,
      Reviewers: m.reviewers.map((r) => ({ ...person(r.userId), Value: r.value })),
      Labels: m.labelIds.flatMap((id) => {
        const l = project.rows(LABELS).get(id);
        return l ? [{ Id: l.id, Name: l.name, Color: l.color }] : [];
      }),
      CommentCount: m.commentCount,
      CreatedAt: m.createdAt,
      UpdateAt: m.updateAt,
      WebUrl: `https://${store.team.record.domain}.coding.net/p/${project.record.name}/d/${depot?.name ?? ''}/git/merge/${m.mergeId}`,
    };
  },
  paging: pageNumberPaging({ defaultSize: 10, maxSize: 100 }),
  answer: listAt(['Data', 'List'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalRow: 'totalRow' })),
});
