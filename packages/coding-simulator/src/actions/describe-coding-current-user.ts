import { defineObjectAction, teamWide } from '../declarative/action.js';
import { objectAt } from '../declarative/answer.js';
import { USERS } from '../tables/legacy-tables.js';

/** The token's owner. */
export const DescribeCodingCurrentUser = defineObjectAction({
  name: 'DescribeCodingCurrentUser',
  scope: 'user:profile:ro',
  rate: 20,
  project: teamWide(),
  table: USERS,
  params: {},
  find: (_, { caller }) => caller.userId,
  notFound: (_, { caller }) => `The user ${caller.userId} does not exist.`,
  view: (user, { views }) => views.currentUser(user),
  answer: objectAt('User'),
});
