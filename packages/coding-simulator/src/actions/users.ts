import type { ActionDefinition } from './action.js';
import { pageNumberData } from './action.js';

export const DescribeCodingCurrentUser: ActionDefinition = {
  scope: 'user:profile:ro',
  handle: ({ store, views, caller }) => {
    const user = store.user(caller.userId) ?? store.owner;
    return { User: views.currentUser(user) };
  },
};

export const DescribeTeamMembers: ActionDefinition = {
  // Coding's own check probes member access with this action, so it shares the member scope.
  scope: 'project:member:ro',
  handle: ({ store, views, params }) => {
    const pageNumber = params.pageNumber('PageNumber', true);
    const pageSize = params.pageSize('PageSize', true);
    const users = [...store.teamData.users].sort((a, b) => a.id - b.id);
    return pageNumberData('TeamMembers', users, pageNumber, pageSize, (u) => [views.teamMember(u)]);
  },
};
