/** The simulator's public shape: what tests, the demo and the control routes use. */
import type { ActionItem, ActionName, ActionOutput } from './actions/index.js';
import type { Scope } from './auth.js';
import type { BuildFields, BuildOutcome, MergeRequestFields, MergeRequestPatch, PushFields } from './code-delivery.js';
import type { DatasetSize } from './dataset.js';
import type { Fault } from './faults.js';
import type { RateLimit } from './rate-limit.js';
import type { RequestHook } from './request-log.js';
import type { DeliveryRecord } from './service-hooks.js';
import type {
  CommentFields,
  IssueComment,
  IssueDetail,
  IssueFields,
  IssueListItem,
  IssueWorkLog,
  Iteration,
  IterationFields,
  MemberFields,
  Project,
  ProjectMember,
  RoleType,
  WorkLogFields,
} from './types.js';

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 42; the same seed gives a byte-identical dataset. */
  seed?: number;
  /** Default 'acme'. */
  team?: string;
  /** Defaults: 3 projects, 150 issues, 8 iterations, 12 members each. */
  dataset?: Partial<DatasetSize>;
  /** Added to every API answer; default 0. */
  latencyMs?: number;
  /** Server-side limit per token; past it the API answers RequestLimitExceeded. */
  rateLimit?: RateLimit | null;
  /** Secondary order for equal sort values; default 'code-asc'. */
  tieOrder?: 'code-asc' | 'code-desc';
  /** Clock for mutations; default Date.now. */
  now?: () => number;
  /** When set, every control mutation POSTs a Service Hook delivery here. */
  serviceHook?: { url: string; secret?: string } | null;
}

export interface Simulator {
  readonly origin: string;
  /** origin + '/open-api' */
  readonly apiUrl: string;
  readonly team: string;
  readonly tokens: {
    /** 40-hex personal access token with all scopes; send as `Authorization: token X`. */
    readonly personal: string;
    /** The current OAuth access token; send as `Authorization: Bearer X`. Changes after a refresh. */
    readonly oauth: string;
    /** A personal token lacking project:member:ro. */
    readonly noMemberScope: string;
    /** A personal token with every scope but this one. */
    lacking(scope: Scope): string;
    /** For POST /api/oauth/access_token grant_type=refresh_token; refreshToken changes after a refresh. */
    readonly oauthClient: { readonly clientId: string; readonly clientSecret: string; readonly refreshToken: string };
  };
  /** The OAuth access token's lifetime, and the token endpoint's traffic. */
  readonly oauth: {
    /** The current access token is refused from now on (AuthFailure); the refresh token keeps working. */
    expireAccessToken(): void;
    /** Calls of POST /api/oauth/access_token so far, successful or not. */
    readonly refreshRequests: number;
  };
  projectNames(): string[];
  project(name: string): Project;
  issueCodes(project: string): number[];
  issueListItem(project: string, code: number): IssueListItem;
  issueDetail(project: string, code: number): IssueDetail;
  iterations(project: string): Iteration[];
  members(project: string): ProjectMember[];
  /**
   * The truth a test compares a client's output with: every item `action` lists for `params`
   * across all pages, exactly as the API's answers hold them (paging parameters are ignored), or
   * the object of a single-object action. Refuses what the API refuses, with an ApiError carrying
   * the API's error code; no token scope applies.
   */
  list<A extends ActionName>(action: A, params?: Record<string, unknown>): ActionOutput<A>;
  readonly control: {
    createIssue(project: string, fields?: Partial<IssueFields>): IssueDetail;
    updateIssue(project: string, code: number, patch?: Partial<IssueFields>): IssueDetail;
    deleteIssue(project: string, code: number): void;
    createIteration(project: string, fields?: Partial<IterationFields>): Iteration;
    updateIteration(project: string, code: number, patch?: Partial<IterationFields>): Iteration;
    deleteIteration(project: string, code: number): void;
    addMember(project: string, fields?: Partial<MemberFields>): ProjectMember;
    updateMemberRole(project: string, userId: number, roleType: RoleType): ProjectMember;
    removeMember(project: string, userId: number): void;
    /** Each of the following updates the issue (UpdatedAt moves) and sends the event Coding sends. */
    /** ISSUE_COMMENT_CREATED, the comment under `issueComment`. */
    addComment(project: string, code: number, fields?: Partial<CommentFields>): IssueComment;
    /** ISSUE_HOUR_RECORD_UPDATED, with `work_log`. */
    addWorkLog(project: string, code: number, fields?: Partial<WorkLogFields>): IssueWorkLog;
    /** ISSUE_STATUS_UPDATED; the status history gains the entry. */
    changeStatus(project: string, code: number, statusId: number): IssueDetail;
    /** ISSUE_RELATIONSHIP_CHANGED: `blockerCode` now blocks issue `code`. */
    addBlocker(project: string, code: number, blockerCode: number): IssueDetail;
    /** ISSUE_UPDATED: one custom-field value set (a ValueString) or cleared (null). */
    setCustomField(project: string, code: number, fieldId: number, valueString: string | null): IssueDetail;
    /** Commits to a branch of a depot (id or name), sent as GIT_PUSHED; returns their shas, oldest first. */
    pushCommits(project: string, depot: number | string, fields?: PushFields): string[];
    /** GIT_MR_CREATED. */
    openMergeRequest(project: string, depot: number | string, fields?: MergeRequestFields): ActionItem<'DescribeProjectMergeRequests'>;
    /** GIT_MR_UPDATED, or GIT_MR_CLOSED when the status closes it. */
    updateMergeRequest(project: string, id: number, patch?: MergeRequestPatch): ActionItem<'DescribeProjectMergeRequests'>;
    /** A merge commit on the target branch: GIT_MR_MERGED, then GIT_PUSHED. */
    mergeMergeRequest(project: string, id: number): ActionItem<'DescribeProjectMergeRequests'>;
    /** A RUNNING build: CI_JOB_STARTED. */
    runBuild(project: string, jobId: number, fields?: BuildFields): ActionItem<'DescribeCodingCIBuilds'>;
    /** CI_JOB_FINISHED. */
    finishBuild(project: string, buildId: number, outcome?: BuildOutcome): ActionItem<'DescribeCodingCIBuilds'>;
  };
  readonly faults: { inject(fault: Fault): void; clear(): void };
  setLatency(ms: number): void;
  setRateLimit(limit: RateLimit | null): void;
  /** Runs before every API request that passed the fault, auth and rate-limit checks is answered. */
  onRequest(hook: RequestHook): () => void;
  readonly stats: {
    readonly total: number;
    readonly byAction: Record<string, number>;
    /** Requests the server-side rate limit refused with RequestLimitExceeded (not injected faults). */
    readonly rateLimited: number;
    reset(): void;
  };
  readonly hooks: { ping(): Promise<void>; deliveries(): DeliveryRecord[]; settled(): Promise<void> };
  close(): Promise<void>;
}
