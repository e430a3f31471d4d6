/** What DepotId-addressed actions (commits, releases) answer for a depot they cannot serve. */
import { projectHolding } from '../declarative/project-holding.js';
import { ApiError } from '../envelope.js';
import { DEPOTS } from '../tables/depots.js';

export function gitDepotById(action: string) {
  return projectHolding('DepotId', DEPOTS, {
    notFound: (id) => `The depot with id ${id} does not exist.`,
    check: (depot) => {
      // What Coding answers a token whose user may not read the depot (the wording of a missing scope).
      if (depot.locked) throw new ApiError('InvalidParameterValue', `Permission denied: the current user may not read depot ${depot.name} (${action}).`);
      if (depot.vcsType !== 'git') throw new ApiError('ResourceNotFound', `The depot ${depot.name} is not a Git depot.`);
    },
  });
}
