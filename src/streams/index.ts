import type { StreamDeclaration } from '../engine/declaration.js';
import { issues } from './issues.js';
import { iterations } from './iterations.js';
import { projectMembers } from './project-members.js';
import { projects } from './projects.js';

/** Every stream this source offers, in the order discover lists them. */
export const STREAMS: readonly StreamDeclaration[] = [issues, iterations, projectMembers, projects];
