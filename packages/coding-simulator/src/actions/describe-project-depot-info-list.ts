import { defineListAction, projectById } from '../declarative/action.js';
import { listAt, totalsAt } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { DEPOTS } from '../tables/depots.js';

/** A project's depots (reference §3); S1 types the paging numbers as strings, and both forms are read. */
export const DescribeProjectDepotInfoList = defineListAction({
  name: 'DescribeProjectDepotInfoList',
  scope: 'project:depot:ro',
  rate: 20,
  project: projectById(),
  table: DEPOTS,
  params: {},
  order: { id: 'id', direction: 'ASC', value: (d) => d.id },
  view: (d, { project, store }) => {
    const team = store.team.record.domain;
    return {
      Id: d.id,
      Name: d.name,
      ProjectId: project.record.id,
      ProjectName: project.record.name,
      Description: d.description,
      DefaultBranch: d.defaultBranch,
      VcsType: d.vcsType,
      RepoType: 'CODING',
      IsShared: d.isShared,
      CreatedAt: d.createdAt,
      LastPushAt: d.lastPushAt,
      HttpsUrl: d.vcsType === 'svn' ? `svn://subversion.e.coding.net/${team}/${project.record.name}/${d.name}` : `https://e.coding.net/${team}/${project.record.name}/${d.name}.git`,
      SshUrl: d.vcsType === 'svn' ? '' : `git@e.coding.net:${team}/${project.record.name}/${d.name}.git`,
      WebUrl: `https://${team}.coding.net/p/${project.record.name}/d/${d.name}/git`,
    };
  },
  paging: pageNumberPaging(),
  answer: listAt(['DepotData', 'Depots'], totalsAt(['DepotData', 'Page'], { PageNumber: 'pageNumber', PageSize: 'pageSize', TotalPage: 'totalPage', TotalRow: 'totalRow' })),
});
