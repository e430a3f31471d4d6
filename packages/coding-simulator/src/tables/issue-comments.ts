/**
 * Comments on issues. Every comment was written between its issue's creation and its issue's last
 * update (adding a comment updates the issue), some were edited later (UpdatedAt after CreatedAt,
 * still not after the issue's UpdatedAt), some reply to an earlier comment of the same issue. The
 * first issue of every project has comments, so an example request always finds some.
 */
import { projectTable } from '../declarative/table.js';
import type { IssueRecord } from '../model.js';
import type { Prng } from '../prng.js';
import { ISSUES, PROJECT_MEMBERS } from './legacy-tables.js';
import { COMMENT_BODIES, COMMENT_OPENINGS } from './workflow-text.js';

export interface CommentRow {
  id: number;
  issueCode: number;
  /** The comment replied to, 0 for none. */
  parentId: number;
  creatorId: number;
  /** Markdown as written; the rendered Content is derived from it. */
  rawContent: string;
  createdAt: number;
  updatedAt: number;
  fileIds: readonly number[];
}

/** Ids are unique across projects: each project draws from its own range. */
export function commentIdBase(projectIndex: number): number {
  return 70_000_000 + projectIndex * 1_000_000;
}

const COUNTS: ReadonlyArray<readonly [number, number]> = [[0, 45], [1, 25], [2, 15], [3, 10], [5, 5]];

export const ISSUE_COMMENTS = projectTable<CommentRow, number>({
  name: 'issue-comments',
  key: (c) => c.id,
  uses: [ISSUES, PROJECT_MEMBERS],
  generate: ({ rng, sibling, index }) => {
    const members = sibling(PROJECT_MEMBERS).map((m) => m.userId);
    let id = commentIdBase(index);
    const rows: CommentRow[] = [];
    for (const issue of sibling(ISSUES)) {
      const count = Math.max(issue.code === 1 ? 1 : 0, rng.weighted(COUNTS));
      const times = moments(rng, issue, count);
      const own: CommentRow[] = [];
      for (const createdAt of times) {
        id += rng.int(1, 7);
        const replyTo = own.length > 0 && rng.chance(0.2) ? rng.pick(own).id : 0;
        const edited = rng.chance(0.15) && issue.updatedAt > createdAt;
        own.push({
          id,
          issueCode: issue.code,
          parentId: replyTo,
          creatorId: rng.pick(members),
          rawContent: commentText(rng),
          createdAt,
          updatedAt: edited ? createdAt + Math.floor((issue.updatedAt - createdAt) * rng.next()) : createdAt,
          fileIds: rng.chance(0.05) ? [9_500_000 + rng.int(0, 499_999)] : [],
        });
      }
      rows.push(...own);
    }
    return rows;
  },
});

/** `count` instants between the issue's creation and its last update, oldest first. */
export function moments(rng: Prng, issue: IssueRecord, count: number): number[] {
  const span = issue.updatedAt - issue.createdAt;
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(issue.createdAt + Math.floor(span * rng.next()));
  return times.sort((a, b) => a - b);
}

export function commentText(rng: Prng): string {
  const body = rng.pick(COMMENT_BODIES);
  const opening = rng.pick(COMMENT_OPENINGS);
  return body === '' ? opening : `${opening}\n\n${body}`;
}

/** The HTML Coding renders a comment's Markdown to; enough Markdown for the comments above. */
export function renderComment(markdown: string): string {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inline = (text: string): string =>
    escape(text)
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/`([^`]+)`/g, '<code>$1</code>');
  return markdown
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\d+\. /.test(l))) return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\d+\. /, ''))}</li>`).join('')}</ol>`;
      if (block.startsWith('> ')) return `<blockquote><p>${inline(block.slice(2))}</p></blockquote>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .join('');
}
