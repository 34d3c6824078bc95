/**
 * A deliberately naive redactor for property tests: for every position and every pattern, compare the
 * bytes; mask [i, i + pattern length) when the pattern's first 256 bytes (its anchor) match there; every
 * maximal run of masked bytes becomes one marker. Quadratic, obviously right, independent of the
 * automaton.
 */
import { redactionPatterns } from '../../src/secrets/index.js';

export const ANCHOR = 256;

export function patternsOf(values: readonly string[], minLength = 4): Buffer[] {
  const set = new Set<string>();
  for (const v of values) for (const p of redactionPatterns(v, minLength)) set.add(p);
  return [...set].map((p) => Buffer.from(p, 'utf8'));
}

export function naiveRedact(text: Uint8Array, patterns: readonly Buffer[], marker = '[redacted]'): Buffer {
  const masked = new Uint8Array(text.length);
  const t = Buffer.from(text);
  for (let i = 0; i < t.length; i += 1) {
    for (const p of patterns) {
      const anchor = p.subarray(0, Math.min(p.length, ANCHOR));
      if (i + anchor.length <= t.length && t.subarray(i, i + anchor.length).equals(anchor)) {
        masked.fill(1, i, Math.min(t.length, i + p.length));
      }
    }
  }
  const out: Buffer[] = [];
  for (let i = 0; i < t.length;) {
    if (masked[i] === 1) {
      out.push(Buffer.from(marker));
      while (i < t.length && masked[i] === 1) i += 1;
    } else {
      const start = i;
      while (i < t.length && masked[i] !== 1) i += 1;
      out.push(t.subarray(start, i));
    }
  }
  return Buffer.concat(out);
}

/** mulberry32: a small seeded PRNG so that a failing case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random string of `length` characters from `alphabet`. */
export function randomString(rand: () => number, alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i += 1) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

/** `bytes` cut at random places into chunks (some empty, some of one byte). */
export function randomSplit(rand: () => number, bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const r = rand();
    const size = r < 0.1 ? 0 : r < 0.4 ? 1 : Math.floor(rand() * 40);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
