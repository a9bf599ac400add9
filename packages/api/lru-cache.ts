// A least-recently-used cache bounded both in entries and in total weight (bytes), for values that are costly to
// make and cheap to keep, such as rendered QR images: a warm process serves them again, and however many distinct
// keys callers ask for, it never holds more than its bounds.
export interface LruCacheOptions<V> {
  readonly maxEntries: number;
  /** The most the values may weigh together, in the unit `weigh` counts (bytes for images). */
  readonly maxWeight: number;
  readonly weigh: (value: V) => number;
}

export class LruCache<V> {
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used first.
  readonly #entries = new Map<string, { value: V; weight: number }>();
  readonly #options: LruCacheOptions<V>;
  #weight = 0;

  constructor(options: LruCacheOptions<V>) {
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  get weight(): number {
    return this.#weight;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` as the most recently used, dropping the least recently used ones until within bounds. */
  set(key: string, value: V): void {
    this.delete(key);
    const weight = this.#options.weigh(value);
    if (weight > this.#options.maxWeight || this.#options.maxEntries < 1) return; // would push out everything else
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#options.maxEntries && this.#weight <= this.#options.maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }
}
