/**
 * Binary min-heap of (key, node) pairs on typed arrays, for the road searches (Dijkstra on the
 * road graph and on the turn graph, the contraction hierarchy's upward searches). Lazy deletion:
 * a node may be pushed several times and callers skip stale entries when they pop. Keys are
 * compared with `<=`/`<` only, so ties keep insertion order deterministic for a given push order.
 */
export class MinHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  /** Entries in the heap. */
  size = 0;

  /** @param capacity initial room; the heap doubles when full. */
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.nodes = new Int32Array(this.keys.length);
  }

  /** Empties the heap (keeps its storage). */
  clear(): void {
    this.size = 0;
  }

  /** Key of the smallest entry; only meaningful when `size > 0`. */
  topKey(): number {
    return this.keys[0] as number;
  }

  /** Node of the smallest entry; only meaningful when `size > 0`. */
  topNode(): number {
    return this.nodes[0] as number;
  }

  /** Adds `node` with `key`. */
  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.keys.length * 2);
      k.set(this.keys);
      const n = new Int32Array(k.length);
      n.set(this.nodes);
      this.keys = k;
      this.nodes = n;
    }
    const hk = this.keys;
    const hn = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = hk[p] as number;
      if (pk <= key) break;
      hk[i] = pk;
      hn[i] = hn[p] as number;
      i = p;
    }
    hk[i] = key;
    hn[i] = node;
  }

  /** Removes the smallest entry (read it first with {@link topKey} / {@link topNode}). */
  pop(): void {
    const hk = this.keys;
    const hn = this.nodes;
    const size = --this.size;
    if (size === 0) return;
    const key = hk[size] as number;
    const node = hn[size] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      const r = c + 1;
      if (r < size && (hk[r] as number) < (hk[c] as number)) c = r;
      const ck = hk[c] as number;
      if (ck >= key) break;
      hk[i] = ck;
      hn[i] = hn[c] as number;
      i = c;
    }
    hk[i] = key;
    hn[i] = node;
  }
}
