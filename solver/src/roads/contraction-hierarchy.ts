import { MinHeap } from './min-heap.js';
import { RoadDataError } from './road-data-error.js';
import type { TurnGraph } from './turn-graph.js';

/**
 * Contraction hierarchy of a {@link TurnGraph} (edge-based, so turn restrictions and U-turn
 * rules hold), stored for PHAST one-to-all queries.
 *
 * Search nodes are renumbered by rank, highest first: `idOf[node]` is the position of a turn
 * graph node, `nodeOf[id]` the reverse. Upward arcs (`up*`, CSR by id) lead to lower ids
 * (higher ranks); downward arcs are stored by their head (`down*`, CSR by head id, tails have
 * lower ids), so a sweep over ids 0..n-1 relaxes them in topological order.
 */
export interface ContractionHierarchy {
  readonly nodeCount: number;
  /** {@link TurnGraph.fingerprint} of the graph this hierarchy was built from. */
  readonly fingerprint: number;
  readonly idOf: Int32Array;
  readonly nodeOf: Int32Array;
  readonly upStart: Int32Array;
  readonly upTo: Int32Array;
  /** Packed keys (see `KEY_SCALE`). */
  readonly upWeight: Float64Array;
  readonly downStart: Int32Array;
  readonly downFrom: Int32Array;
  readonly downWeight: Float64Array;
  /** Shortcuts added during contraction. */
  readonly shortcuts: number;
}

/** Witness searches stop after settling this many nodes (a shortcut is then added, which is always safe). */
const WITNESS_SETTLE_LIMIT = 400;

/** Small lazy binary heap of (key, node) for the preprocessing. */
class Heap {
  keys: number[] = [];
  nodes: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  clear(): void {
    this.keys.length = 0;
    this.nodes.length = 0;
  }
  push(key: number, node: number): void {
    const k = this.keys;
    const n = this.nodes;
    let i = k.length;
    k.push(key);
    n.push(node);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = k[p] as number;
      if (pk < key || (pk === key && (n[p] as number) <= node)) break;
      k[i] = pk;
      n[i] = n[p] as number;
      i = p;
    }
    k[i] = key;
    n[i] = node;
  }
  /** Removes the top; returns its node (key in `lastKey`). */
  lastKey = 0;
  pop(): number {
    const k = this.keys;
    const n = this.nodes;
    const topNode = n[0] as number;
    this.lastKey = k[0] as number;
    const key = k.pop() as number;
    const node = n.pop() as number;
    const size = k.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        const r = c + 1;
        if (r < size && ((k[r] as number) < (k[c] as number) || (k[r] === k[c] && (n[r] as number) < (n[c] as number)))) c = r;
        const ck = k[c] as number;
        if (ck > key || (ck === key && (n[c] as number) > node)) break;
        k[i] = ck;
        n[i] = n[c] as number;
        i = c;
      }
      k[i] = key;
      n[i] = node;
    }
    return topNode;
  }
}

/**
 * Builds a contraction hierarchy (Geisberger et al. 2008, "Contraction Hierarchies: Faster and
 * Simpler Hierarchical Routing in Road Networks"): nodes ordered by edge difference plus
 * deleted neighbours with lazy updates, witness searches bounded by the shortcut's cost and a
 * settle limit. Deterministic: ties are broken by node index.
 *
 * Exactness: a shortcut is skipped only when a witness path of cost ≤ the shortcut's is found,
 * so every query gives exactly the plain Dijkstra keys.
 */
