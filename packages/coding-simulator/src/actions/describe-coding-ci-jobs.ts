import { defineListAction, projectById } from '../declarative/action.js';
import { listAt } from '../declarative/answer.js';
import { noPaging } from '../declarative/paging.js';
import { CI_JOBS } from '../tables/ci-jobs.js';

/** A project's CI jobs, the whole list at JobList (reference §3), with their environment variables as Coding sends them. */
export const DescribeCodingCIJobs = defineListAction({
  name: 'DescribeCodingCIJobs',
  scope: 'ci:job:ro',
  rate: 10000,
  project: projectById(),
  table: CI_JOBS,
  params: {},
  order: { id: 'id', direction: 'ASC', value: (j) => j.id },
  view: (j, { project }) => ({
    Id: j.id,
    Name: j.name,
    ProjectId: project.record.id,
    DepotId: j.depotId,
    DepotName: j.depotName,
    DepotType: 'CODING',
    TriggerMethodList: [...j.triggerMethods],
    BranchSelector: j.branchSelector,
    CreatorId: j.creatorId,
    ExecuteIn: 'CVM',
    JenkinsFileFromType: 'STATIC',
    JenkinsFileStaticContent: j.jenkinsFile,
    EnvList: j.env.map((e) => ({ Name: e.name, Value: e.value, Sensitive: e.sensitive })),
    CreatedAt: j.createdAt,
    UpdatedAt: j.updatedAt,
  }),
  paging: noPaging(),
  answer: listAt(['JobList']),
});
