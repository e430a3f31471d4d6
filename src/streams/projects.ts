import { pageNumberShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { ProjectsRecord } from '../generated/records.js';

/** Also the listing the engine reads to find every project the token can see, when none is configured. */
export const projects = defineStream<ProjectsRecord>({
  name: 'projects',
  schemaFile: 'projects.json',
  description: 'The projects the token can see (only the configured ones when projects is set), with display names for joining the other streams on ProjectName.',
  partitions: 'team',
  list: {
    action: 'DescribeCodingProjects',
    shape: pageNumberShape('ProjectList'),
    pageSize: 100,
    params: () => ({}),
  },
  idField: 'Name',
  include: (item, settings) => settings.projects.length === 0 || settings.projects.includes(String(item.Name)),
});
