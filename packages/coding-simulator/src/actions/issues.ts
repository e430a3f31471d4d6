import { ApiError } from '../envelope.js';
import { parseIssueQuery, runIssueQuery } from '../issue-query.js';
import { projectByName, totalPages, type ActionDefinition } from './action.js';

export const DescribeIssueListWithPage: ActionDefinition = {
  scope: 'collaboration:issue:ro',
  handle: (ctx) => {
    const project = projectByName(ctx);
    const query = parseIssueQuery(ctx.params, ctx.store, project);
    const page = runIssueQuery(ctx.store, project, query, ctx.tieOrder);
    return {
      Data: {
        PageNumber: query.pageNumber,
        PageSize: query.pageSize,
        TotalPage: totalPages(page.totalCount, query.pageSize),
        TotalCount: page.totalCount,
        List: page.items.map((i) => ctx.views.issueListItem(project, i)),
      },
    };
  },
};

export const DescribeIssue: ActionDefinition = {
  scope: 'collaboration:issue:ro',
  handle: (ctx) => {
    const project = projectByName(ctx);
    const code = ctx.params.requiredInt('IssueCode');
    const issue = project.issues.get(code);
    if (!issue) throw new ApiError('ResourceNotFound', `The issue ${code} does not exist in project ${project.record.name}.`);
    return { Issue: ctx.views.issueDetail(project, issue) };
  },
};

export const DescribeTeamIssueTypeList: ActionDefinition = {
  scope: 'collaboration:issue:ro',
  handle: ({ store }) => ({
    IssueTypes: store.teamData.issueTypes.map((t) => ({
      Id: t.id,
      Name: t.name,
      IssueType: t.issueType,
      Description: t.description,
      IsSystem: t.isSystem,
    })),
  }),
};
