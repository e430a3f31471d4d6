/**
 * `POST /api/oauth/access_token`: form-encoded as documented, with the parameters also accepted
 * in the query string because that is how tapdata sends its refresh. Failures use the RFC 6749
 * error shape with HTTP 400; Coding's exact failure body is undocumented.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenRegistry } from './auth.js';
import { readPostBody, sendJson } from './http-io.js';

export async function handleOAuthRequest(req: IncomingMessage, res: ServerResponse, url: URL, tokens: TokenRegistry): Promise<void> {
  const raw = await readPostBody(req, res);
  if (raw === undefined) return;
  const form = new URLSearchParams(url.searchParams);
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) form.set(k, v);
  const result = tokens.refresh(form);
  if (result.ok) sendJson(res, 200, result.answer);
  else sendJson(res, 400, { error: result.error, error_description: result.description });
}
