/**
 * Reads several sources side by side and yields their values as they come: at most `limit` sources
 * are open at once, each has at most one value fetched ahead, and the values of one source keep their
 * order. Partitions of a stream are read this way, so that Coding's latency, not the connector, sets
 * the pace while the client's limiter keeps the request rate. The first failure stops every source and
 * is thrown.
 */
export async function* merge<T>(sources: AsyncIterable<AsyncIterable<T>>, limit: number): AsyncGenerator<T> {
  interface Slot {
    iterator: AsyncIterator<T>;
    pending: Promise<{ slot: Slot; result: IteratorResult<T> }>;
  }
  const outer = sources[Symbol.asyncIterator]();
  const active = new Set<Slot>();
  let outerDone = false;

  const pull = (slot: Slot): void => {
    slot.pending = slot.iterator.next().then((result) => ({ slot, result }));
    // Marked handled here: a source may fail after the merge has stopped listening to it.
    slot.pending.catch(() => undefined);
  };
  const fill = async (): Promise<void> => {
    while (!outerDone && active.size < Math.max(1, limit)) {
      const next = await outer.next();
      if (next.done) {
        outerDone = true;
        return;
      }
      const slot = { iterator: next.value[Symbol.asyncIterator]() } as Slot;
      pull(slot);
      active.add(slot);
    }
  };

  try {
    await fill();
    while (active.size > 0) {
      const { slot, result } = await Promise.race([...active].map((s) => s.pending));
      if (result.done) {
        active.delete(slot);
        await fill();
        continue;
      }
      pull(slot);
      yield result.value;
    }
  } finally {
    const open = [...active];
    active.clear();
    await Promise.allSettled(open.map(async (slot) => {
      await slot.pending.catch(() => undefined);
      await slot.iterator.return?.();
    }));
    if (!outerDone) await outer.return?.();
  }
}

/** Lazily maps each value of a source (each partition to its reader), as the merge asks for more. */
export async function* mapAsync<A, B>(source: AsyncIterable<A>, map: (value: A) => B): AsyncGenerator<B> {
  for await (const value of source) yield map(value);
}
