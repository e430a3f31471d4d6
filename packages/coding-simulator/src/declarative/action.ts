/**
 * One Coding action, declared once: its name, scope and rate; its parameters and how they filter
 * and order the rows; how it finds its project; the table it reads and the view that turns a row
 * into the API's item; its paging shape; and where its items and totals sit in `Response`.
 * The machinery here serves every declaration alike, so an action is only its declaration.
 */
import type { Caller, Scope } from '../auth.js';
import { ApiError } from '../envelope.js';
import type { ProjectState, Store } from '../store.js';
import type { Views } from '../views.js';
import { listPayload, type ListAnswer, type ObjectAnswer } from './answer.js';
import { orderedRows, type Ordering } from './order.js';
import { noPaging, readPage, type Paging } from './paging.js';
import { int, parseParams, string, type ParamSpecs, type ParamValues, type RequestParams } from './params.js';
import type { AnyTable, TableDef, TableScope } from './table.js';

/** Secondary order for equal sort values, a simulator option. */
export type TieOrder = 'code-asc' | 'code-desc';

/** One API request, as the machinery receives it. */
export interface ActionRequest {
  params: RequestParams;
  caller: Caller;
  store: Store;
  views: Views;
  tieOrder: TieOrder;
}

/** What filters, orders, lookups and views see. */
export interface ActionContext<Proj extends ProjectState | undefined> {
  store: Store;
  views: Views;
  caller: Caller;
  tieOrder: TieOrder;
  /** For rows of a project table, their project; otherwise the project the request named (if any). */
  project: Proj;
}

/** The context of a row of a table in scope S, for an action that resolves Proj. */
export type RowContext<S extends TableScope, Proj extends ProjectState | undefined> = ActionContext<S extends 'project' ? ProjectState : Proj>;

// ---- project resolution ----

export interface ProjectResolution<Proj extends ProjectState | undefined> {
  /** The parameter naming the project, and whether it holds the Name or the numeric Id. */
  readonly by: { readonly kind: 'name' | 'id'; readonly param: string } | undefined;
  /** Reads the parameter (MissingParameter, InvalidParameterValue); the lookup runs once every parameter passed. */
  read(params: RequestParams): (store: Store) => Proj;
}

/** The project named by `param` (its Name, not its DisplayName); unknown → ResourceNotFound. */
export function projectByName(param = 'ProjectName'): ProjectResolution<ProjectState> {
  return {
    by: { kind: 'name', param },
    read: (params) => {
      const name = string().required().parse(params, param) as string;
      return (store) => {
        const project = store.findProject(name);
        if (!project) throw new ApiError('ResourceNotFound', `The project ${JSON.stringify(name)} does not exist.`);
        return project;
      };
    },
  };
}

/** The project with the numeric id in `param`; unknown → ResourceNotFound. */
export function projectById(param = 'ProjectId'): ProjectResolution<ProjectState> {
  return {
    by: { kind: 'id', param },
    read: (params) => {
      const id = int().required().parse(params, param) as number;
      return (store) => {
        const project = store.findProjectById(id);
        if (!project) throw new ApiError('ResourceNotFound', `The project with id ${id} does not exist.`);
        return project;
      };
    },
  };
}

/** No project: a team table, or (for a project table) the rows of every project in turn. */
export function teamWide(): ProjectResolution<undefined> {
  return { by: undefined, read: () => () => undefined };
}

// ---- declarations ----

type Filters<Specs extends ParamSpecs, Row, Ctx> = {
  [K in keyof Specs]?: (value: NonNullable<ParamValues<Specs>[K]>, params: ParamValues<Specs>, ctx: Ctx) => ((row: Row) => boolean) | undefined;
};

