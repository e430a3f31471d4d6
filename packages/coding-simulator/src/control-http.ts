/**
 * `/_simulator/...`: JSON endpoints for the demo and manual use, each a thin call into the same
 * functions `Simulator` exposes in-process. No auth, so only loopback callers are served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimulatorInputError, SimulatorNotFoundError } from './control-errors.js';
import type { Fault } from './faults.js';
import { BodyTooLargeError, parseJsonObject, readBody, sendJson } from './http-io.js';
import type { Simulator } from './simulator-api.js';
import type { RateLimit } from './rate-limit.js';
import type { BuildFields, BuildOutcome, MergeRequestFields, MergeRequestPatch, PushFields } from './code-delivery.js';
import type { CommentFields, IssueFields, IterationFields, MemberFields, RoleType, WorkLogFields } from './types.js';

type Body = Record<string, unknown>;
type Handler = (sim: Simulator, args: string[], body: Body) => unknown | Promise<unknown>;

/** [method, path pattern, handler]; a handler's result is the JSON answer, undefined means 204. */
const ROUTES: ReadonlyArray<readonly [string, RegExp, Handler, number?]> = [
  ['GET', /^$/, (sim) => ({ team: sim.team, apiUrl: sim.apiUrl, tokens: sim.tokens, projects: sim.projectNames() })],
  ['GET', /^\/projects$/, (sim) => sim.projectNames()],
  ['GET', /^\/projects\/([^/]+)$/, (sim, [p]) => sim.project(p ?? '')],
  ['GET', /^\/projects\/([^/]+)\/issues$/, (sim, [p]) => sim.issueCodes(p ?? '')],
  ['POST', /^\/projects\/([^/]+)\/issues$/, (sim, [p], b) => sim.control.createIssue(p ?? '', b as Partial<IssueFields>), 201],
  ['GET', /^\/projects\/([^/]+)\/issues\/(\d+)$/, (sim, [p, c]) => sim.issueDetail(p ?? '', Number(c))],
  ['PATCH', /^\/projects\/([^/]+)\/issues\/(\d+)$/, (sim, [p, c], b) => sim.control.updateIssue(p ?? '', Number(c), b as Partial<IssueFields>)],
  ['DELETE', /^\/projects\/([^/]+)\/issues\/(\d+)$/, (sim, [p, c]) => sim.control.deleteIssue(p ?? '', Number(c))],
  ['POST', /^\/projects\/([^/]+)\/issues\/(\d+)\/comments$/, (sim, [p, c], b) => sim.control.addComment(p ?? '', Number(c), b as Partial<CommentFields>), 201],
  ['POST', /^\/projects\/([^/]+)\/issues\/(\d+)\/work-logs$/, (sim, [p, c], b) => sim.control.addWorkLog(p ?? '', Number(c), b as Partial<WorkLogFields>), 201],
  ['PUT', /^\/projects\/([^/]+)\/issues\/(\d+)\/status$/, (sim, [p, c], b) => sim.control.changeStatus(p ?? '', Number(c), numberField(b, 'IssueStatusId'))],
  ['POST', /^\/projects\/([^/]+)\/issues\/(\d+)\/blockers$/, (sim, [p, c], b) => sim.control.addBlocker(p ?? '', Number(c), numberField(b, 'BlockerCode')), 201],
  ['PUT', /^\/projects\/([^/]+)\/issues\/(\d+)\/custom-fields\/(\d+)$/, (sim, [p, c, f], b) => sim.control.setCustomField(p ?? '', Number(c), Number(f), valueStringField(b))],
  ['GET', /^\/projects\/([^/]+)\/iterations$/, (sim, [p]) => sim.iterations(p ?? '')],
  ['POST', /^\/projects\/([^/]+)\/iterations$/, (sim, [p], b) => sim.control.createIteration(p ?? '', b as Partial<IterationFields>), 201],
  ['PATCH', /^\/projects\/([^/]+)\/iterations\/(\d+)$/, (sim, [p, c], b) => sim.control.updateIteration(p ?? '', Number(c), b as Partial<IterationFields>)],
  ['DELETE', /^\/projects\/([^/]+)\/iterations\/(\d+)$/, (sim, [p, c]) => sim.control.deleteIteration(p ?? '', Number(c))],
  ['GET', /^\/projects\/([^/]+)\/members$/, (sim, [p]) => sim.members(p ?? '')],
  ['POST', /^\/projects\/([^/]+)\/members$/, (sim, [p], b) => sim.control.addMember(p ?? '', b as Partial<MemberFields>), 201],
  ['PATCH', /^\/projects\/([^/]+)\/members\/(\d+)$/, (sim, [p, u], b) => sim.control.updateMemberRole(p ?? '', Number(u), b['RoleType'] as RoleType)],
  ['DELETE', /^\/projects\/([^/]+)\/members\/(\d+)$/, (sim, [p, u]) => sim.control.removeMember(p ?? '', Number(u))],
  ['POST', /^\/projects\/([^/]+)\/depots\/([^/]+)\/commits$/, (sim, [p, d], b) => sim.control.pushCommits(p ?? '', depotRef(d ?? ''), b as PushFields), 201],
  ['POST', /^\/projects\/([^/]+)\/depots\/([^/]+)\/merge-requests$/, (sim, [p, d], b) => sim.control.openMergeRequest(p ?? '', depotRef(d ?? ''), b as MergeRequestFields), 201],
  ['PATCH', /^\/projects\/([^/]+)\/merge-requests\/(\d+)$/, (sim, [p, id], b) => sim.control.updateMergeRequest(p ?? '', Number(id), b as MergeRequestPatch)],
  ['POST', /^\/projects\/([^/]+)\/merge-requests\/(\d+)\/merge$/, (sim, [p, id]) => sim.control.mergeMergeRequest(p ?? '', Number(id))],
  ['POST', /^\/projects\/([^/]+)\/ci-jobs\/(\d+)\/builds$/, (sim, [p, job], b) => sim.control.runBuild(p ?? '', Number(job), b as BuildFields), 201],
  ['PATCH', /^\/projects\/([^/]+)\/ci-builds\/(\d+)$/, (sim, [p, id], b) => sim.control.finishBuild(p ?? '', Number(id), b as BuildOutcome)],
  ['POST', /^\/faults$/, (sim, _, b) => {
    sim.faults.inject(b as unknown as Fault);
    return b;
  }, 201],
  ['DELETE', /^\/faults$/, (sim) => sim.faults.clear()],
  ['PUT', /^\/latency$/, (sim, _, b) => sim.setLatency(numberField(b, 'ms'))],
  ['PUT', /^\/rate-limit$/, (sim, _, b) => sim.setRateLimit(b['requestsPerSecond'] === undefined || b['requestsPerSecond'] === null ? null : (b as unknown as RateLimit))],
  ['GET', /^\/stats$/, (sim) => ({ total: sim.stats.total, byAction: sim.stats.byAction, rateLimited: sim.stats.rateLimited })],
  ['DELETE', /^\/stats$/, (sim) => sim.stats.reset()],
  ['POST', /^\/hooks\/ping$/, async (sim) => { await sim.hooks.ping(); return sim.hooks.deliveries().at(-1); }],
  ['GET', /^\/hooks\/deliveries$/, (sim) => sim.hooks.deliveries()],
];