export function buildContractionHierarchy(graph: TurnGraph): ContractionHierarchy {
  const n = graph.nodeCount;
  const outTo: number[][] = [];
  const outW: number[][] = [];
  const inFrom: number[][] = [];
  const inW: number[][] = [];
  for (let v = 0; v < n; v++) {
    outTo.push([]);
    outW.push([]);
    inFrom.push([]);
    inW.push([]);
  }
  const addArc = (u: number, v: number, w: number): boolean => {
    if (u === v) return false;
    const ot = outTo[u] as number[];
    const i = ot.indexOf(v);
    if (i >= 0) {
      const ow = outW[u] as number[];
      if ((ow[i] as number) <= w) return false;
      ow[i] = w;
      const it = inFrom[v] as number[];
      (inW[v] as number[])[it.indexOf(u)] = w;
      return true;
    }
    ot.push(v);
    (outW[u] as number[]).push(w);
    (inFrom[v] as number[]).push(u);
    (inW[v] as number[]).push(w);
    return true;
  };
  for (let u = 0; u < n; u++) {
    for (let a = graph.arcStart[u] as number; a < (graph.arcStart[u + 1] as number); a++) {
      addArc(u, graph.arcTo[a] as number, graph.arcWeight[a] as number);
    }
  }

  const contracted = new Uint8Array(n);
  const deleted = new Int32Array(n);
  const dist = new Float64Array(n);
  const stamp = new Int32Array(n);
  let gen = 0;
  const heap = new Heap();

  /** Witness search from `s` avoiding `skip`, up to `maxKey`; fills `dist` for this `gen`. */
  const witness = (s: number, skip: number, maxKey: number): void => {
    gen++;
    heap.clear();
    stamp[s] = gen;
    dist[s] = 0;
    heap.push(0, s);
    let settledCount = 0;
    while (heap.size > 0) {
      const u = heap.pop();
      const k = heap.lastKey;
      if (k > (dist[u] as number)) continue;
      if (k > maxKey || ++settledCount > WITNESS_SETTLE_LIMIT) break;
      const ot = outTo[u] as number[];
      const ow = outW[u] as number[];
      for (let i = 0; i < ot.length; i++) {
        const x = ot[i] as number;
        if (x === skip || contracted[x] === 1) continue;
        const kx = k + (ow[i] as number);
        if (stamp[x] !== gen || kx < (dist[x] as number)) {
          stamp[x] = gen;
          dist[x] = kx;
          heap.push(kx, x);
        }
      }
    }
  };

  /** Shortcuts needed to contract `v` (calls `emit` for each when given). */
  const shortcutsFor = (v: number, emit?: (u: number, x: number, w: number) => void): number => {
    const it = inFrom[v] as number[];
    const iw = inW[v] as number[];
    const ot = outTo[v] as number[];
    const ow = outW[v] as number[];
    let maxOut = 0;
    for (const w of ow) if (w > maxOut) maxOut = w;
    let count = 0;
    for (let i = 0; i < it.length; i++) {
      const u = it[i] as number;
      const wu = iw[i] as number;
      witness(u, v, wu + maxOut);
      for (let j = 0; j < ot.length; j++) {
        const x = ot[j] as number;
        if (x === u) continue;
        const w = wu + (ow[j] as number);
        if (stamp[x] === gen && (dist[x] as number) <= w) continue;
        count++;
        emit?.(u, x, w);
      }
    }
    return count;
  };

  const priority = (v: number): number =>
    2 * (shortcutsFor(v) - (inFrom[v] as number[]).length - (outTo[v] as number[]).length) + (deleted[v] as number);

  // Node queue: priorities are recomputed lazily on pop.
  const queue = new Heap();
  for (let v = 0; v < n; v++) queue.push(priority(v), v);

  const rank = new Int32Array(n);
  const upLists: { to: number; w: number }[][] = [];
  const downLists: { from: number; w: number }[][] = [];
  for (let v = 0; v < n; v++) {
    upLists.push([]);
    downLists.push([]);
  }
  let shortcuts = 0;
  let nextRank = 0;
  while (queue.size > 0) {
    const v = queue.pop();
    if (contracted[v] === 1) continue;
    const p = priority(v);
    if (queue.size > 0 && p > (queue.keys[0] as number)) {
      queue.push(p, v);
      continue;
    }
    const added: [number, number, number][] = [];
    shortcutsFor(v, (u, x, w) => added.push([u, x, w]));
    for (const [u, x, w] of added) if (addArc(u, x, w)) shortcuts++;
    rank[v] = nextRank++;
    contracted[v] = 1;
    const it = inFrom[v] as number[];
    const iw = inW[v] as number[];
    const ot = outTo[v] as number[];
    const ow = outW[v] as number[];
    const neighbours = new Set<number>();
    for (let i = 0; i < it.length; i++) {
      const u = it[i] as number;
      (downLists[v] as { from: number; w: number }[]).push({ from: u, w: iw[i] as number });
      const k = (outTo[u] as number[]).indexOf(v);
      (outTo[u] as number[]).splice(k, 1);
      (outW[u] as number[]).splice(k, 1);
      neighbours.add(u);
    }
    for (let j = 0; j < ot.length; j++) {
      const x = ot[j] as number;
      (upLists[v] as { to: number; w: number }[]).push({ to: x, w: ow[j] as number });
      const k = (inFrom[x] as number[]).indexOf(v);
      (inFrom[x] as number[]).splice(k, 1);
      (inW[x] as number[]).splice(k, 1);
      neighbours.add(x);
    }
    for (const u of neighbours) deleted[u] = (deleted[u] as number) + 1;
  }

  const idOf = new Int32Array(n);
  const nodeOf = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const id = n - 1 - (rank[v] as number);
    idOf[v] = id;
    nodeOf[id] = v;
  }
  const upStart = new Int32Array(n + 1);
  const downStart = new Int32Array(n + 1);
  const upTo: number[] = [];
  const upW: number[] = [];
  const downFrom: number[] = [];
  const downW: number[] = [];
  for (let id = 0; id < n; id++) {
    const v = nodeOf[id] as number;
    upStart[id] = upTo.length;
    for (const a of upLists[v] as { to: number; w: number }[]) {
      upTo.push(idOf[a.to] as number);
      upW.push(a.w);
    }
    downStart[id] = downFrom.length;
    const downs = (downLists[v] as { from: number; w: number }[]).map((a) => ({ from: idOf[a.from] as number, w: a.w }));
    downs.sort((a, b) => a.from - b.from);
    for (const a of downs) {
      downFrom.push(a.from);
      downW.push(a.w);
    }
  }
  upStart[n] = upTo.length;
  downStart[n] = downFrom.length;
  return {
    nodeCount: n,
    fingerprint: graph.fingerprint,
    idOf,
    nodeOf,
    upStart,
    upTo: Int32Array.from(upTo),
    upWeight: Float64Array.from(upW),
    downStart,
    downFrom: Int32Array.from(downFrom),
    downWeight: Float64Array.from(downW),
    shortcuts,
  };
}

