import type { Stream } from '../engine/declaration.js';
import { ciBuilds } from './ci-builds.js';
import { ciJobs } from './ci-jobs.js';
import { commits } from './commits.js';
import { depots } from './depots.js';
import { issues } from './issues.js';
import { iterations } from './iterations.js';
import { projectMembers } from './project-members.js';
import { mergeRequests } from './merge-requests.js';
import { projects } from './projects.js';
import { releases } from './releases.js';

/** Every stream this source offers, in the order discover lists them. */
export const STREAMS: readonly Stream[] = [issues, iterations, projectMembers, projects, depots, mergeRequests, commits, releases, ciJobs, ciBuilds];

/** The stream whose listing tells which projects the token can see. */
export const PROJECTS_STREAM: Stream = projects;
