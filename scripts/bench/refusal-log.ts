/**
 * How many rate-limit refusals the connector says it met, read from its LOG messages: the cross-check
 * of the simulator's own count. Two wordings: one WARN line per refused request ("Coding asked to slow
 * down"), or one summary line at the end ("Coding's rate limit refused N request(s)").
 */
const PER_REQUEST = /Coding asked to slow down/;
const SUMMARY = /rate limit refused (\d+) request/;

export function refusalsReportedIn(stdout: string): number {
  let count = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"type":"LOG"')) continue;
    const parsed: unknown = JSON.parse(line);
    const text = messageOf(parsed);
    if (PER_REQUEST.test(text)) count += 1;
    const summary = SUMMARY.exec(text);
    if (summary?.[1]) count += Number(summary[1]);
  }
  return count;
}

function messageOf(parsed: unknown): string {
  if (typeof parsed !== 'object' || parsed === null) return '';
  const log = (parsed as { log?: unknown }).log;
  if (typeof log !== 'object' || log === null) return '';
  const text = (log as { message?: unknown }).message;
  return typeof text === 'string' ? text : '';
}
