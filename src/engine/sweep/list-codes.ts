import { CodingNotFoundError, CodingResponseError } from '../../coding/errors.js';
import { fetchPage } from '../../coding/paging.js';
import type { RunContext } from '../context.js';
import { listOf, type Partition, type Stream, type SweepSpec } from '../declaration.js';
import { idOf } from '../listing.js';
import { CodeSet } from './code-set.js';

export interface SweepListing {
  /** Every code the listing returned. */
  listed: CodeSet;
  /** The known codes that are gone, ascending. */
  gone: number[];
  /** Coding's TotalCount on the last page of the listing. */
  total: number | undefined;
}

/**
 * Lists every existing code of a partition, in ascending order, and tells which of the `known` codes
 * are gone.
 *
 * Offset paging drifts when Coding's data changes under it: an issue deleted on a page already read
 * shifts every later issue back by one, so the first issue of the next page slips unseen to the end of
 * the page already read. Read as "not listed", such an issue would be reported deleted. Sorted by code,
 * issues are only ever created at the end (codes grow) and only ever leave earlier positions, so:
 *
 * - Between two issues of one page (one answer, one moment), a known code that is missing is gone.
 *   So is one before the first issue of page 1, or after the last issue of a short last page.
 * - Only between the last issue of a full page and the first issue of the next can a code be missing
 *   because of drift. When a known code falls there, one 1-item request checks that the last issue of
 *   the page still sits at the page's last offset: if so, nothing before it moved, the next page began
 *   right after it, and the gap is real. If it moved, each known code in that gap is read on its own
 *   (a not-found answer says it is gone).
 *
 * An issue created during the sweep is not among the known codes, so it is never reported deleted; one
 * deleted after the listing passed it is reported by the next sweep.
 */
export async function listExistingCodes(ctx: RunContext, stream: Stream, spec: SweepSpec, partition: Partition, known: CodeSet, options: { pageSize?: number } = {}): Promise<SweepListing> {
  const list = listOf(stream);
  const { action, shape } = list;
  const size = options.pageSize ?? list.pageSize;
  const params = spec.params(partition);
  const listed = CodeSet.empty();
  /** Page boundaries (exclusive code ranges) where drift could not be ruled out. */
  const unsure: Array<[number, number]> = [];
  let total: number | undefined;
  let highest = -1;
  let lastOfFullPage: number | undefined;

  for (let pageNumber = 1; ; pageNumber++) {
    const page = await fetchPage(ctx.client, action, params, shape, pageNumber, size);
    total = page.totalCount;
    const codes = page.items.map((item) => codeOf(stream, item));
    for (let i = 1; i < codes.length; i++) {
      if ((codes[i] as number) <= (codes[i - 1] as number)) {
        throw new CodingResponseError(`Coding did not sort ${action} by ${stream.idField} as asked, so the deletion sweep of ${stream.name} in ${partition.key} cannot tell deleted items from unlisted ones.`);
      }
    }
    const fresh = codes.filter((code) => code > highest);
    listed.addAll(codes);
    if (lastOfFullPage !== undefined) {
      const next = fresh[0] ?? Number.POSITIVE_INFINITY;
      if (known.hasBetween(lastOfFullPage, next) && !(await stillLastOf(pageNumber - 1, lastOfFullPage))) unsure.push([lastOfFullPage, next]);
    }
    if (fresh.length > 0) highest = fresh[fresh.length - 1] as number;
    if (codes.length < size) break;
    if (fresh.length === 0) {
      throw new CodingResponseError(`Coding answered ${action} for ${partition.key} with a full page of codes already listed: the listing does not advance, so the deletion sweep stops rather than loop.`);
    }
    lastOfFullPage = codes[codes.length - 1];
  }

  const gone: number[] = [];
  const toRead: number[] = [];
  for (const code of known.missingFrom(listed)) (unsure.some(([low, high]) => code > low && code < high) ? toRead : gone).push(code);
  if (toRead.length > 0) {
    const readGone = await readEach(ctx, spec, partition, toRead);
    gone.push(...readGone);
    gone.sort((a, b) => a - b);
  }
  return { listed, gone, total };

  /** Whether `code` is still the item at the last offset of page `pageNumber`. */
  async function stillLastOf(pageNumber: number, code: number): Promise<boolean> {
    // Page number n×size of 1-item pages is the item at offset n×size − 1: the last one of page n.
    const check = await fetchPage(ctx.client, action, params, shape, pageNumber * size, 1);
    const found = check.items[0];
    return found !== undefined && codeOf(stream, found) === code;
  }
}

/** The codes among `codes` that Coding says do not exist. */
async function readEach(ctx: RunContext, spec: SweepSpec, partition: Partition, codes: number[]): Promise<number[]> {
  const gone: number[] = [];
  await Promise.all(
    codes.map(async (code) => {
      const request = spec.readOne(partition, code);
      try {
        await ctx.client.call(request.action, request.params);
      } catch (error) {
        if (!(error instanceof CodingNotFoundError)) throw error;
        gone.push(code);
      }
    }),
  );
  return gone;
}

function codeOf(stream: Stream, item: Record<string, unknown>): number {
  const id = idOf(stream, item);
  if (typeof id !== 'number') throw new Error(`the deletion sweep needs integer ids, and ${stream.name} has ${stream.idField} of another type`);
  return id;
}
