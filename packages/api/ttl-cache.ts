// A small cache bounded by age and by size for credentials and tenant status, so a warm Lambda does not read
// them from DynamoDB on every request. Entries live `ttlMs`; writes through this process replace or delete them at
// once. Keys come from callers (anonymous ones too), so when full it forgets the least recently used entry: a
// stream of new keys can neither grow it nor flush the entries in use.
import { LruMap } from "#core/kernel/lru-map";

export class TtlCache<V> {
  readonly #entries: LruMap<string, { value: V; expires: number }>;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs: number, now: () => number, maxEntries = 10_000) {
    this.#ttlMs = ttlMs;
    this.#now = now;
    this.#entries = new LruMap(maxEntries);
  }

  get size(): number {
    return this.#entries.size;
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit && hit.expires > this.#now()) return hit.value;
    if (hit) this.#entries.delete(key);
    const value = await load();
    this.set(key, value);
    return value;
  }

  /** Stores what this process just wrote, so its next read sees it. */
  set(key: string, value: V): void {
    if (this.#ttlMs > 0) this.#entries.set(key, { value, expires: this.#now() + this.#ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry whose key starts with `prefix`. */
  deletePrefix(prefix: string): void {
    this.#entries.deleteWhere((_, key) => key.startsWith(prefix));
  }
}
