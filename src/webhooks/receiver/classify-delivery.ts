import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectEvents } from '../../engine/declaration.js';
import { idPathsOf, locate } from '../../engine/webhook/changes.js';
import { claimOf, isPing, type EventClaim } from './event-codes.js';

export type Delivery =
  | { kind: 'ping' }
  | { kind: 'ignored'; event: string }
  | { kind: 'event'; deliveryId: string; event: string; projectName: string; body: string }
  | { kind: 'rejected'; status: 400 | 422; reason: string };

type Json = Record<string, unknown>;

/**
 * Decides what a (signature-checked) delivery is, accepting every form Coding is known or likely to
 * send: a JSON body or a form body with the JSON in `payload`; the event code in body.event, else
 * X-Coding-Service-Hook-Event, else the legacy X-Coding-Event; codes given as numbers or numeric
 * strings. Only the shape the webhook reader relies on is checked; the rest of the body is kept as is.
 */
export function classifyDelivery(headers: IncomingHttpHeaders, raw: Buffer): Delivery {
  const headerEvent = header(headers, 'x-coding-service-hook-event') ?? header(headers, 'x-coding-event');
  if (headerEvent !== undefined && isPing(headerEvent)) return { kind: 'ping' };

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { kind: 'rejected', status: 400, reason: 'the body is not UTF-8' };
  }
  const json = jsonText(text, header(headers, 'content-type') ?? '');
  if (json === null) return { kind: 'rejected', status: 400, reason: 'a form body must carry the JSON in a "payload" field' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { kind: 'rejected', status: 400, reason: 'the body is not JSON' };
  }
  if (!isObject(parsed)) return { kind: 'rejected', status: 422, reason: 'the body is not a JSON object' };

  const bodyEvent = parsed.event;
  if (bodyEvent !== undefined && typeof bodyEvent !== 'string') return { kind: 'rejected', status: 422, reason: '"event" is not a string' };
  const named = nonEmpty(bodyEvent) ?? headerEvent;
  // The legacy WebHook's ping is {"token", "zen"}, whatever its headers say.
  if (named === undefined) {
    return 'zen' in parsed ? { kind: 'ping' } : { kind: 'rejected', status: 422, reason: 'no event code in "event" or X-Coding-Service-Hook-Event' };
  }
  const event = named.trim().toUpperCase();
  if (isPing(event)) return { kind: 'ping' };
  const claim = claimOf(event);
  if (claim === null) return { kind: 'ignored', event };

  const problem = shapeProblem(claim, parsed);
  if (problem !== null) {
    // A code the declarations do not name, of a family they follow, is kept only when it carries
    // an object a stream can read back; otherwise it is of no use (e.g. a comment event for issues).
    return claim.listed ? { kind: 'rejected', status: 422, reason: `${event}: ${problem}` } : { kind: 'ignored', event };
  }
  const projectName = (parsed.project as Json).name as string;
  const deliveryId = header(headers, 'x-coding-delivery')?.trim().slice(0, 200) ?? `sha256:${createHash('sha256').update(json).digest('hex')}`;
  return { kind: 'event', deliveryId, event, projectName, body: json };
}

/** What is wrong with the body for every binding that claims its event, or null when one can use it. */
function shapeProblem(claim: EventClaim, body: Json): string | null {
  if (!isObject(body.project) || nonEmpty(body.project.name) === undefined) return 'project.name is missing';
  // A binding that reads partitions needs nothing but the project.
  const problems = claim.bindings.map((binding) => (binding.reads === 'partitions' ? null : idProblem(binding, body)));
  return problems.includes(null) ? null : [...new Set(problems)].join('; or ');
}

/** Why the body names no id for this binding, or null when it does. */
function idProblem(binding: ObjectEvents, body: Json): string | null {
  if (locate(binding, body) !== undefined) return null;
  const paths = idPathsOf(binding);
  const [object, field, ...deeper] = paths[0] ?? [];
  // The usual shape (issue.code) is named plainly; nested places are listed.
  if (deeper.length > 0 || object === undefined || field === undefined) return `no number at ${paths.map((path) => path.join('.')).join(' or ')}`;
  return isObject(body[object]) ? `${object}.${field} is not a number` : `the "${object}" object is missing`;
}

/** The JSON text of the body: the body itself, or the `payload` field of a form body. */
function jsonText(text: string, contentType: string): string | null {
  const looksLikeJson = /^\s*[[{]/.test(text);
  // A JSON body under a form content type is still taken as JSON: the content type is what lies.
  const form = !looksLikeJson && (/application\/x-www-form-urlencoded/i.test(contentType) || /^\s*payload=/.test(text));
  return form ? new URLSearchParams(text).get('payload') : text;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return nonEmpty(Array.isArray(value) ? value[0] : value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