/**
 * Reusable one-to-all query state (PHAST, Delling et al. 2011, "PHAST: Hardware-Accelerated
 * Shortest Path Trees"): an upward Dijkstra from the seeds, then one linear sweep over the
 * downward arcs in rank order. Labels are indexed by hierarchy id (`ch.idOf[node]`).
 */
export class ChQuery {
  readonly ch: ContractionHierarchy;
  /** Packed key per hierarchy id after {@link run}; Infinity when unreachable. */
  readonly dist: Float64Array;
  /** Ids reached by the last upward search (`visited[0 .. visitedCount - 1]`). */
  readonly visited: Int32Array;
  visitedCount = 0;
  private readonly heap: MinHeap;

  constructor(ch: ContractionHierarchy) {
    this.ch = ch;
    this.dist = new Float64Array(ch.nodeCount).fill(Infinity);
    this.visited = new Int32Array(ch.nodeCount);
    this.heap = new MinHeap(ch.upTo.length + 16);
  }

  /** Clears every label. */
  reset(): void {
    if (this.visitedCount < this.ch.nodeCount >> 3) {
      for (let i = 0; i < this.visitedCount; i++) this.dist[this.visited[i] as number] = Infinity;
    } else this.dist.fill(Infinity);
    this.visitedCount = 0;
    this.heap.clear();
  }

  /** Offers label `key` to turn-graph node `node`. */
  seed(node: number, key: number): void {
    const id = this.ch.idOf[node] as number;
    if (key < (this.dist[id] as number)) {
      if (this.dist[id] === Infinity) this.visited[this.visitedCount++] = id;
      this.dist[id] = key;
      this.heap.push(key, id);
    }
  }

  /** Computes the keys from the seeds to every node. */
  run(): void {
    this.runUpward();
    this.visitedCount = this.ch.nodeCount;
    const { downStart, downFrom, downWeight, nodeCount } = this.ch;
    const dist = this.dist;
    let a = 0;
    for (let v = 0; v < nodeCount; v++) {
      const end = downStart[v + 1] as number;
      let best = dist[v] as number;
      for (; a < end; a++) {
        const k = (dist[downFrom[a] as number] as number) + (downWeight[a] as number);
        if (k < best) best = k;
      }
      dist[v] = best;
    }
  }

  /** The upward search alone (labels of the upward search space, listed in `visited`). */
  runUpward(): void {
    const { upStart, upTo, upWeight } = this.ch;
    const dist = this.dist;
    while (this.heap.size > 0) {
      const k = this.heap.topKey();
      const u = this.heap.topNode();
      this.heap.pop();
      if (k > (dist[u] as number)) continue;
      const end = upStart[u + 1] as number;
      for (let a = upStart[u] as number; a < end; a++) {
        const x = upTo[a] as number;
        const kx = k + (upWeight[a] as number);
        if (kx < (dist[x] as number)) {
          if (dist[x] === Infinity) this.visited[this.visitedCount++] = x;
          dist[x] = kx;
          this.heap.push(kx, x);
        }
      }
    }
  }

