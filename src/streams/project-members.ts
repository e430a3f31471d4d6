import { pageNumberShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { ProjectMembersRecord } from '../generated/records.js';

/** Members have no timestamps: full refresh in polling mode, member events in webhook mode. */
export const projectMembers = defineStream<ProjectMembersRecord>({
  name: 'project_members',
  schemaFile: 'project_members.json',
  description: 'Members of each project with their roles; a user in several projects appears once per project. Full refresh in polling mode (members carry no timestamps); incremental in webhook mode.',
  partitions: 'project',
  list: {
    action: 'DescribeProjectMembers',
    shape: pageNumberShape('ProjectMembers'),
    pageSize: 500,
    params: (partition) => ({ ProjectId: partition.project?.id }),
  },
  idField: 'Id',
  extraFields: (partition) => ({ ProjectId: partition.project?.id ?? null }),
  webhook: {
    objectKey: 'member',
    idKey: 'id',
    family: 'MEMBER_',
    upserts: ['MEMBER_CREATED', 'MEMBER_ROLE_UPDATED'],
    deletes: ['MEMBER_DELETED'],
    // No single-member read exists in the OpenAPI, and the hook payload lacks roles and e-mail: changed
    // members are re-listed, and a member no longer listed has left the project.
  },
});
