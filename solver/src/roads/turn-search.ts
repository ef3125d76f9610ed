import type { TurnGraph } from './turn-graph.js';

/**
 * Plain Dijkstra over a {@link TurnGraph} (the reference the contraction hierarchy must match):
 * typed arrays sized once, O(1) reset by generation stamp, lazy binary heap on packed keys
 * (duration then distance, see `KEY_SCALE`); ties between equal keys go to the node settled
 * first, so results are deterministic. Internal to the road layer.
 */
export class TurnSearch {
  readonly graph: TurnGraph;
  /** Packed key of the whole edge driven; valid when `stamp[e] === gen`. */
  readonly key: Float64Array;
  /** Search node before `e` on the chosen path, -1 for a seed. */
  readonly parent: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly settled: Uint32Array;
  private readonly target: Uint32Array;
  private gen = 0;
  private heapKey: Float64Array;
  private heapNode: Int32Array;
  private heapSize = 0;
  private targetsLeft = 0;

  constructor(graph: TurnGraph) {
    this.graph = graph;
    const n = graph.nodeCount;
    this.key = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.settled = new Uint32Array(n);
    this.target = new Uint32Array(n);
    this.heapKey = new Float64Array(Math.max(16, graph.arcTo.length + 16));
    this.heapNode = new Int32Array(this.heapKey.length);
  }

  /** Starts a new search. */
  reset(): void {
    this.gen++;
    this.heapSize = 0;
    this.targetsLeft = 0;
  }

  /** Key of search node `e`, Infinity when not reached. */
  get(e: number): number {
    return this.stamp[e] === this.gen ? (this.key[e] as number) : Infinity;
  }

  /** A node the search must settle before it may stop early. */
  addTarget(e: number): void {
    if (this.target[e] !== this.gen) {
      this.target[e] = this.gen;
      if (this.settled[e] !== this.gen) this.targetsLeft++;
    }
  }

  /** Offers label `key` to node `e` (kept when smaller). */
  seed(e: number, key: number, parent = -1): void {
    if (this.stamp[e] === this.gen && (this.key[e] as number) <= key) return;
    this.stamp[e] = this.gen;
    this.key[e] = key;
    this.parent[e] = parent;
    this.push(key, e);
  }

  /** Runs until the heap is empty or, when targets were added, all targets are settled. */
  run(): void {
    const { arcStart, arcTo, arcWeight } = this.graph;
    const useTargets = this.targetsLeft > 0;
    while (this.heapSize > 0) {
      const k = this.heapKey[0] as number;
      const u = this.heapNode[0] as number;
      this.pop();
      if (this.settled[u] === this.gen || k > (this.key[u] as number)) continue;
      this.settled[u] = this.gen;
      if (useTargets && this.target[u] === this.gen && --this.targetsLeft === 0) return;
      const end = arcStart[u + 1] as number;
      for (let a = arcStart[u] as number; a < end; a++) {
        const v = arcTo[a] as number;
        const kv = k + (arcWeight[a] as number);
        if (this.stamp[v] !== this.gen || kv < (this.key[v] as number)) {
          this.stamp[v] = this.gen;
          this.key[v] = kv;
          this.parent[v] = u;
          this.push(kv, v);
        }
      }
    }
  }

  private push(key: number, node: number): void {
    if (this.heapSize === this.heapKey.length) {
      const k = new Float64Array(this.heapKey.length * 2);
      k.set(this.heapKey);
      const nn = new Int32Array(k.length);
      nn.set(this.heapNode);
      this.heapKey = k;
      this.heapNode = nn;
    }
    const hk = this.heapKey;
    const hn = this.heapNode;
    let i = this.heapSize++;
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

  private pop(): void {
    const hk = this.heapKey;
    const hn = this.heapNode;
    const size = --this.heapSize;
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
