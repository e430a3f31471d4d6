import type { Stream } from '../engine/declaration.js';
import { issues } from './issues.js';
import { iterations } from './iterations.js';
import { projectMembers } from './project-members.js';
import { projects } from './projects.js';

/** Every stream this source offers, in the order discover lists them. */
export const STREAMS: readonly Stream[] = [issues, iterations, projectMembers, projects];

/** The stream whose listing tells which projects the token can see. */
export const PROJECTS_STREAM: Stream = projects;
