/**
 * The bytes of request bodies the receiver holds at once. A body is paid for before it is read (the
 * signature covers the whole body, so it must be buffered before anything is known about it): a
 * flood of bodies that will never be valid can then fill this budget, not the process's memory.
 */
export class BodyBudget {
  readonly maxBytes: number;
  #reservedBytes = 0;
  #bodies = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Reserves `bytes`; returns how to give them back (once), or null when they do not fit now. */
  tryReserve(bytes: number): (() => void) | null {
    if (this.#reservedBytes + bytes > this.maxBytes) return null;
    this.#reservedBytes += bytes;
    this.#bodies += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#reservedBytes -= bytes;
      this.#bodies -= 1;
    };
  }

  get reservedBytes(): number {
    return this.#reservedBytes;
  }

  get bodies(): number {
    return this.#bodies;
  }
}
