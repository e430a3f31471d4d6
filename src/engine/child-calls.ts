import { CodingApiError, CodingNotFoundError } from '../coding/errors.js';
import { fetchPage, type Item } from '../coding/paging.js';
import type { RunContext } from './context.js';
import type { ChildrenSpec, Partition, Stream } from './declaration.js';
import { checkKey } from './listing.js';

/** A parent and its children, as Coding answered them. */
export interface Family {
  parent: Item;
  children: Item[];
}

/** Error codes with which Coding may refuse a call naming too many parents at once (its limit is unstated). */
const TOO_MANY = /^(InvalidParameterValue|InvalidParameter|LimitExceeded|UnsupportedOperation)/;

/**
 * Fetches the children of parents: one call per parent, or one per batch of parents for actions
 * that take several (status changes). The calls of a page of parents are issued together: the
 * client bounds the requests in flight and the shared limiter the rate. A parent Coding no longer has
 * (deleted between the list and the child call: ResourceNotFound) is left out, not a failure; in a
 * batch, the batch is split until the missing parent is alone. A batch Coding refuses as too large
 * is halved, and the smaller size kept for the rest of the read.
 */
export class ChildFetcher {
  private readonly spec: ChildrenSpec<Item>;
  private batchSize: number;

  constructor(
    private readonly ctx: RunContext,
    private readonly stream: Stream,
  ) {
    if (!stream.children) throw new Error(`stream ${stream.name} has no children`);
    this.spec = stream.children;
    this.batchSize = Math.max(1, this.spec.batch?.size ?? 1);
  }

  /** The families of `parents`, in their order; parents Coding no longer has are left out. */
  async fetch(partition: Partition, parents: readonly Item[]): Promise<Family[]> {
    if (parents.length === 0) return [];
    const batch = this.spec.batch;
    if (!batch) {
      const answers = await Promise.all(parents.map((parent) => this.single(partition, parent)));
      return answers.flatMap((children, i) => (children === undefined ? [] : [{ parent: parents[i] as Item, children }]));
    }
    const chunks = chunk(parents, this.batchSize);
    const answers = (await Promise.all(chunks.map((c) => this.batched(partition, c)))).flat();
    const idField = this.spec.of.idField;
    const byParent = new Map<string, Item[]>(parents.map((p) => [String(p[idField]), []]));
    for (const child of answers) byParent.get(String(batch.parentOf(child)))?.push(child);
    return parents.map((parent) => ({ parent, children: byParent.get(String(parent[idField])) ?? [] }));
  }

  private async single(partition: Partition, parent: Item): Promise<Item[] | undefined> {
    try {
      return await this.call(partition, [parent]);
    } catch (error) {
      if (error instanceof CodingNotFoundError) return undefined;
      throw error;
    }
  }

  private async batched(partition: Partition, parents: readonly Item[]): Promise<Item[]> {
    try {
      return await this.call(partition, parents);
    } catch (error) {
      if (parents.length <= 1) {
        if (error instanceof CodingNotFoundError) return [];
        throw error;
      }
      if (error instanceof CodingNotFoundError) {
        // One of them is gone: find it by halves, keep the others.
        const half = Math.ceil(parents.length / 2);
        return [...(await this.batched(partition, parents.slice(0, half))), ...(await this.batched(partition, parents.slice(half)))];
      }
      if (error instanceof CodingApiError && !(error instanceof CodingNotFoundError) && TOO_MANY.test(error.code)) {
        const smaller = Math.max(1, Math.floor(parents.length / 2));
        if (smaller < this.batchSize) {
          this.batchSize = smaller;
          await this.ctx.log('INFO', `${this.stream.name}: Coding refused ${this.spec.action} for ${parents.length} issues at once (${error.code}); asking for ${smaller} at a time from now on.`);
        }
        const parts = chunk(parents, Math.min(this.batchSize, smaller));
        return (await Promise.all(parts.map((part) => this.batched(partition, part)))).flat();
      }
      throw error;
    }
  }

  private async call(partition: Partition, parents: readonly Item[]): Promise<Item[]> {
    const page = await fetchPage(this.ctx.client, this.spec.action, this.spec.params(partition, parents), this.spec.shape, 1, 0);
    return page.items;
  }
}

/**
 * The records of a family: each child with the fields it takes from its parent (Coding's own fields
 * win), checked to be keyable.
 */
export function childItems(stream: Stream, family: Family, keep: (child: Item) => boolean = () => true): Item[] {
  const spec = stream.children;
  if (!spec) return [];
  return family.children.filter(keep).map((child) => {
    const item = { ...spec.fromParent(family.parent, child), ...child };
    checkKey(stream, item);
    return item;
  });
}

/** The child's own change time, if it has one. */
export function changeTimeOf(spec: ChildrenSpec<Item>, child: Item): number | undefined {
  for (const field of spec.changedAt ?? []) {
    const value = child[field];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
