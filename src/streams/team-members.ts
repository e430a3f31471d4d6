import { pageNumberShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { TeamMembersRecord } from '../generated/records.js';

export const teamMembers = defineStream<TeamMembersRecord>({
  name: 'team_members',
  schemaFile: 'team_members.json',
  description: 'Every member of the team, including those in no project and those who left (Status -3), with their departments. Full refresh.',
  partitions: 'team',
  list: {
    action: 'DescribeTeamMembers',
    shape: pageNumberShape('TeamMembers'),
    pageSize: 500,
    params: () => ({ ShowDepartment: true }),
  },
  idField: 'Id',
});