interface Common<Name extends string, S extends TableScope, Row, Key, Proj extends ProjectState | undefined, Specs extends ParamSpecs, Item> {
  name: Name;
  /** Without this scope a token is refused (InvalidParameterValue, as tapdata saw Coding answer). */
  scope: Scope;
  /** S1's `x-tcapi-sec-rate` (that it means requests per second is INFERRED). Recorded, not enforced. */
  rate: number;
  project: ProjectResolution<Proj>;
  table: TableDef<Row, Key, S>;
  params: Specs;
  /** The API's item for a row; `params` for the few parameters that shape items (ShowDepartment). */
  view: (row: Row, ctx: RowContext<S, Proj>, params: ParamValues<Specs>) => Item;
  /**
   * A typical request's parameters besides the project's, which the shared test suite
   * (actions/declared-actions.test.ts) runs every action with.
   */
  example?: Example;
}

/** What an example may depend on, beyond the seed's fixed facts. */
export interface ExampleFacts {
  /** The token owner's user id. */
  ownerId: number;
  /** The project the example is for (actions addressed to an object below it pick one of its objects). */
  project: { name: string; id: number };
  /** What another action lists (Simulator.list), to pick such an object. */
  list(action: string, params?: Record<string, unknown>): unknown;
}

type Example = Readonly<Record<string, unknown>> | ((facts: ExampleFacts) => Readonly<Record<string, unknown>>);

export interface ListActionSpec<Name extends string, S extends TableScope, Row, Key, Proj extends ProjectState | undefined, Specs extends ParamSpecs, Item>
  extends Common<Name, S, Row, Key, Proj, Specs, Item> {
  /** Per parameter, when it is sent: the rows it keeps (undefined keeps all). */
  filters?: Filters<Specs, Row, RowContext<S, Proj>>;
  /** Fixed, or chosen by the parameters; default: the table's own order (insertion order of its keys). */
  order?: Ordering<Row> | ((params: ParamValues<Specs>, ctx: RowContext<S, Proj>) => Ordering<Row>);
  paging: Paging;
  answer: ListAnswer;
}

export interface ObjectActionSpec<Name extends string, S extends TableScope, Row, Key, Proj extends ProjectState | undefined, Specs extends ParamSpecs, Item>
  extends Common<Name, S, Row, Key, Proj, Specs, Item> {
  /** The key of the row to answer with. */
  find: (params: ParamValues<Specs>, ctx: ActionContext<Proj>) => Key;
  /** ResourceNotFound's message when no row has that key. */
  notFound: (params: ParamValues<Specs>, ctx: ActionContext<Proj>) => string;
  answer: ObjectAnswer;
}

/** A declared action as the server and the registry hold it. */
export interface DeclaredAction<Name extends string = string, Output = unknown> {
  readonly name: Name;
  readonly scope: Scope;
  readonly rate: number;
  readonly project: ProjectResolution<ProjectState | undefined>['by'];
  readonly paging: Paging;
  readonly shape: ListAnswer | ObjectAnswer;
  /** The tables the action reads (seeded at start). */
  readonly tables: readonly AnyTable[];
  /** A typical request's parameters besides the project's. */
  example(facts: ExampleFacts): Readonly<Record<string, unknown>>;
  /** The payload beside RequestId in `Response` for one request; throws ApiError. */
  answer(request: ActionRequest): Record<string, unknown>;
  /** Every item the action lists for these parameters, across all pages (paging parameters ignored); or the one object. */
  truth(request: ActionRequest): Output;
}

