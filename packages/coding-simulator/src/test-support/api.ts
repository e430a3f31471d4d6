/** Calls the simulator over real HTTP the way a client would, for the simulator's own tests. */
import type { Simulator } from '../index.js';
import type { IssueDetail, IssueListItem, Iteration, ProjectMember } from '../types.js';

export interface EnvelopeBody {
  RequestId: string;
  Error?: { Code: string; Message: string };
  [key: string]: unknown;
}

export interface CallOptions {
  /** Default: the personal token. null sends no Authorization header. */
  authorization?: string | null;
  /** Where the Action goes; default 'body'. */
  actionIn?: 'query' | 'body' | 'none';
  path?: string;
}

export async function call(sim: Simulator, action: string, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<EnvelopeBody> {
  const res = await rawCall(sim, action, params, options);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const json = (await res.json()) as { Response: EnvelopeBody };
  return json.Response;
}

export function rawCall(sim: Simulator, action: string, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<Response> {
  const actionIn = options.actionIn ?? 'body';
  const url = new URL(options.path ?? '/open-api', sim.origin);
  if (actionIn === 'query') url.searchParams.set('Action', action);
  const body = actionIn === 'body' ? { Action: action, ...params } : params;
  const authorization = options.authorization === undefined ? `token ${sim.tokens.personal}` : options.authorization;
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization === null ? {} : { Authorization: authorization }) },
    body: JSON.stringify(body),
  });
}

/** The success payload, or a thrown error naming the API error. */
export async function ok(sim: Simulator, action: string, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<EnvelopeBody> {
  const response = await call(sim, action, params, options);
  if (response.Error) throw new Error(`${action} failed: ${response.Error.Code} ${response.Error.Message}`);
  return response;
}

export interface IssuePage {
  PageNumber: number;
  PageSize: number;
  TotalPage: number;
  TotalCount: number;
  List: IssueListItem[];
}

export async function listIssues(sim: Simulator, params: Record<string, unknown>): Promise<IssuePage> {
  const response = await ok(sim, 'DescribeIssueListWithPage', { IssueType: 'ALL', PageNumber: 1, PageSize: 500, ...params });
  return response['Data'] as IssuePage;
}

/** Every item across pages, following PageNumber until a short page. */
export async function listAllIssues(sim: Simulator, params: Record<string, unknown>, pageSize = 500): Promise<IssueListItem[]> {
  const all: IssueListItem[] = [];
  for (let page = 1; ; page++) {
    const data = await listIssues(sim, { ...params, PageNumber: page, PageSize: pageSize });
    all.push(...data.List);
    if (data.List.length < pageSize) return all;
  }
}

export async function describeIssue(sim: Simulator, project: string, code: number): Promise<IssueDetail> {
  return (await ok(sim, 'DescribeIssue', { ProjectName: project, IssueCode: code }))['Issue'] as IssueDetail;
}

export interface IterationPage {
  Page: number;
  PageSize: number;
  TotalPage: number;
  TotalRow: number;
  List: Iteration[];
}

export interface MemberPage {
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
  ProjectMembers: ProjectMember[];
}
