/**
 * Which issues block which, within a project (阻塞 / 被阻塞). Issue 1 of every project is blocked
 * by issue 2, so example requests always find one; about one issue in twelve is blocked by one or
 * two other issues of its project.
 */
import { projectTable } from '../declarative/table.js';
import { ISSUES } from './legacy-tables.js';

export interface BlockerRow {
  /** The issue that cannot go on. */
  blockedCode: number;
  /** The issue it waits for. */
  blockerCode: number;
}

export const blockerKey = (b: BlockerRow): string => `${b.blockedCode}:${b.blockerCode}`;

export const ISSUE_BLOCKERS = projectTable<BlockerRow, string>({
  name: 'issue-blockers',
  key: blockerKey,
  uses: [ISSUES],
  generate: ({ rng, sibling }) => {
    const codes = sibling(ISSUES).map((i) => i.code);
    const rows: BlockerRow[] = [];
    if (codes.length < 2) return rows;
    // Another issue than the one at `self`: a draw among the n-1 others, without building their list.
    const other = (self: number): number => {
      const i = rng.int(0, codes.length - 2);
      return codes[i >= self ? i + 1 : i] as number;
    };
    codes.forEach((code, self) => {
      const blockers = new Set<number>();
      if (code === 1 && codes.includes(2)) blockers.add(2);
      else if (rng.chance(1 / 12)) for (let n = rng.int(1, 2); n > 0; n--) blockers.add(other(self));
      for (const blockerCode of [...blockers].sort((a, b) => a - b)) rows.push({ blockedCode: code, blockerCode });
    });
    return rows;
  },
});