export function defineListAction<const Name extends string, S extends TableScope, Row, Key, Proj extends ProjectState | undefined, Specs extends ParamSpecs, Item>(
  spec: ListActionSpec<Name, S, Row, Key, Proj, Specs, Item>,
): DeclaredAction<Name, Item[]> {
  if (spec.paging.kind === 'none' && spec.answer.totals && Object.values(spec.answer.totals.names).some((t) => t !== 'totalRow')) {
    throw new Error(`${spec.name}: an action without paging can only report totalRow`);
  }
  const run = (request: ActionRequest, paged: boolean): { items: Item[]; total: number; page: ReturnType<typeof readPage> } => {
    const lookup = spec.project.read(request.params);
    const page = paged ? readPage(spec.paging, request.params) : undefined;
    const params = parseParams(spec.params, request.params);
    const requested = lookup(request.store);
    // A team-wide action over a project table reads every project's rows in turn.
    const scopes: Array<ProjectState | undefined> = spec.table.scope === 'project' && requested === undefined ? request.store.projects() : [requested];
    const start = page ? page.start : 0;
    const end = page ? start + page.size : Infinity;
    const items: Item[] = [];
    let total = 0;
    for (const project of scopes) {
      const ctx = { store: request.store, views: request.views, caller: request.caller, tieOrder: request.tieOrder, project } as RowContext<S, Proj>;
      const keep = filtersFor(spec, params, ctx);
      for (const row of rowsFor(spec, params, ctx, project)) {
        if (!keep.every((f) => f(row))) continue;
        if (total >= start && total < end) items.push(spec.view(row, ctx, params));
        total++;
      }
    }
    return { items, total, page };
  };
  return {
    name: spec.name,
    scope: spec.scope,
    rate: spec.rate,
    project: spec.project.by,
    paging: spec.paging,
    shape: spec.answer,
    tables: [spec.table],
    example: exampleOf(spec.example),
    answer: (request) => {
      const { items, total, page } = run(request, true);
      return listPayload(spec.answer, items, page, total);
    },
    truth: (request) => run(request, false).items,
  };
}

export function defineObjectAction<const Name extends string, S extends TableScope, Row, Key, Proj extends ProjectState | undefined, Specs extends ParamSpecs, Item>(
  spec: ObjectActionSpec<Name, S, Row, Key, Proj, Specs, Item>,
): DeclaredAction<Name, Item> {
  const run = (request: ActionRequest): Item => {
    const lookup = spec.project.read(request.params);
    const params = parseParams(spec.params, request.params);
    const project = lookup(request.store);
    const ctx: ActionContext<Proj> = { store: request.store, views: request.views, caller: request.caller, tieOrder: request.tieOrder, project };
    const key = spec.find(params, ctx);
    const row = request.store.scopeOf(spec.table, project).rows(spec.table).get(key);
    if (row === undefined) throw new ApiError('ResourceNotFound', spec.notFound(params, ctx));
    // For a team table the row context is the request's; for a project table, its one project.
    return spec.view(row, ctx as RowContext<S, Proj>, params);
  };
  return {
    name: spec.name,
    scope: spec.scope,
    rate: spec.rate,
    project: spec.project.by,
    paging: noPaging(),
    shape: spec.answer,
    tables: [spec.table],
    example: exampleOf(spec.example),
    answer: (request) => ({ [spec.answer.key]: run(request) }),
    truth: run,
  };
}

function exampleOf(example: Example | undefined): (facts: ExampleFacts) => Readonly<Record<string, unknown>> {
  if (typeof example === 'function') return example;
  return () => example ?? {};
}

function filtersFor<S extends TableScope, Row, Proj extends ProjectState | undefined, Specs extends ParamSpecs>(
  spec: ListActionSpec<string, S, Row, unknown, Proj, Specs, unknown>,
  params: ParamValues<Specs>,
  ctx: RowContext<S, Proj>,
): Array<(row: Row) => boolean> {
  const keep: Array<(row: Row) => boolean> = [];
  for (const name of Object.keys(spec.params) as Array<keyof Specs>) {
    const filter = spec.filters?.[name];
    const value = params[name];
    if (!filter || value === undefined || value === null) continue;
    const predicate = filter(value as NonNullable<typeof value>, params, ctx);
    if (predicate) keep.push(predicate);
  }
  return keep;
}

function rowsFor<S extends TableScope, Row, Proj extends ProjectState | undefined, Specs extends ParamSpecs>(
  spec: ListActionSpec<string, S, Row, unknown, Proj, Specs, unknown>,
  params: ParamValues<Specs>,
  ctx: RowContext<S, Proj>,
  project: ProjectState | undefined,
): Iterable<Row> {
  const scope = ctx.store.scopeOf(spec.table, project);
  const rows = scope.rows(spec.table).values();
  if (!spec.order) return rows;
  return orderedRows(scope, spec.table.name, rows, typeof spec.order === 'function' ? spec.order(params, ctx) : spec.order);
}
