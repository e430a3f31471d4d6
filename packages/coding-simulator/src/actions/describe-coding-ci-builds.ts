import { defineListAction } from '../declarative/action.js';
import { listAt, totalsBeside } from '../declarative/answer.js';
import { pageNumberPaging } from '../declarative/paging.js';
import { projectHolding } from '../declarative/project-holding.js';
import { int } from '../declarative/params.js';
import { CI_BUILDS } from '../tables/ci-builds.js';
import { CI_JOBS } from '../tables/ci-jobs.js';

/** A CI job's builds, newest first (ties: the higher number first), with test results and environment variables. */
export const DescribeCodingCIBuilds = defineListAction({
  name: 'DescribeCodingCIBuilds',
  scope: 'ci:build:ro',
  rate: 10000,
  project: projectHolding('JobId', CI_JOBS, { notFound: (id) => `The CI job with id ${id} does not exist.` }),
  table: CI_BUILDS,
  params: { JobId: int().required() },
  filters: { JobId: (id) => (b) => b.jobId === id },
  order: { id: 'createdAt', direction: 'DESC', value: (b) => b.createdAt, tie: { value: (b) => b.number, direction: 'DESC' } },
  example: ({ list, project }) => ({ JobId: (list('DescribeCodingCIJobs', { ProjectId: project.id }) as Array<{ Id: number }>)[0]?.Id }),
  view: (b, { project }) => {
    const job = project.rows(CI_JOBS).get(b.jobId);
    const tests = b.testResult ?? { pass: 0, fail: 0, skip: 0 };
    return {
      Id: b.id,
      JobId: b.jobId,
      Number: b.number,
      Status: b.status,
      Branch: b.branch,
      CommitId: b.commitSha,
      Cause: b.cause,
      Duration: b.durationMs,
      CreatedAt: b.createdAt,
      StartedAt: b.startedAt,
      TestResult: { PassCount: tests.pass, FailCount: tests.fail, SkipCount: tests.skip, TotalCount: tests.pass + tests.fail + tests.skip },
      FailedMessage: b.failedMessage,
      EnvList: b.env.map((e) => ({ Name: e.name, Value: e.value, Sensitive: e.sensitive })),
      JenkinsFileContent: job?.jenkinsFile ?? '',
    };
  },
  paging: pageNumberPaging(),
  answer: listAt(['Data', 'BuildList'], totalsBeside({ PageNumber: 'pageNumber', PageSize: 'pageSize', TotalCount: 'totalRow' })),
});
