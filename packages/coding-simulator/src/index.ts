/**
 * The Coding simulator: a local HTTP server that answers like Coding's OpenAPI, with a seeded
 * dataset, knobs for latency, rate limits and faults, and outgoing Service Hook deliveries.
 * Tests, the demo and the benchmarks all run against it.
 */
import { createHash } from 'node:crypto';
import { findAction, type ActionItem, type ActionName, type ActionOutput } from './actions/index.js';
import { handleApiRequest } from './api-http.js';
import { ALL_SCOPES, TokenRegistry, type Caller } from './auth.js';
import { CodeDelivery } from './code-delivery.js';
import { SimulatorInputError } from './control-errors.js';
import { handleControlRequest } from './control-http.js';
import { DEFAULT_DATASET_SIZE, type DatasetSize } from './dataset.js';
import { RequestParams } from './declarative/params.js';
import { FaultPlan } from './faults.js';
import { commentView } from './actions/describe-issue-comment-list.js';
import { workLogView } from './actions/work-log-view.js';
import { HookPayloads } from './hook-payloads.js';
import { IssueWorkflow } from './issue-workflow.js';
import { handleOAuthRequest } from './oauth-http.js';
import { RateLimiter } from './rate-limit.js';
import { RequestHooks, RequestStats } from './request-log.js';
import { listen } from './server.js';
import { ServiceHookSender } from './service-hooks.js';
import { seededStore } from './seeded-store.js';
import type { ProjectMember } from './types.js';
import type { Simulator, SimulatorOptions } from './simulator-api.js';
import { CI_BUILDS } from './tables/ci-builds.js';
import { Views } from './views.js';

export type * from './types.js';
export type { Fault, FaultKind } from './faults.js';
export type { Scope } from './auth.js';
export type { BuildFields, BuildOutcome, MergeRequestFields, MergeRequestPatch, PushFields } from './code-delivery.js';
export type { RateLimit } from './rate-limit.js';
export type { DeliveryRecord } from './service-hooks.js';
export type { ObservedRequest, RequestHook } from './request-log.js';
export { DATASET_FACTS, DEFAULT_DATASET_SIZE } from './dataset.js';
export { SimulatorInputError, SimulatorNotFoundError } from './control-errors.js';
export { ApiError, type ApiErrorCode } from './envelope.js';
export type { ActionItem, ActionName, ActionOutput } from './actions/index.js';

