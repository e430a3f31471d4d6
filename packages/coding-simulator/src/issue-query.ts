/**
 * What DescribeIssueListWithPage's parameters mean for the rows: its sort keys and its
 * Conditions. Sorted orders are cached per project by the declarative machinery, so a page costs
 * one linear filter pass plus building its items, not a sort of the whole project.
 */
import type { TieOrder } from './declarative/action.js';
import type { Direction, Ordering } from './declarative/order.js';
import { ApiError, type ApiErrorCode } from './envelope.js';
import type { IssueRecord } from './model.js';
import { parseShanghaiSpan } from './shanghai-time.js';
import type { ProjectState, Store } from './store.js';
import type { IssueType } from './types.js';

export const ISSUE_TYPE_PARAM = ['ALL', 'DEFECT', 'REQUIREMENT', 'MISSION', 'EPIC'] as const;

export const SORT_KEYS = [
  'STATUS', 'CREATED_AT', 'PRIORITY', 'UPDATED_AT', 'DUE_DATE', 'CODE', 'JOIN_ITERATION_AT', 'STATUS_TYPE', 'ASSIGNEE',
  'PROJECT_ID', 'ISSUE_STATUS_ID', 'ISSUE_ITERATION_SORT', 'ISSUE_ROADMAP_SORT', 'PARENT_ID', 'COMPLETED_AT',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

type Predicate = (issue: IssueRecord) => boolean;

/** A sub-task counts under its parent's type (its ParentType). */
export function parentTypeOf(project: ProjectState, issue: IssueRecord): IssueType {
  return issue.type === 'SUB_TASK' ? (project.issues.get(issue.parentCode)?.type ?? 'MISSION') : issue.type;
}

/** Ties in a sort are broken by code per `tie`, independent of the direction. */
export function issueOrdering(store: Store, project: ProjectState, key: SortKey, direction: Direction, tie: TieOrder): Ordering<IssueRecord> {
  return {
    id: key,
    value: sortValueOf(key, store, project),
    direction,
    tie: { value: (i) => i.code, direction: tie === 'code-asc' ? 'ASC' : 'DESC' },
  };
}

const STATUS_TYPE_RANK: Record<string, number> = { TODO: 0, PROCESSING: 1, COMPLETED: 2 };

/**
 * The numeric value each SortKey orders by. Keys whose real meaning depends on data the simulator
 * does not keep use the nearest stand-in: JOIN_ITERATION_AT orders by iteration code, the manual
 * orders (ISSUE_ITERATION_SORT, ISSUE_ROADMAP_SORT) by code, PROJECT_ID ties everything.
 */
function sortValueOf(key: SortKey, store: Store, project: ProjectState): (issue: IssueRecord) => number {
  switch (key) {
    case 'CODE':
    case 'ISSUE_ITERATION_SORT':
    case 'ISSUE_ROADMAP_SORT':
      return (i) => i.code;
    case 'CREATED_AT':
      return (i) => i.createdAt;
    case 'UPDATED_AT':
      return (i) => i.updatedAt;
    case 'DUE_DATE':
      return (i) => i.dueDate;
    case 'COMPLETED_AT':
      return (i) => i.completedAt;
    case 'PRIORITY':
      return (i) => (i.priority === '' ? -1 : Number(i.priority));
    case 'STATUS':
    case 'ISSUE_STATUS_ID':
      return (i) => i.statusId;
    case 'STATUS_TYPE':
      return (i) => STATUS_TYPE_RANK[store.status(i.statusId)?.type ?? 'TODO'] ?? 0;
    case 'ASSIGNEE':
      return (i) => i.assigneeId;
    case 'PARENT_ID':
      return (i) => (i.parentCode === 0 ? 0 : (project.issues.get(i.parentCode)?.id ?? 0));
    case 'JOIN_ITERATION_AT':
      return (i) => i.iterationCode;
    case 'PROJECT_ID':
      return () => project.record.id;
  }
}

// ---- Conditions ----

const ISSUE_TYPES: readonly string[] = ['EPIC', 'REQUIREMENT', 'DEFECT', 'MISSION', 'SUB_TASK'];
const STATUS_TYPES: readonly string[] = ['TODO', 'PROCESSING', 'COMPLETED'];
const PRIORITIES: readonly string[] = ['0', '1', '2', '3'];

/** Every condition must hold (AND). Throws ApiError for a condition the API would refuse. */
export function conditionsFilter(conditions: ReadonlyArray<Record<string, unknown>>, store: Store, project: ProjectState): Predicate {
  const predicates = conditions.map((c) => parseCondition(c, store, project));
  return (issue) => predicates.every((p) => p(issue));
}

function parseCondition(raw: Record<string, unknown>, store: Store, project: ProjectState): Predicate {
  const field = (name: string): unknown => {
    const entry = Object.entries(raw).find(([k]) => k.toLowerCase() === name.toLowerCase());
    return entry?.[1];
  };
  const key = field('Key');
  if (typeof key !== 'string' || key === '') throw new ApiError('MissingParameter', 'Every condition needs a Key.');
  const rawValue = field('Value');
  const value = rawValue === undefined || rawValue === null ? '' : String(rawValue);
  const unspecific = field('ConstValue') === 'UNSPECIFIC';
  const fail = (code: ApiErrorCode = 'InvalidParameterValue'): never => {
    throw new ApiError(code, `The value ${JSON.stringify(value)} of condition ${key} is invalid.`);
  };
  const list = (): string[] => {
    const parts = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (parts.length === 0) fail();
    return parts;
  };
  const ints = (): Set<number> =>
    new Set(list().map((s) => (/^-?\d+$/.test(s) ? Number(s) : fail())));
  const members = (pick: (i: IssueRecord) => number): Predicate => {
    if (unspecific) return (i) => pick(i) === 0;
    const set = ints();
    return (i) => set.has(pick(i));
  };
  const dateRange = (pick: (i: IssueRecord) => number, zeroIsUnset: boolean): Predicate => {
    if (unspecific) return (i) => pick(i) === 0;
    const parts = value.split('_');
    if (parts.length !== 2) fail();
    const from = parseShanghaiSpan((parts[0] as string).trim())?.from ?? fail();
    const to = parseShanghaiSpan((parts[1] as string).trim())?.to ?? fail();
    return (i) => {
      const t = pick(i);
      return !(zeroIsUnset && t === 0) && t >= from && t <= to;
    };
  };

  switch (key) {
    case 'UPDATED_AT':
      return dateRange((i) => i.updatedAt, false);
    case 'CREATED_AT':
      return dateRange((i) => i.createdAt, false);
    case 'DUE_DATE':
      return dateRange((i) => i.dueDate, true);
    case 'START_DATE':
      return dateRange((i) => i.startDate, true);
    case 'ISSUE_TYPE': {
      const types = list();
      if (!types.every((t) => ISSUE_TYPES.includes(t))) fail();
      return (i) => types.includes(i.type);
    }
    case 'STATUS_TYPE': {
      const types = list();
      if (!types.every((t) => STATUS_TYPES.includes(t))) fail();
      return (i) => types.includes(store.status(i.statusId)?.type ?? '');
    }
    case 'STATUS': {
      // Status ids, or names for convenience.
      const wanted = list();
      return (i) => {
        const s = store.status(i.statusId);
        return s !== undefined && (wanted.includes(String(s.id)) || wanted.includes(s.name));
      };
    }
    case 'PRIORITY': {
      if (unspecific) return (i) => i.priority === '';
      const wanted = list();
      if (!wanted.every((p) => PRIORITIES.includes(p))) fail();
      return (i) => wanted.includes(i.priority);
    }
    case 'KEYWORD': {
      // Fuzzy on the name, exact on the code ("#12" or "12").
      const needle = value.trim().toLowerCase();
      if (needle === '') fail();
      const code = /^#?\d+$/.test(needle) ? Number(needle.replace('#', '')) : undefined;
      return (i) => i.code === code || i.name.toLowerCase().includes(needle);
    }
    case 'ITERATION':
      return members((i) => i.iterationCode);
    case 'ASSIGNEE':
      return members((i) => i.assigneeId);
    case 'CREATOR':
      return members((i) => i.creatorId);
    case 'PARENT':
      return members((i) => i.parentCode);
    case 'MODULE':
      return members((i) => i.moduleId);
    case 'DEFECT_TYPE':
      return members((i) => i.defectTypeId);
    case 'REQUIREMENT_TYPE':
      return members((i) => i.requirementTypeId);
    case 'ISSUE_SUB_TYPE':
      return members((i) => i.issueTypeId);
    case 'WATCHER': {
      if (unspecific) return (i) => i.watcherIds.length === 0;
      const set = ints();
      return (i) => i.watcherIds.some((w) => set.has(w));
    }
    case 'LABEL': {
      if (unspecific) return (i) => i.labelIds.length === 0;
      const wanted = list();
      const ids = new Set([...project.labels.values()].filter((l) => wanted.includes(String(l.id)) || wanted.includes(l.name)).map((l) => l.id));
      return (i) => i.labelIds.some((l) => ids.has(l));
    }
    case 'WORKING_HOURS': {
      const parts = value.split('_').map((s) => Number(s.trim()));
      const [lo, hi] = parts;
      if (parts.length !== 2 || lo === undefined || hi === undefined || Number.isNaN(lo) || Number.isNaN(hi)) fail();
      return (i) => i.workingHours >= (lo as number) && i.workingHours <= (hi as number);
    }
    default:
      throw new ApiError('InvalidParameterValue', `The condition key ${JSON.stringify(key)} is invalid or not supported by the simulator.`);
  }
}
