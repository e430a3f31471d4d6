import { defineListAction } from '../declarative/action.js';
import { listAt, totalsBeside } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { int, oneOf, shanghaiDate, string } from '../declarative/params.js';
import { RELEASES } from '../tables/releases.js';
import { gitDepotById } from './depot-access.js';

/** A depot's releases, newest first; FromDate/ToDate filter on the creation day (which date Coding uses is INFERRED). */
export const DescribeGitReleases = defineListAction({
  name: 'DescribeGitReleases',
  scope: 'project:depot:ro',
  rate: 20,
  project: gitDepotById('DescribeGitReleases'),
  table: RELEASES,
  params: { DepotId: int().required(), Status: oneOf(['RELEASED', 'DRAFT']), TagName: string(), FromDate: shanghaiDate(), ToDate: shanghaiDate() },
  filters: {
    DepotId: (id) => (r) => r.depotId === id,
    Status: (status) => (r) => r.status === status,
    TagName: (tag) => (tag === '' ? undefined : (r) => r.tagName === tag),
    FromDate: ({ from }) => (r) => r.createdAt >= from,
    ToDate: ({ to }) => (r) => r.createdAt <= to,
  },
  order: { id: 'createdAt', direction: 'DESC', value: (r) => r.createdAt, tie: { value: (r) => r.id, direction: 'DESC' } },
  example: ({ list, project }) => ({ DepotId: (list('DescribeProjectDepotInfoList', { ProjectId: project.id }) as Array<{ Id: number }>)[0]?.Id }),
  view: (r, { views }) => {
    const creator = views.user(r.creatorId);
    return {
      Id: r.id,
      DepotId: r.depotId,
      TagName: r.tagName,
      Title: r.title,
      Body: r.body,
      CommitSha: r.commitSha,
      TargetCommitish: r.targetBranch,
      Pre: r.pre,
      Status: r.status,
      CreatorId: r.creatorId,
      CreatorName: creator.Name,
      CreatedAt: r.createdAt,
      UpdatedAt: r.updatedAt,
    };
  },
  paging: pageNumberPaging(),
  answer: listAt(['ReleasePageList', 'Releases'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalCount: 'totalRow' })),
});
