/**
 * Character classes for the safe regex engine, as flat [lo, hi, lo, hi, ...] code point ranges.
 * Definitions follow Go's regexp/syntax (Perl classes are ASCII-only there, as here).
 */
export type CodeRanges = number[];

const DIGIT: CodeRanges = [48, 57];
const WORD: CodeRanges = [48, 57, 65, 90, 95, 95, 97, 122];
const SPACE: CodeRanges = [9, 10, 12, 13, 32, 32];

const POSIX: Record<string, CodeRanges> = {
  alnum: [48, 57, 65, 90, 97, 122],
  alpha: [65, 90, 97, 122],
  ascii: [0, 127],
  blank: [9, 9, 32, 32],
  cntrl: [0, 31, 127, 127],
  digit: DIGIT,
  graph: [33, 126],
  lower: [97, 122],
  print: [32, 126],
  punct: [33, 47, 58, 64, 91, 96, 123, 126],
  space: [9, 13, 32, 32],
  upper: [65, 90],
  word: WORD,
  xdigit: [48, 57, 65, 70, 97, 102],
};

/** `\d \D \w \W \s \S` as ranges (negate set for the upper-case forms), else null. */
export function classEscape(c: string): { ranges: CodeRanges; negate: boolean } | null {
  const lower = c.toLowerCase();
  const ranges = lower === 'd' ? DIGIT : lower === 'w' ? WORD : lower === 's' ? SPACE : null;
  return ranges === null ? null : { ranges, negate: c !== lower };
}

/** A POSIX class like `[:alpha:]` at the start of `text` (inside a bracket), else null. */
export function posixClass(text: string): { length: number; ranges: CodeRanges } | null {
  const m = /^\[:(\^?)([a-z]+):\]/.exec(text);
  if (!m) return null;
  const ranges = POSIX[m[2]!];
  if (!ranges) return null;
  return { length: m[0].length, ranges: m[1] ? complement(ranges) : ranges };
}

/** Ranges plus their simple upper/lower case counterparts, for the `(?i)` flag. */
export function caseFold(ranges: CodeRanges): CodeRanges {
  const out = [...ranges];
  for (let k = 0; k < ranges.length; k += 2) {
    const lo = ranges[k]!;
    const hi = ranges[k + 1]!;
    if (hi - lo > 512) continue; // huge ranges already cover most letters; keep the set small
    for (let c = lo; c <= hi; c++) {
      for (const v of [String.fromCodePoint(c).toLowerCase(), String.fromCodePoint(c).toUpperCase()]) {
        const code = v.codePointAt(0)!;
        if ([...v].length === 1 && code !== c) out.push(code, code);
      }
    }
  }
  return out;
}

/** True when `code` is inside one of the ranges. */
export function inRanges(ranges: CodeRanges, code: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) {
    if (code >= ranges[k]! && code <= ranges[k + 1]!) return true;
  }
  return false;
}

/** True for ASCII word characters, as `\b` in Go. */
export function isWordCode(code: number | undefined): boolean {
  return code !== undefined && inRanges(WORD, code);
}

function complement(ranges: CodeRanges): CodeRanges {
  const sorted: [number, number][] = [];
  for (let k = 0; k < ranges.length; k += 2) sorted.push([ranges[k]!, ranges[k + 1]!]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: CodeRanges = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push(next, 0x10ffff);
  return out;
}
