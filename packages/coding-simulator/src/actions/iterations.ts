import { ApiError } from '../envelope.js';
import { UNSET_ITERATION_TIME } from '../model.js';
import { invalid, type Params } from '../params.js';
import { parseShanghaiSpan } from '../shanghai-time.js';
import type { IterationStatus } from '../types.js';
import { pageOf, projectByName, totalPages, type ActionDefinition } from './action.js';

const STATUSES: readonly IterationStatus[] = ['WAIT_PROCESS', 'PROCESSING', 'COMPLETED'];

/**
 * The spec swaps the descriptions of Offset and Limit; every client treats Limit as the page size
 * and Offset as a 1-based page number, so that is what we implement (0 also means page 1).
 * Iterations are listed in code order.
 */
export const DescribeIterationList: ActionDefinition = {
  scope: 'collaboration:issue:ro',
  handle: (ctx) => {
    const project = projectByName(ctx);
    const { params } = ctx;
    const page = params.pageNumber('Offset', false);
    const pageSize = params.pageSize('Limit', false);
    const statuses = stringList(params, 'Status');
    if (statuses && !statuses.every((s) => STATUSES.includes(s as IterationStatus))) throw invalid('Status', params.get('Status'));
    const assignees = stringList(params, 'Assignee')?.map(Number);
    const keywords = params.optionalString('Keywords')?.trim().toLowerCase() ?? '';
    const startFrom = dateParam(params, 'StartDate')?.from;
    const endUntil = dateParam(params, 'EndDate')?.to;
    const matching = [...project.iterations.values()]
      .sort((a, b) => a.code - b.code)
      .filter((it) => !statuses || statuses.includes(it.status))
      .filter((it) => !assignees || assignees.includes(it.assigneeId))
      .filter((it) => keywords === '' || it.name.toLowerCase().includes(keywords))
      .filter((it) => startFrom === undefined || (it.startAt !== UNSET_ITERATION_TIME && it.startAt >= startFrom))
      .filter((it) => endUntil === undefined || (it.endAt !== UNSET_ITERATION_TIME && it.endAt <= endUntil));
    return {
      Data: {
        Page: page,
        PageSize: pageSize,
        TotalPage: totalPages(matching.length, pageSize),
        TotalRow: matching.length,
        List: pageOf(matching, page, pageSize).map((it) => ctx.views.iteration(project, it)),
      },
    };
  },
};

export const DescribeIteration: ActionDefinition = {
  scope: 'collaboration:issue:ro',
  handle: (ctx) => {
    const project = projectByName(ctx);
    const code = ctx.params.requiredInt('IterationCode');
    const iteration = project.iterations.get(code);
    if (!iteration) throw new ApiError('ResourceNotFound', `The iteration ${code} does not exist in project ${project.record.name}.`);
    return { Iteration: ctx.views.iteration(project, iteration) };
  },
};

/** Accepts a JSON array or a comma-separated string. */
function stringList(params: Params, name: string): string[] | undefined {
  const v = params.get(name);
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' || typeof v === 'number') return String(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
  throw invalid(name, v);
}

function dateParam(params: Params, name: string): { from: number; to: number } | undefined {
  const v = params.optionalString(name);
  if (v === undefined || v === '') return undefined;
  return parseShanghaiSpan(v.trim()) ?? (() => { throw invalid(name, v); })();
}
