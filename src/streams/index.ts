import type { Stream } from '../engine/declaration.js';
import { ciBuilds } from './ci-builds.js';
import { ciJobs } from './ci-jobs.js';
import { commits } from './commits.js';
import { depots } from './depots.js';
import { issueBlockers } from './issue-blockers.js';
import { issueComments } from './issue-comments.js';
import { issueFields } from './issue-fields.js';
import { issueStatusChanges } from './issue-status-changes.js';
import { issueStatuses } from './issue-statuses.js';
import { issueTypes } from './issue-types.js';
import { issueWorkLogs } from './issue-work-logs.js';
import { issues } from './issues.js';
import { iterations } from './iterations.js';
import { labels } from './labels.js';
import { modules } from './modules.js';
import { projectMembers } from './project-members.js';
import { mergeRequests } from './merge-requests.js';
import { projects } from './projects.js';
import { releases } from './releases.js';
import { teamMembers } from './team-members.js';

/** Every stream this source offers, in the order discover lists them. */
export const STREAMS: readonly Stream[] = [
  issues, iterations, projectMembers, projects,
  issueComments, issueWorkLogs, issueStatusChanges, issueBlockers, issueTypes, issueFields, issueStatuses, labels, modules, teamMembers,
  depots, mergeRequests, commits, releases, ciJobs, ciBuilds,
];

/** The stream whose listing tells which projects the token can see. */
export const PROJECTS_STREAM: Stream = projects;
