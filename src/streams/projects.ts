import { pageNumberShape } from '../coding/paging.js';
import type { StreamDeclaration } from '../engine/declaration.js';

export const projects: StreamDeclaration = {
  name: 'projects',
  schemaFile: 'projects.json',
  description: 'The projects the token can see (only the configured ones when projects is set), with display names for joining the other streams on ProjectName.',
  scope: 'team',
  list: {
    action: 'DescribeCodingProjects',
    shape: pageNumberShape('ProjectList'),
    pageSize: 100,
    params: () => ({}),
  },
  idField: 'Name',
  include: (item, settings) => settings.projects.length === 0 || settings.projects.includes(String(item.Name)),
};
