import type { Automaton } from './build-automaton.js';

/**
 * Streaming redaction over an Aho-Corasick automaton. Semantics, the same for any split of the input
 * into chunks: every byte covered by an occurrence of a pattern is masked, and each maximal run of
 * masked bytes (occurrences that overlap or touch merge) becomes one marker.
 *
 * Why bytes can be released early: after consuming byte pos-1 in state s, any occurrence not yet seen
 * starts at or after pos - depth(s) (its part so far is a suffix of the text that is a trie prefix).
 * So bytes before F = pos - depth(s) are final, except that an interval reaching F-1 may still be
 * extended by a future occurrence that touches it; such an interval stays open. The scanner therefore
 * holds back only the depth(s) bytes after F: at most the automaton's maxDepth (<= 256) bytes, and at
 * most (longest pattern - 1) bytes that are not already known to be masked.
 */
const EMPTY = Buffer.alloc(0);

interface Interval {
  start: number;
  end: number;
  /** Its marker has been written (its start is final). */
  marked: boolean;
}

/** One redaction pass over a byte stream (push chunks, then end); output goes to a sink, piece by piece. */
export class RedactScanner {
  readonly #a: Automaton;
  readonly #marker: Buffer;
  #state = 0;
  /** Bytes consumed. */
  #pos = 0;
  /** Everything before this position has been written out (or masked); carry holds [#out, #pos). */
  #out = 0;
  #carry: Buffer = EMPTY;
  /** Masked intervals not yet fully written, in order, disjoint and not touching. */
  #intervals: Interval[] = [];
  #ended = false;

  constructor(automaton: Automaton, marker: Buffer) {
    this.#a = automaton;
    this.#marker = marker;
  }

  /**
   * Consumes `chunk` and hands the output that is final so far to `sink`, in order, as pieces that may
   * be views of `chunk` (never of memory the scanner keeps: the held-back bytes are copied).
   */
  push(chunk: Uint8Array, sink: (piece: Uint8Array) => void): void {
    if (this.#ended) throw new TypeError('RedactScanner: push after end');
    const carry = this.#carry;
    this.#scan(chunk);
    const final = this.#pos - (this.#a.depth[this.#state] as number);
    this.#emit(carry, chunk, final, false, sink);
    // The held bytes [final, pos) now lie in the old carry and/or the chunk; keep a small copy of them.
    const keep = this.#pos - final;
    this.#carry = keep === 0 ? EMPTY : Buffer.from(keep <= chunk.length ? chunk.subarray(chunk.length - keep) : Buffer.concat([carry.subarray(carry.length - (keep - chunk.length)), chunk]));
  }

  /** Ends the input and hands the remaining output to `sink`. */
  end(sink: (piece: Uint8Array) => void): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#emit(this.#carry, EMPTY, this.#pos, true, sink);
    this.#carry = EMPTY;
  }

  /** Bytes held back right now (for tests of the memory bound). */
  get held(): number {
    return this.#carry.length;
  }

  #scan(chunk: Uint8Array): void {
    const { denseStates, dense, back } = this.#a;
    let s = this.#state;
    const n = chunk.length;
    for (let k = 0; k < n; k += 1) {
      const b = chunk[k] as number;
      s = s < denseStates ? dense[(s << 8) | b] as number : this.#deepStep(s, b);
      if (back[s] !== 0) {
        const i = this.#pos + k;
        this.#add(i - (back[s] as number) + 1, i + (this.#a.fwd[s] as number));
      }
    }
    this.#state = s;
    this.#pos += n;
  }

  /** The next state from a deep (sparse) state: its own edge, else the failure links down to a dense one. */
  #deepStep(state: number, b: number): number {
    const { denseStates, dense, edgeStart, edgeByte, edgeTo, fail } = this.#a;
    let s = state;
    while (s >= denseStates) {
      for (let e = edgeStart[s] as number, stop = edgeStart[s + 1] as number; e < stop; e += 1) {
        if (edgeByte[e] === b) return edgeTo[e] as number;
      }
      s = fail[s] as number;
    }
    return dense[(s << 8) | b] as number;
  }

  #add(start: number, end: number): void {
    let marked = false;
    const list = this.#intervals;
    for (let top = list[list.length - 1]; top !== undefined && top.end >= start - 1; top = list[list.length - 1]) {
      list.pop();
      start = Math.min(start, top.start);
      end = Math.max(end, top.end);
      marked ||= top.marked;
    }
    list.push({ start, end, marked });
  }

  /**
   * Writes out [#out, final) with masks applied. The bytes live in `carry` (positions #out ..) followed
   * by `chunk` (the last chunk.length positions before #pos).
   */
  #emit(carry: Uint8Array, chunk: Uint8Array, final: number, ending: boolean, sink: (piece: Uint8Array) => void): void {
    const carryStart = this.#out;
    const chunkStart = this.#pos - chunk.length;
    const raw = (from: number, to: number): void => {
      if (from < chunkStart) sink(carry.subarray(from - carryStart, Math.min(to, chunkStart) - carryStart));
      if (to > chunkStart) sink(chunk.subarray(Math.max(from, chunkStart) - chunkStart, to - chunkStart));
    };
    let out = this.#out;
    const list = this.#intervals;
    while (list.length > 0 && (list[0] as Interval).start < final) {
      const iv = list[0] as Interval;
      if (out < iv.start) raw(out, iv.start);
      if (!iv.marked) {
        sink(this.#marker);
        iv.marked = true;
      }
      out = Math.max(out, Math.min(iv.end + 1, final));
      // Still open when a future occurrence (starting at `final` or later) could touch it.
      if (!ending && iv.end >= final - 1) break;
      list.shift();
    }
    if (out < final) {
      raw(out, final);
      out = final;
    }
    this.#out = out;
  }
}
