/**
 * `POST /open-api`: one URL, the Action chosen by `?Action=` (preferred) or the body's `Action`.
 * The order of checks is part of the contract tests rely on:
 *   count → fault → body → auth → rate limit → onRequest hooks → action → scope → handler → latency → answer.
 * Every API error is an HTTP 200 Error envelope; only injected faults use other statuses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findAction } from './actions/index.js';
import type { TokenRegistry } from './auth.js';
import type { TieOrder } from './declarative/action.js';
import { RequestParams } from './declarative/params.js';
import { ApiError, AUTH_FAILURE_MESSAGE, errorEnvelope, newRequestId, successEnvelope } from './envelope.js';
import { answerWithFault, type FaultPlan } from './faults.js';
import { delay, parseJsonObject, readPostBody, sendJson } from './http-io.js';
import type { RateLimiter } from './rate-limit.js';
import type { RequestHooks, RequestStats } from './request-log.js';
import type { Store } from './store.js';
import type { Views } from './views.js';

export interface ApiDeps {
  store: Store;
  views: Views;
  tokens: TokenRegistry;
  faults: FaultPlan;
  rateLimiter: RateLimiter;
  stats: RequestStats;
  hooks: RequestHooks;
  latencyMs(): number;
  tieOrder: TieOrder;
  /** Aborts when the simulator closes: releases hanging requests and pending latency. */
  closing: AbortSignal;
}

export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps): Promise<void> {
  const raw = await readPostBody(req, res);
  if (raw === undefined) return;
  const body = parseJsonObject(raw);
  const action = actionOf(url, body);
  deps.stats.record(action);

  const fault = deps.faults.take(action);
  if (fault) {
    if (fault.kind !== 'drop' && fault.kind !== 'hang') await delay(deps.latencyMs(), deps.closing);
    await answerWithFault(res, fault, deps.closing);
    return;
  }

  const envelope = await answer(req, action, body, deps);
  await delay(deps.latencyMs(), deps.closing);
  sendJson(res, 200, envelope);
}

async function answer(
  req: IncomingMessage,
  action: string,
  body: Record<string, unknown> | undefined,
  deps: ApiDeps,
): Promise<{ Response: Record<string, unknown> }> {
  const requestId = newRequestId();
  try {
    if (body === undefined) throw new ApiError('InvalidParameter', 'The request body must be a JSON object.');
    const caller = deps.tokens.authenticate(req.headers.authorization);
    if (!caller) throw new ApiError('AuthFailure', AUTH_FAILURE_MESSAGE);
    if (!deps.rateLimiter.tryTake(caller.token)) {
      deps.stats.recordRateLimited();
      throw new ApiError('RequestLimitExceeded', 'The request count exceeded the rate limit.');
    }
    await deps.hooks.run(action, body);
    if (action === '') throw new ApiError('MissingParameter', 'The request is missing the required parameter Action.');
    const definition = findAction(action);
    if (!definition) throw new ApiError('InvalidAction', `The action ${JSON.stringify(action)} does not exist.`);
    // What tapdata observed Coding answer when a token lacks the permission for a table.
    if (!caller.scopes.has(definition.scope)) {
      throw new ApiError('InvalidParameterValue', `Permission denied: the access token lacks the ${definition.scope} permission needed for ${action}.`);
    }
    const payload = definition.answer({ store: deps.store, views: deps.views, params: new RequestParams(body), caller, tieOrder: deps.tieOrder });
    return successEnvelope(payload, requestId);
  } catch (error) {
    if (error instanceof ApiError) return errorEnvelope(error.code, error.message, requestId);
    const message = error instanceof Error ? error.message : String(error);
    return errorEnvelope('InternalError', `The simulator failed: ${message}`, requestId);
  }
}

function actionOf(url: URL, body: Record<string, unknown> | undefined): string {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === 'action' && v !== '') return v;
  const fromBody = body ? Object.entries(body).find(([k]) => k.toLowerCase() === 'action')?.[1] : undefined;
  return typeof fromBody === 'string' ? fromBody : '';
}