  /** Key of turn-graph node `node` after {@link run}. */
  get(node: number): number {
    return this.dist[this.ch.idOf[node] as number] as number;
  }
}

const MAGIC = 0x31484352; // "RCH1" little-endian
const HEADER_WORDS = 8;

/**
 * Binary form of a hierarchy (little-endian): a 32-byte header (magic `RCH1`, format version,
 * node count, fingerprint, up arc count, down arc count, shortcuts, 0) then `idOf`, `upStart`,
 * `upTo`, `downStart`, `downFrom` (int32) and `upWeight`, `downWeight` (float64, 8-aligned).
 * Pure: bytes out, the caller stores them.
 */
export function serializeCh(ch: ContractionHierarchy): Uint8Array {
  const n = ch.nodeCount;
  const up = ch.upTo.length;
  const down = ch.downFrom.length;
  const ints = n + (n + 1) + up + (n + 1) + down;
  let bytes = 4 * (HEADER_WORDS + ints);
  bytes = Math.ceil(bytes / 8) * 8;
  const total = bytes + 8 * (up + down);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const header = [MAGIC, 1, n, ch.fingerprint | 0, up, down, ch.shortcuts, 0];
  let pos = 0;
  for (const h of header) {
    view.setInt32(pos, h, true);
    pos += 4;
  }
  for (const arr of [ch.idOf, ch.upStart, ch.upTo, ch.downStart, ch.downFrom]) {
    for (let i = 0; i < arr.length; i++) {
      view.setInt32(pos, arr[i] as number, true);
      pos += 4;
    }
  }
  pos = bytes;
  for (const arr of [ch.upWeight, ch.downWeight]) {
    for (let i = 0; i < arr.length; i++) {
      view.setFloat64(pos, arr[i] as number, true);
      pos += 8;
    }
  }
  return out;
}

/**
 * Reads bytes written by {@link serializeCh} and checks them against the graph they must
 * belong to (node count and fingerprint) and for internal consistency.
 *
 * @param bytes cached hierarchy
 * @param graph the turn graph of the current network and profile
 * @param sourceName name for error messages (e.g. the cache file)
 * @throws RoadDataError when the bytes are truncated, corrupt or built from another graph
 */
export function deserializeCh(bytes: Uint8Array, graph: TurnGraph, sourceName = 'contraction hierarchy'): ContractionHierarchy {
  const fail = (why: string): never => {
    throw new RoadDataError(sourceName, why);
  };
  if (bytes.length < 4 * HEADER_WORDS) fail('not a contraction hierarchy (too short)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = (i: number): number => view.getInt32(4 * i, true);
  if (h(0) !== MAGIC || h(1) !== 1) fail('not a contraction hierarchy (bad magic or version)');
  const n = h(2);
  const up = h(4);
  const down = h(5);
  if (n !== graph.nodeCount || h(3) !== (graph.fingerprint | 0)) fail('built from another road graph or profile');
  if (up < 0 || down < 0) fail('corrupt header');
  const ints = n + (n + 1) + up + (n + 1) + down;
  const intBytes = Math.ceil((4 * (HEADER_WORDS + ints)) / 8) * 8;
  if (bytes.length !== intBytes + 8 * (up + down)) fail('truncated or corrupt (wrong length)');
  let pos = 4 * HEADER_WORDS;
  const readInts = (len: number, max: number): Int32Array => {
    const a = new Int32Array(len);
    for (let i = 0; i < len; i++) {
      const v = view.getInt32(pos, true);
      if (v < 0 || v > max) fail('corrupt index');
      a[i] = v;
      pos += 4;
    }
    return a;
  };
  const idOf = readInts(n, n - 1);
  const upStart = readInts(n + 1, up);
  const upTo = readInts(up, n - 1);
  const downStart = readInts(n + 1, down);
  const downFrom = readInts(down, n - 1);
  pos = intBytes;
  const readFloats = (len: number): Float64Array => {
    const a = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const v = view.getFloat64(pos, true);
      if (!(v >= 0 && Number.isFinite(v))) fail('corrupt weight');
      a[i] = v;
      pos += 8;
    }
    return a;
  };
  const upWeight = readFloats(up);
  const downWeight = readFloats(down);
  const nodeOf = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    const id = idOf[v] as number;
    if (nodeOf[id] !== -1) fail('corrupt node order');
    nodeOf[id] = v;
  }
  for (let i = 0; i < n; i++) {
    if ((upStart[i] as number) > (upStart[i + 1] as number) || (downStart[i] as number) > (downStart[i + 1] as number)) fail('corrupt arc index');
  }
  if (upStart[n] !== up || downStart[n] !== down) fail('corrupt arc index');
  for (let id = 0; id < n; id++) {
    for (let a = upStart[id] as number; a < (upStart[id + 1] as number); a++) if ((upTo[a] as number) >= id) fail('corrupt upward arc');
    for (let a = downStart[id] as number; a < (downStart[id + 1] as number); a++) if ((downFrom[a] as number) >= id) fail('corrupt downward arc');
  }
  return { nodeCount: n, fingerprint: graph.fingerprint, idOf, nodeOf, upStart, upTo, upWeight, downStart, downFrom, downWeight, shortcuts: h(6) };
}

