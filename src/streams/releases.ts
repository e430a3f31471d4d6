import { pageNumberShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { ReleasesRecord } from '../generated/records.js';
import { depots, isGitDepot } from './depots.js';

export const releases = defineStream<ReleasesRecord>({
  name: 'releases',
  schemaFile: 'releases.json',
  description: 'Releases (tags with notes) of each Git depot. Full refresh.',
  partitions: { per: depots, key: (depot) => String(depot.Id), include: (depot) => isGitDepot(depot) },
  list: {
    action: 'DescribeGitReleases',
    shape: pageNumberShape('Releases', { container: ['ReleasePageList'] }),
    pageSize: 100,
    params: (partition) => ({ DepotId: partition.parent?.Id }),
  },
  idField: 'Id',
  extraFields: (partition) => ({ DepotName: typeof partition.parent?.Name === 'string' ? partition.parent.Name : null }),
});
