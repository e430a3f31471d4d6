import { ApiError } from '../envelope.js';
import type { ProjectMember } from '../types.js';
import { ROLE_DEFINITIONS } from '../dataset.js';
import { pageNumberData, projectByName, type ActionDefinition } from './action.js';

export const DescribeProjectByName: ActionDefinition = {
  scope: 'project:profile:ro',
  handle: (ctx) => ({ Project: ctx.views.project(projectByName(ctx)) }),
};

export const DescribeCodingProjects: ActionDefinition = {
  scope: 'project:profile:ro',
  handle: ({ store, views, params }) => {
    const pageNumber = params.pageNumber('PageNumber', true);
    const pageSize = params.pageSize('PageSize', true);
    const filter = params.optionalString('ProjectName') ?? '';
    const projects = store
      .projects()
      .filter((p) => p.record.name.includes(filter) || p.record.displayName.includes(filter))
      .sort((a, b) => a.record.id - b.record.id);
    return pageNumberData('ProjectList', projects, pageNumber, pageSize, (p) => [views.project(p)]);
  },
};

export const DescribeUserProjects: ActionDefinition = {
  scope: 'project:profile:ro',
  handle: ({ store, views, params }) => {
    const userId = params.requiredInt('UserId');
    const filter = params.optionalString('ProjectName') ?? '';
    const projects = store
      .projects()
      .filter((p) => p.members.some((m) => m.userId === userId))
      .filter((p) => p.record.name.includes(filter) || p.record.displayName.includes(filter))
      .sort((a, b) => a.record.id - b.record.id);
    return { ProjectList: projects.map((p) => views.project(p)) };
  },
};

export const DescribeProjectMembers: ActionDefinition = {
  scope: 'project:member:ro',
  handle: ({ store, views, params }) => {
    const projectId = params.requiredInt('ProjectId');
    const pageNumber = params.pageNumber('PageNumber', true);
    const pageSize = params.pageSize('PageSize', true);
    const roleId = params.int('RoleId', 0);
    const project = store.findProjectById(projectId);
    if (!project) throw new ApiError('ResourceNotFound', `The project with id ${projectId} does not exist.`);
    const members = project.members.filter((m) => roleId === 0 || m.roles.some((r) => ROLE_DEFINITIONS[r].roleId === roleId));
    return pageNumberData('ProjectMembers', members, pageNumber, pageSize, (m): ProjectMember[] => {
      const view = views.projectMember(m);
      return view ? [view] : [];
    });
  },
};
