import { MinHeap } from './min-heap.js';
import type { RoadNetwork } from './road-network.js';

/**
 * Reusable Dijkstra state over a {@link RoadNetwork}: typed arrays sized once, reset in O(1)
 * between runs with a generation stamp, and a lazy binary min-heap keyed on duration.
 * Optimises duration (seconds); records the distance (metres) of the chosen path and the
 * edge used to reach each node. Internal to the road layer.
 */
export class DijkstraWorkspace {
  readonly net: RoadNetwork;
  /** Seconds from the seeds; valid only when `stamp[n] === gen`. */
  readonly durSec: Float64Array;
  /** Metres along the chosen path. */
  readonly distM: Float64Array;
  /** Edge entering the node on the chosen path, -1 for a seed. */
  readonly parentEdge: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly settled: Uint32Array;
  private readonly target: Uint32Array;
  private gen = 0;
  private readonly heap: MinHeap;
  private targetsLeft = 0;

  /** @param net graph to search */
  constructor(net: RoadNetwork) {
    this.net = net;
    const n = net.nodeCount;
    this.durSec = new Float64Array(n);
    this.distM = new Float64Array(n);
    this.parentEdge = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.settled = new Uint32Array(n);
    this.target = new Uint32Array(n);
    this.heap = new MinHeap(net.edgeCount + 16);
  }

  /** Starts a new search (forgets all labels). */
  reset(): void {
    this.gen++;
    this.heap.clear();
    this.targetsLeft = 0;
  }

  /** Seconds to node `n` in the current search, Infinity when not reached. */
  dur(n: number): number {
    return this.stamp[n] === this.gen ? (this.durSec[n] as number) : Infinity;
  }

  /** Marks a node the search must settle before `run` may stop early. */
  addTarget(n: number): void {
    if (this.target[n] !== this.gen) {
      this.target[n] = this.gen;
      if (this.settled[n] !== this.gen) this.targetsLeft++;
    }
  }

  /** Offers a label to node `n` (kept when faster than the current one). */
  seed(n: number, durSec: number, distM: number, parentEdge = -1): void {
    if (this.stamp[n] === this.gen && (this.durSec[n] as number) <= durSec) return;
    this.stamp[n] = this.gen;
    this.durSec[n] = durSec;
    this.distM[n] = distM;
    this.parentEdge[n] = parentEdge;
    this.heap.push(durSec, n);
  }

  /**
   * Runs until the heap is empty, or (when targets were added) all targets are settled.
   */
  run(): void {
    const { outStart, outEdges, edgeTo, edgeDurationSec, edgeLengthM } = this.net;
    const useTargets = this.targetsLeft > 0;
    while (this.heap.size > 0) {
      const key = this.heap.topKey();
      const u = this.heap.topNode();
      this.heap.pop();
      if (this.settled[u] === this.gen || key > (this.durSec[u] as number)) continue;
      this.settled[u] = this.gen;
      if (useTargets && this.target[u] === this.gen && --this.targetsLeft === 0) return;
      const du = this.durSec[u] as number;
      const mu = this.distM[u] as number;
      const end = outStart[u + 1] as number;
      for (let k = outStart[u] as number; k < end; k++) {
        const e = outEdges[k] as number;
        const v = edgeTo[e] as number;
        const dv = du + (edgeDurationSec[e] as number);
        if (this.stamp[v] !== this.gen || dv < (this.durSec[v] as number)) {
          this.stamp[v] = this.gen;
          this.durSec[v] = dv;
          this.distM[v] = mu + (edgeLengthM[e] as number);
          this.parentEdge[v] = e;
          this.heap.push(dv, v);
        }
      }
    }
  }
}
