import { MinHeap } from './min-heap.js';
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
  private readonly heap: MinHeap;
  private targetsLeft = 0;

  constructor(graph: TurnGraph) {
    this.graph = graph;
    const n = graph.nodeCount;
    this.key = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.settled = new Uint32Array(n);
    this.target = new Uint32Array(n);
    this.heap = new MinHeap(graph.arcTo.length + 16);
  }

  /** Starts a new search. */
  reset(): void {
    this.gen++;
    this.heap.clear();
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
    this.heap.push(key, e);
  }

  /** Runs until the heap is empty or, when targets were added, all targets are settled. */
  run(): void {
    const { arcStart, arcTo, arcWeight } = this.graph;
    const useTargets = this.targetsLeft > 0;
    while (this.heap.size > 0) {
      const k = this.heap.topKey();
      const u = this.heap.topNode();
      this.heap.pop();
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
          this.heap.push(kv, v);
        }
      }
    }
  }
}
