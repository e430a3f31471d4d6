import { codingDay } from '../coding/conditions.js';
import { pageNumberShape } from '../coding/paging.js';
import { defineStream } from '../engine/declaration.js';
import type { CommitsRecord } from '../generated/records.js';
import { isObject, type JsonObject } from '../json.js';
import { defaultBranchOf, depots, isGitDepot } from './depots.js';

/**
 * Commits of each Git depot's default branch. Coding lists them newest first and filters by commit
 * day, so a depot's position moves once it was read through; a depot whose LastPushAt has not moved
 * since costs no request.
 */
export const commits = defineStream<CommitsRecord>({
  name: 'commits',
  schemaFile: 'commits.json',
  description:
    "Commits of the default branch of each Git depot. Incremental by CommitDate per depot; a depot not pushed to since the previous sync costs no request. A commit merged later with an older CommitDate than the depot's position is read by the next full refresh.",
  partitions: { per: depots, key: (depot) => String(depot.Id), include: (depot) => isGitDepot(depot) },
  list: {
    action: 'DescribeGitCommitsInPage',
    shape: pageNumberShape('Commits', { total: ['Page', 'TotalRow'] }),
    pageSize: 100,
    params: (partition) => ({ DepotId: partition.parent?.Id, Ref: defaultBranchOf(partition.parent) }),
  },
  idField: 'Sha',
  extraFields: (partition) => ({ DepotId: Number(partition.parent?.Id), DepotName: nameOf(partition.parent), Ref: defaultBranchOf(partition.parent) }),
  cursor: {
    field: 'CommitDate',
    order: 'newest-first',
    since: (fromMs) => ({ StartDate: codingDay(fromMs) }),
    floor: (settings) => settings.startDate,
    unchangedWhile: 'LastPushAt',
  },
  webhook: {
    reads: 'partitions',
    // A merge moves the target branch; whether Coding also sends GIT_PUSHED for it is not documented.
    upserts: ['GIT_PUSHED', 'GIT_MR_MERGED'],
    deletes: [],
    parentOf: depotNamedBy,
  },
});

function nameOf(depot: Record<string, unknown> | undefined): string | null {
  return typeof depot?.Name === 'string' ? depot.Name : null;
}

/**
 * The depot a push or merge names. The bodies are undocumented (INFERRED: `repository` with `id` and
 * `name`, perhaps `depot`, or the merge request's `depot_id`); whatever names it by id or name is used.
 */
function depotNamedBy(body: JsonObject): ((depot: Record<string, unknown>) => boolean) | undefined {
  const depots = [body.repository, body.depot].filter(isObject);
  const mergeRequests = [body.mergeRequest, body.merge_request].filter(isObject);
  const ids = [...depots.map((d) => d.id), ...mergeRequests.flatMap((m) => [m.depot_id, m.depotId])].map(numeric).filter((n): n is number => n !== undefined);
  const names = [...depots.map((d) => d.name), ...mergeRequests.map((m) => m.depot_name)].filter((n): n is string => typeof n === 'string' && n !== '');
  if (ids.length === 0 && names.length === 0) return undefined;
  return (depot) => ids.includes(Number(depot.Id)) || (typeof depot.Name === 'string' && names.includes(depot.Name));
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}
