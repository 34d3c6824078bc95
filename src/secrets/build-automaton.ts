/**
 * An Aho-Corasick automaton over bytes for the redactor. States are trie nodes; a byte moves along a
 * trie edge or, failing that, along failure links (each state's longest proper suffix that is also a
 * trie prefix), so one pass finds every occurrence of every pattern in time linear in the text.
 *
 * Layout, chosen for a fast scan with memory linear in the patterns:
 * - states at depth <= DENSE_DEPTH (the root and its near children, where a scan of ordinary text
 *   spends almost all its time) get a full 256-entry row of next states with failures folded in;
 * - deeper states keep only their own edges (usually one) in CSR arrays, plus their failure link.
 *
 * Patterns longer than ANCHOR_BYTES are entered by their first ANCHOR_BYTES bytes only (the anchor):
 * when an anchor is seen, the whole pattern's length is masked from there. That bounds the automaton
 * and the bytes a stream holds back by ANCHOR_BYTES per pattern whatever the values' size, at the cost
 * of masking the full length after a long value's first 256 bytes even if the rest differs.
 */
export const ANCHOR_BYTES = 256;
const DENSE_DEPTH = 2;

export interface Automaton {
  /** States 0 .. denseStates-1 (breadth-first order: the shallow ones) have a dense row each. */
  denseStates: number;
  /** Dense rows: state * 256 + byte -> next state, failures folded in. */
  dense: Int32Array;
  /** CSR edges of every state: edges of s are edgeStart[s] .. edgeStart[s+1]-1. */
  edgeStart: Int32Array;
  edgeByte: Uint8Array;
  edgeTo: Int32Array;
  fail: Int32Array;
  depth: Int32Array;
  /** Longest anchor ending at this state, through failure links too (0: no match ends here). */
  back: Int32Array;
  /** How many bytes past this state's end the longest match ending here masks. */
  fwd: Int32Array;
  states: number;
  /** Deepest state: the most bytes a scan can hold back undecided. */
  maxDepth: number;
}

/**
 * Trie edges while it is built: an open-addressing hash table in typed arrays keyed by
 * state * 256 + byte. Sized once from the patterns' total length, it allocates nothing per edge (a Map
 * per state, or one large Map, costs far more on hosts where fresh memory is expensive).
 */
class EdgeTable {
  readonly #keys: Float64Array;
  readonly #values: Int32Array;
  readonly #mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.#keys = new Float64Array(size).fill(-1);
    this.#values = new Int32Array(size);
    this.#mask = size - 1;
  }

  #slot(key: number): number {
    let i = Math.imul(key | 0, 0x9e3779b1) & this.#mask;
    while (this.#keys[i] !== -1 && this.#keys[i] !== key) i = (i + 1) & this.#mask;
    return i;
  }

  get(state: number, byte: number): number {
    const i = this.#slot(state * 256 + byte);
    return this.#keys[i] === -1 ? -1 : this.#values[i] as number;
  }

  set(state: number, byte: number, to: number): void {
    const key = state * 256 + byte;
    const i = this.#slot(key);
    this.#keys[i] = key;
    this.#values[i] = to;
  }
}

/** The trie: typed arrays sized for the worst case (every anchor byte a new state). */
interface Trie {
  states: number;
  edges: EdgeTable;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  byteIn: Uint8Array;
  depth: Int32Array;
  back: Int32Array;
  fwd: Int32Array;
}

function buildTrie(patterns: readonly Uint8Array[]): Trie {
  let capacity = 1;
  for (const p of patterns) capacity += Math.min(p.length, ANCHOR_BYTES);
  const t: Trie = {
    states: 1, edges: new EdgeTable(capacity), firstChild: new Int32Array(capacity).fill(-1), nextSibling: new Int32Array(capacity).fill(-1),
    byteIn: new Uint8Array(capacity), depth: new Int32Array(capacity), back: new Int32Array(capacity), fwd: new Int32Array(capacity),
  };
  for (const p of patterns) {
    const anchor = Math.min(p.length, ANCHOR_BYTES);
    let s = 0;
    for (let i = 0; i < anchor; i += 1) {
      const b = p[i] as number;
      let next = t.edges.get(s, b);
      if (next === -1) {
        next = t.states;
        t.states += 1;
        t.edges.set(s, b, next);
        t.depth[next] = i + 1;
        t.byteIn[next] = b;
        t.nextSibling[next] = t.firstChild[s] as number;
        t.firstChild[s] = next;
      }
      s = next;
    }
    t.back[s] = anchor;
    t.fwd[s] = Math.max(t.fwd[s] as number, p.length - anchor);
  }
  return t;
}

