/**
 * Which Service Hook events feed the streams, and what each must carry to be of any use.
 *
 * Stored: every ISSUE_*, ITERATION_* and MEMBER_* event (so a code Coding adds later in these families
 * is kept rather than lost), except ISSUE_COMMENT_CREATED: its payload is an `issueComment` and
 * comments are no stream; a comment that changes the issue itself comes with an issue event.
 * Everything else (GIT_*, CI_*, WIKI_*, ...) is answered 202 "ignored" and not stored.
 */
export type EventFamily = 'issue' | 'iteration' | 'member';

const IGNORED_IN_FAMILY = new Set(['ISSUE_COMMENT_CREATED']);

export function familyOf(event: string): EventFamily | null {
  if (IGNORED_IN_FAMILY.has(event)) return null;
  if (event.startsWith('ISSUE_')) return 'issue';
  if (event.startsWith('ITERATION_')) return 'iteration';
  if (event.startsWith('MEMBER_')) return 'member';
  return null;
}

/** Service Hook `PING`, legacy project WebHook `ping`. */
export function isPing(event: string): boolean {
  return event.toUpperCase() === 'PING';
}