export async function handleControlRequest(req: IncomingMessage, res: ServerResponse, url: URL, sim: Simulator): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) {
    sendJson(res, 403, { error: 'the control endpoints answer loopback callers only' });
    return;
  }
  const path = url.pathname.replace(/^\/_simulator/, '').replace(/\/$/, '');
  const matches = ROUTES.map(([method, pattern, handler, status]) => ({ method, m: pattern.exec(path), handler, status }))
    .filter((r) => r.m !== null);
  if (matches.length === 0) {
    sendJson(res, 404, { error: `no control endpoint ${url.pathname}` });
    return;
  }
  const route = matches.find((r) => r.method === req.method);
  if (!route || !route.m) {
    res.setHeader('Allow', matches.map((r) => r.method).join(', '));
    sendJson(res, 405, { error: `${req.method ?? ''} is not allowed on ${url.pathname}` });
    return;
  }
  try {
    const body = parseJsonObject(await readBody(req));
    if (body === undefined) throw new SimulatorInputError('the body must be a JSON object');
    const args = route.m.slice(1).map((s) => decodeURIComponent(s));
    const result = await route.handler(sim, args, body);
    if (result === undefined) {
      res.writeHead(204).end();
    } else {
      sendJson(res, route.status ?? 200, result);
    }
  } catch (error) {
    const status = error instanceof SimulatorNotFoundError ? 404 : error instanceof SimulatorInputError || error instanceof BodyTooLargeError ? 400 : 500;
    sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** A depot in a path: its numeric id or its name. */
function depotRef(segment: string): number | string {
  return /^\d+$/.test(segment) ? Number(segment) : segment;
}

function numberField(body: Body, name: string): number {
  const v = body[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new SimulatorInputError(`${name} must be a non-negative number`);
  return v;
}

function valueStringField(body: Body): string | null {
  const v = body['ValueString'];
  if (v !== null && typeof v !== 'string') throw new SimulatorInputError('ValueString must be a string, or null to clear the value');
  return v;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
