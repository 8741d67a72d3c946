/**
 * A memo of a pure, repeated computation with a fixed number of entries: when full, the entry remembered first
 * is forgotten (a hit does not refresh it; the memos this serves see a handful of hot keys, and a first-in
 * bound needs no bookkeeping on the hot path). Keys longer than `maxKeyLength` are not remembered at all, so a
 * caller cannot fill memory with long keys: the bound is entries × key length.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    readonly maxEntries: number,
    private readonly maxKeyLength = 512,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new Error(`BoundedMemo needs at least one entry, not ${maxEntries}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Remembers `value` under `key` (unless the key is too long), forgetting the oldest entry when full. */
  set(key: string, value: V): void {
    if (key.length > this.maxKeyLength) return;
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
