// A map that keeps at most `maxEntries` entries and forgets the least recently used one first. Every in-process
// cache whose keys come from callers (tenant ids, key ids, subjects) uses it, so no stream of distinct keys —
// anonymous ones included — can grow memory without end, and a flood of new keys cannot flush the hot ones.
export class LruMap<K, V> {
  // A Map iterates in insertion order: re-inserting on every use keeps the least recently used entry first.
  readonly #entries = new Map<K, V>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer: ${maxEntries}`);
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value, marking the entry as just used. */
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** The value, without marking the entry as used. */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Stores the value as the most recently used entry, forgetting the least recently used ones beyond the bound. */
  set(key: K, value: V): this {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  /** Drops every entry the predicate holds for (e.g. expired ones). */
  deleteWhere(predicate: (value: V, key: K) => boolean): void {
    for (const [key, value] of this.#entries) if (predicate(value, key)) this.#entries.delete(key);
  }

  /** Keys, least recently used first. */
  keys(): IterableIterator<K> {
    return this.#entries.keys();
  }
}
