import { pageNumberShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { DepotsRecord } from '../generated/records.js';

/** Also the listing commits and releases are read per item of (one partition per depot). */
export const depots = defineStream<DepotsRecord>({
  name: 'depots',
  schemaFile: 'depots.json',
  description: 'The code repositories (depots) of each project, Git and SVN, with their default branch and last push time. Full refresh: Coding cannot list what changed.',
  partitions: 'project',
  list: {
    action: 'DescribeProjectDepotInfoList',
    // S1 declares the paging numbers of this action as strings.
    shape: pageNumberShape('Depots', { container: ['DepotData'], total: ['Page', 'TotalRow'], numbersAsStrings: true }),
    pageSize: 100,
    params: (partition) => ({ ProjectId: partition.project?.id }),
  },
  idField: 'Id',
});

/** Whether a listed depot is a Git one (VcsType or RepoType "git"; SVN depots have no commits or releases to list). */
export function isGitDepot(depot: Record<string, unknown>): boolean {
  const kinds = [depot.VcsType, depot.RepoType].filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
  return !kinds.includes('svn');
}

/** The branch a depot's commits are read on: its default branch (Coding's own default when it names none, INFERRED). */
export function defaultBranchOf(depot: Record<string, unknown> | undefined): string {
  const branch = depot?.DefaultBranch;
  return typeof branch === 'string' && branch.trim() !== '' ? branch : 'master';
}
