/** What every action handler receives and returns. */
import type { Caller, Scope } from '../auth.js';
import { ApiError } from '../envelope.js';
import type { TieOrder } from '../issue-query.js';
import type { Params } from '../params.js';
import type { ProjectState, Store } from '../store.js';
import type { Views } from '../views.js';

export interface ActionContext {
  store: Store;
  views: Views;
  params: Params;
  caller: Caller;
  tieOrder: TieOrder;
}

export interface ActionDefinition {
  /** The token scope the action needs; without it the API answers InvalidParameterValue. */
  scope: Scope;
  /** Returns the payload keys that sit beside RequestId in `Response`. */
  handle(ctx: ActionContext): Record<string, unknown>;
}

export function projectByName(ctx: ActionContext, param = 'ProjectName'): ProjectState {
  const name = ctx.params.requiredString(param);
  const project = ctx.store.findProject(name);
  if (!project) throw new ApiError('ResourceNotFound', `The project ${JSON.stringify(name)} does not exist.`);
  return project;
}

export function pageOf<T>(items: readonly T[], pageNumber: number, pageSize: number): T[] {
  return items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}

/** `Data` of the page-number actions: the page asked for, the total, and the page's items under `listKey`. */
export function pageNumberData<T, V>(listKey: string, items: readonly T[], pageNumber: number, pageSize: number, view: (item: T) => V[]): { Data: Record<string, unknown> } {
  return { Data: { PageNumber: pageNumber, PageSize: pageSize, TotalCount: items.length, [listKey]: pageOf(items, pageNumber, pageSize).flatMap(view) } };
}

export function totalPages(total: number, pageSize: number): number {
  return Math.ceil(total / pageSize);
}