/** States in breadth-first order with their failure links; outputs are merged along the links. */
function linkFailures(t: Trie): { order: Int32Array; fail: Int32Array } {
  const fail = new Int32Array(t.states);
  const order = new Int32Array(t.states);
  let tail = 1;
  for (let q = 0; q < tail; q += 1) {
    const u = order[q] as number;
    for (let v = t.firstChild[u] as number; v !== -1; v = t.nextSibling[v] as number) {
      const b = t.byteIn[v] as number;
      let target = 0;
      if (u !== 0) {
        let f = fail[u] as number;
        while (f !== 0 && t.edges.get(f, b) === -1) f = fail[f] as number;
        target = Math.max(0, t.edges.get(f, b));
      }
      fail[v] = target;
      // Every match ending at fail[v] also ends at v; both intervals contain the current byte.
      t.back[v] = Math.max(t.back[v] as number, t.back[target] as number);
      t.fwd[v] = Math.max(t.fwd[v] as number, t.fwd[target] as number);
      order[tail] = v;
      tail += 1;
    }
  }
  return { order, fail };
}

/**
 * The automaton of `patterns` (non-empty byte strings). States are renumbered in breadth-first order, so
 * the shallow states with dense rows are exactly 0 .. denseStates-1 and the scan tests one comparison.
 */
export function buildAutomaton(patterns: readonly Uint8Array[]): Automaton {
  const trie = buildTrie(patterns);
  const { order, fail: trieFail } = linkFailures(trie);
  const states = trie.states;
  const id = new Int32Array(states);
  for (let i = 0; i < states; i += 1) id[order[i] as number] = i;
  let denseStates = 0;
  while (denseStates < states && (trie.depth[order[denseStates] as number] as number) <= DENSE_DEPTH) denseStates += 1;
  const fail = new Int32Array(states);
  const depth = new Int32Array(states);
  const back = new Int32Array(states);
  const fwd = new Int32Array(states);
  const edgeStart = new Int32Array(states + 1);
  const edgeByte = new Uint8Array(states);
  const edgeTo = new Int32Array(states);
  let edges = 0;
  let maxDepth = 0;
  for (let i = 0; i < states; i += 1) {
    const s = order[i] as number;
    fail[i] = id[trieFail[s] as number] as number;
    depth[i] = trie.depth[s] as number;
    maxDepth = Math.max(maxDepth, depth[i] as number);
    back[i] = trie.back[s] as number;
    fwd[i] = trie.fwd[s] as number;
    edgeStart[i] = edges;
    for (let v = trie.firstChild[s] as number; v !== -1; v = trie.nextSibling[v] as number) {
      edgeByte[edges] = trie.byteIn[v] as number;
      edgeTo[edges] = id[v] as number;
      edges += 1;
    }
  }
  edgeStart[states] = edges;
  const dense = new Int32Array(denseStates * 256);
  // The root's row first: every other row starts as a copy of its failure state's row.
  for (let e = edgeStart[0] as number; e < (edgeStart[1] as number); e += 1) dense[edgeByte[e] as number] = edgeTo[e] as number;
  for (let s = 1; s < denseStates; s += 1) {
    // fail[s] is shallower than s, so its row is complete already (breadth-first order).
    dense.copyWithin(s * 256, (fail[s] as number) * 256, (fail[s] as number) * 256 + 256);
    for (let e = edgeStart[s] as number; e < (edgeStart[s + 1] as number); e += 1) dense[s * 256 + (edgeByte[e] as number)] = edgeTo[e] as number;
  }
  return { denseStates, dense, edgeStart, edgeByte, edgeTo, fail, depth, back, fwd, states, maxDepth };
}