/**
 * PHAST over eight sources at once (Delling et al. 2011, section on multiple trees): each
 * downward arc is read once per batch and relaxed for every lane, with the lane loop unrolled.
 * Labels are interleaved: `dist[id * 8 + lane]`. Upward labels live in a separate array that
 * is reset sparsely, so no full clear is needed between batches.
 */
export class ChBatchQuery {
  readonly ch: ContractionHierarchy;
  /** Always 8. */
  readonly lanes = 8;
  readonly dist: Float64Array;
  private readonly up: Float64Array;
  private readonly upSet: number[] = [];
  private readonly single: ChQuery;

  constructor(ch: ContractionHierarchy) {
    this.ch = ch;
    this.dist = new Float64Array(ch.nodeCount * 8);
    this.up = new Float64Array(ch.nodeCount * 8).fill(Infinity);
    this.single = new ChQuery(ch);
  }

  /**
   * Runs one batch: `seedLane(lane, seed)` must call `seed(node, key)` for the sources of
   * each lane `0 .. activeLanes - 1` (other lanes stay unreachable).
   */
  run(activeLanes: number, seedLane: (lane: number, seed: (node: number, key: number) => void) => void): void {
    const { nodeCount, downStart, downFrom, downWeight } = this.ch;
    const dist = this.dist;
    const up = this.up;
    const upSet = this.upSet;
    for (const i of upSet) up[i] = Infinity;
    upSet.length = 0;
    const q = this.single;
    for (let lane = 0; lane < activeLanes; lane++) {
      q.reset();
      seedLane(lane, (node, key) => q.seed(node, key));
      q.runUpward();
      const visited = q.visited;
      const src = q.dist;
      for (let i = 0; i < q.visitedCount; i++) {
        const id = visited[i] as number;
        const slot = id * 8 + lane;
        up[slot] = src[id] as number;
        upSet.push(slot);
      }
    }
    let a = 0;
    for (let v = 0; v < nodeCount; v++) {
      const end = downStart[v + 1] as number;
      const b = v * 8;
      let d0 = up[b] as number;
      let d1 = up[b + 1] as number;
      let d2 = up[b + 2] as number;
      let d3 = up[b + 3] as number;
      let d4 = up[b + 4] as number;
      let d5 = up[b + 5] as number;
      let d6 = up[b + 6] as number;
      let d7 = up[b + 7] as number;
      for (; a < end; a++) {
        const u = (downFrom[a] as number) * 8;
        const w = downWeight[a] as number;
        let c = (dist[u] as number) + w;
        if (c < d0) d0 = c;
        c = (dist[u + 1] as number) + w;
        if (c < d1) d1 = c;
        c = (dist[u + 2] as number) + w;
        if (c < d2) d2 = c;
        c = (dist[u + 3] as number) + w;
        if (c < d3) d3 = c;
        c = (dist[u + 4] as number) + w;
        if (c < d4) d4 = c;
        c = (dist[u + 5] as number) + w;
        if (c < d5) d5 = c;
        c = (dist[u + 6] as number) + w;
        if (c < d6) d6 = c;
        c = (dist[u + 7] as number) + w;
        if (c < d7) d7 = c;
      }
      dist[b] = d0;
      dist[b + 1] = d1;
      dist[b + 2] = d2;
      dist[b + 3] = d3;
      dist[b + 4] = d4;
      dist[b + 5] = d5;
      dist[b + 6] = d6;
      dist[b + 7] = d7;
    }
  }
}
