import { defineListAction } from '../declarative/action.js';
import { listAt, totalsAt } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { int, shanghaiDate, string } from '../declarative/params.js';
import { ApiError } from '../envelope.js';
import { COMMITS } from '../tables/commits.js';
import { gitDepotById } from './depot-access.js';

/**
 * The commits reachable from a branch of a depot, newest CommitDate first (ties: the later commit
 * first), with whole-day StartDate/EndDate filters on CommitDate (reference §3). A branch no commit
 * is on does not exist: an empty depot answers ResourceNotFound for its default branch.
 */
export const DescribeGitCommitsInPage = defineListAction({
  name: 'DescribeGitCommitsInPage',
  scope: 'project:depot:ro',
  rate: 10000,
  project: gitDepotById('DescribeGitCommitsInPage'),
  table: COMMITS,
  params: { DepotId: int().required(), Ref: string().required(), StartDate: shanghaiDate(), EndDate: shanghaiDate(), KeyWord: string(), Path: string() },
  filters: {
    DepotId: (id) => (c) => c.depotId === id,
    Ref: (ref, { DepotId }, { project }) => {
      const exists = project.derived(`commit-refs:${DepotId}`, () => new Set([...project.rows(COMMITS).values()].filter((c) => c.depotId === DepotId).flatMap((c) => c.refs)));
      if (!exists.has(ref)) throw new ApiError('ResourceNotFound', `The branch ${JSON.stringify(ref)} does not exist in depot ${DepotId}.`);
      return (c) => c.refs.includes(ref);
    },
    StartDate: ({ from }) => (c) => c.commitDate >= from,
    EndDate: ({ to }) => (c) => c.commitDate <= to,
    KeyWord: (word) => (word.trim() === '' ? undefined : (c) => c.fullMessage.includes(word.trim())),
  },
  order: { id: 'commitDate', direction: 'DESC', value: (c) => c.commitDate, tie: { value: (c) => c.seq, direction: 'DESC' } },
  example: ({ list, project }) => {
    const depots = list('DescribeProjectDepotInfoList', { ProjectId: project.id }) as Array<{ Id: number; DefaultBranch: string }>;
    const depot = depots[0];
    return { DepotId: depot?.Id, Ref: depot?.DefaultBranch };
  },
  view: (c) => ({
    Sha: c.sha,
    ShortMessage: c.shortMessage,
    FullMessage: c.fullMessage,
    AuthorName: c.authorName,
    AuthorEmail: c.authorEmail,
    Committer: { Name: c.committerName, Email: c.committerEmail },
    CommitDate: c.commitDate,
    CreatedAt: c.createdAt,
    Parents: c.parents.map((sha) => ({ Sha: sha })),
  }),
  paging: pageNumberPaging(),
  answer: listAt(['Data', 'Commits'], totalsAt(['Data', 'Page'], { PageNumber: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalRow: 'totalRow' })),
});