export type { Simulator, SimulatorOptions } from './simulator-api.js';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 42;
  const team = options.team ?? 'acme';
  const size = datasetSize(options.dataset);
  const now = options.now ?? Date.now;
  const store = seededStore({ seed, team, size, now });
  const workflow = new IssueWorkflow(store, now);
  workflow.attach();
  const tieOrder = options.tieOrder ?? 'code-asc';
  const views = new Views(store);
  const tokens = new TokenRegistry(seed, store.owner.id, team);
  const faults = new FaultPlan();
  const rateLimiter = new RateLimiter(options.rateLimit ?? null);
  const stats = new RequestStats();
  const requestHooks = new RequestHooks();
  const closing = new AbortController();
  let latencyMs = checkedLatency(options.latencyMs ?? 0);

  const payloads = new HookPayloads(store, views);
  const hookId = uuidFrom(createHash('sha1').update(`source-coding-simulator:${seed}:service-hook`).digest('hex'));
  const sender = options.serviceHook ? new ServiceHookSender(options.serviceHook, hookId) : undefined;
  if (sender) {
    store.subscribe((change) => {
      const message = payloads.forChange(change);
      void sender.deliver(message.event, message.body);
    });
  }

  const project = (name: string) => store.requireProject(name);
  const listItem = (p: string, code: number) => views.issueListItem(project(p), store.requireIssue(project(p), code));
  const detail = (p: string, code: number) => views.issueDetail(project(p), store.requireIssue(project(p), code));
  const memberView = (p: string, userId: number): ProjectMember => {
    const m = project(p).members.get(userId);
    if (!m) throw new Error(`user ${userId} vanished from ${p}`);
    return views.projectMember(m);
  };
  // list() reads as the token owner with every scope: it is the truth, not a client.
  const owner: Caller = { token: tokens.personal, kind: 'personal', userId: store.owner.id, scopes: new Set(ALL_SCOPES) };
  const list = <A extends ActionName>(action: A, params: Record<string, unknown> = {}): ActionOutput<A> => {
    const definition = findAction(action);
    if (!definition) throw new SimulatorInputError(`the simulator has no action ${JSON.stringify(action)}`);
    return definition.truth({ store, views, params: new RequestParams(params), caller: owner, tieOrder }) as ActionOutput<A>;
  };
  const code = new CodeDelivery(store, options.now ?? Date.now);
  const mergeRequestItem = (p: string, id: number): ActionItem<'DescribeProjectMergeRequests'> => {
    const found = list('DescribeProjectMergeRequests', { ProjectId: project(p).record.id }).find((m) => m.Id === id);
    if (!found) throw new Error(`merge request ${id} vanished from ${p}`);
    return found;
  };
  const buildItem = (p: string, id: number): ActionItem<'DescribeCodingCIBuilds'> => {
    const jobId = project(p).rows(CI_BUILDS).get(id)?.jobId;
    const found = jobId === undefined ? undefined : list('DescribeCodingCIBuilds', { JobId: jobId }).find((b) => b.Id === id);
    if (!found) throw new Error(`build ${id} vanished from ${p}`);
    return found;
  };

  let closed: Promise<void> | undefined;
  // The control routes need the finished object; they are only called after listen() returns.
  let self: Simulator | undefined;
  const running = await listen(options.host ?? '127.0.0.1', options.port ?? 0, {
    api: (req, res, url) =>
      handleApiRequest(req, res, url, {
        store, views, tokens, faults, rateLimiter, stats, hooks: requestHooks,
        latencyMs: () => latencyMs, tieOrder, closing: closing.signal,
      }),
    oauth: (req, res, url) => handleOAuthRequest(req, res, url, tokens),
    control: (req, res, url) => {
      if (!self) throw new Error('the simulator is still starting');
      return handleControlRequest(req, res, url, self);
    },
  });

  self = {
    origin: running.origin,
    apiUrl: `${running.origin}/open-api`,
    team,
    tokens: {
      personal: tokens.personal,
      get oauth() {
        return tokens.oauth;
      },
      noMemberScope: tokens.noMemberScope,
      lacking: (scope) => tokens.lacking(scope),
      oauthClient: {
        clientId: tokens.clientId,
        clientSecret: tokens.clientSecret,
        get refreshToken() {
          return tokens.refreshToken;
        },
      },
    },
    oauth: {
      expireAccessToken: () => tokens.expireAccessToken(),
      get refreshRequests() {
        return tokens.refreshRequests;
      },
    },
    projectNames: () => store.projects().map((p) => p.record.name),
    project: (name) => views.project(project(name).record),
    issueCodes: (p) => [...project(p).issues.keys()].sort((a, b) => a - b),
    issueListItem: listItem,
    issueDetail: detail,
    iterations: (p) => [...project(p).iterations.values()].sort((a, b) => a.code - b.code).map((it) => views.iteration(project(p), it)),
    members: (p) => [...project(p).members.values()].map((m) => views.projectMember(m)),
    list,
    control: {
      createIssue: (p, fields) => views.issueDetail(project(p), store.createIssue(project(p), fields)),
      updateIssue: (p, code, patch) => views.issueDetail(project(p), store.updateIssue(project(p), code, patch)),
      deleteIssue: (p, code) => store.deleteIssue(project(p), code),
      createIteration: (p, fields) => views.iteration(project(p), store.createIteration(project(p), fields)),
      updateIteration: (p, code, patch) => views.iteration(project(p), store.updateIteration(project(p), code, patch)),
      deleteIteration: (p, code) => store.deleteIteration(project(p), code),
      addMember: (p, fields) => memberView(p, store.addMember(project(p), fields).userId),
      updateMemberRole: (p, userId, roleType) => memberView(p, store.updateMemberRole(project(p), userId, roleType).userId),
      removeMember: (p, userId) => store.removeMember(project(p), userId),
      addComment: (p, code, fields) => commentView(workflow.addComment(project(p), code, fields), true),
      addWorkLog: (p, code, fields) => workLogView(project(p), workflow.addWorkLog(project(p), code, fields)),
      changeStatus: (p, code, statusId) => views.issueDetail(project(p), workflow.changeStatus(project(p), code, statusId)),
      addBlocker: (p, code, blockerCode) => views.issueDetail(project(p), workflow.addBlocker(project(p), code, blockerCode)),
      setCustomField: (p, code, fieldId, value) => views.issueDetail(project(p), workflow.setCustomField(project(p), code, fieldId, value)),
      pushCommits: (p, depot, fields) => code.pushCommits(p, depot, fields),
      openMergeRequest: (p, depot, fields) => mergeRequestItem(p, code.openMergeRequest(p, depot, fields)),
      updateMergeRequest: (p, id, patch) => {
        code.updateMergeRequest(p, id, patch);
        return mergeRequestItem(p, id);
      },
      mergeMergeRequest: (p, id) => {
        code.mergeMergeRequest(p, id);
        return mergeRequestItem(p, id);
      },
      runBuild: (p, jobId, fields) => buildItem(p, code.runBuild(p, jobId, fields)),
      finishBuild: (p, buildId, outcome) => {
        code.finishBuild(p, buildId, outcome);
        return buildItem(p, buildId);
      },
    },
    faults: { inject: (fault) => faults.inject(fault), clear: () => faults.clear() },
    setLatency: (ms) => {
      latencyMs = checkedLatency(ms);
    },
    setRateLimit: (limit) => rateLimiter.set(limit),
    onRequest: (hook) => requestHooks.add(hook),
    stats: {
      get total() {
        return stats.total;
      },
      get byAction() {
        return { ...stats.byAction };
      },
      get rateLimited() {
        return stats.rateLimited;
      },
      reset: () => stats.reset(),
    },
    hooks: {
      ping: async () => {
        if (!sender) throw new Error('ping needs the serviceHook option');
        const first = store.projects()[0];
        if (!first) throw new Error('the simulator has no project to ping from');
        const message = payloads.ping(first);
        await sender.deliver(message.event, message.body);
      },
      deliveries: () => sender?.deliveries() ?? [],
      settled: async () => sender?.settled(),
    },
    close: () => {
      closed ??= (async () => {
        closing.abort();
        sender?.close();
        await running.close();
      })();
      return closed;
    },
  };
  return self;
}

function datasetSize(requested: Partial<DatasetSize> | undefined): DatasetSize {
  const size = { ...DEFAULT_DATASET_SIZE, ...requested };
  for (const [key, value] of Object.entries(size)) {
    const min = key === 'membersPerProject' ? 1 : 0;
    if (!Number.isInteger(value) || value < min) throw new SimulatorInputError(`dataset.${key} must be an integer >= ${min}`);
  }
  return size;
}

function checkedLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new SimulatorInputError('latency must be a non-negative number of milliseconds');
  return ms;
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
