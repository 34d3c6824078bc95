/**
 * Parser for the RE2 subset of regular expressions Argo users write (Go's regexp is RE2, so lookaround
 * and backreferences are errors there too). The result is matched by regex-match.ts in linear time,
 * which is why we never hand user patterns to the host's backtracking RegExp.
 */
import { caseFold, classEscape, posixClass, type CodeRanges } from './regex-classes.js';

export type RegexNode =
  | { t: 'set'; ranges: CodeRanges; negate: boolean }
  | { t: 'assert'; kind: 'bol' | 'eol' | 'bot' | 'eot' | 'word' | 'nonword' }
  | { t: 'cat'; items: RegexNode[] }
  | { t: 'alt'; items: RegexNode[] }
  | { t: 'rep'; item: RegexNode; min: number; max: number };

interface Flags { i: boolean; s: boolean; m: boolean }

/** Thrown for patterns outside the supported syntax; callers turn it into an ExprError. */
export class RegexSyntaxError extends Error {}

const MAX_REPEAT = 1000;

/** Parses `pattern` (as code points) into a RegexNode tree. */
export function parseRegex(pattern: string): RegexNode {
  const state = { src: [...pattern], i: 0 };
  const node = parseAlternation(state, { i: false, s: false, m: false }, 0);
  if (state.i < state.src.length) throw new RegexSyntaxError(`unexpected ')'`);
  return node;
}

type State = { src: string[]; i: number };

function parseAlternation(st: State, flags: Flags, depth: number): RegexNode {
  if (depth > 100) throw new RegexSyntaxError('groups nested too deeply');
  const branches: RegexNode[] = [parseConcat(st, flags, depth)];
  while (st.src[st.i] === '|') {
    st.i++;
    branches.push(parseConcat(st, flags, depth));
  }
  return branches.length === 1 ? branches[0]! : { t: 'alt', items: branches };
}

function parseConcat(st: State, flags: Flags, depth: number): RegexNode {
  const items: RegexNode[] = [];
  while (st.i < st.src.length && st.src[st.i] !== '|' && st.src[st.i] !== ')') {
    const atom = parseAtom(st, flags, depth);
    if (atom === null) continue;
    items.push(parseQuantifiers(st, atom));
  }
  return items.length === 1 ? items[0]! : { t: 'cat', items };
}

function parseQuantifiers(st: State, atom: RegexNode): RegexNode {
  const q = readQuantifier(st);
  if (q === null) return atom;
  if (st.src[st.i] === '?') st.i++; // lazy: irrelevant for a yes/no match
  if (readQuantifier(st, true) !== null) throw new RegexSyntaxError('invalid nested repetition operator');
  return { t: 'rep', item: atom, min: q.min, max: q.max };
}

function readQuantifier(st: State, peekOnly = false): { min: number; max: number } | null {
  const c = st.src[st.i];
  const simple = c === '*' ? [0, -1] : c === '+' ? [1, -1] : c === '?' ? [0, 1] : null;
  if (simple) {
    if (!peekOnly) st.i++;
    return { min: simple[0]!, max: simple[1]! };
  }
  if (c !== '{') return null;
  const rest = st.src.slice(st.i, st.i + 16).join('');
  const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
  if (!m) return null; // Go treats a '{' that does not start a repeat as a literal
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
  if (min > MAX_REPEAT || max > MAX_REPEAT || (max !== -1 && max < min)) {
    throw new RegexSyntaxError(`invalid repeat count ${m[0]}`);
  }
  if (!peekOnly) st.i += m[0].length;
  return { min, max };
}

function parseAtom(st: State, flags: Flags, depth: number): RegexNode | null {
  const c = st.src[st.i++]!;
  switch (c) {
    case '(':
      return parseGroup(st, flags, depth);
    case '[':
      return parseClass(st, flags);
    case '.':
      return { t: 'set', ranges: flags.s ? [0, 0x10ffff] : [0, 9, 11, 0x10ffff], negate: false };
    case '^':
      return { t: 'assert', kind: flags.m ? 'bol' : 'bot' };
    case '$':
      return { t: 'assert', kind: flags.m ? 'eol' : 'eot' };
    case '\\':
      return parseEscape(st, flags);
    case '*': case '+': case '?':
      throw new RegexSyntaxError(`missing argument to repetition operator '${c}'`);
    default:
      return literal(c.codePointAt(0)!, flags);
  }
}

function literal(code: number, flags: Flags): RegexNode {
  const ranges: CodeRanges = [code, code];
  return { t: 'set', ranges: flags.i ? caseFold(ranges) : ranges, negate: false };
}

function parseGroup(st: State, flags: Flags, depth: number): RegexNode | null {
  let inner = flags;
  if (st.src[st.i] === '?') {
    const head = st.src.slice(st.i, st.i + 3).join('');
    if (head.startsWith('?:')) st.i += 2;
    else if (head.startsWith('?P<') || (head.startsWith('?<') && /[A-Za-z_]/.test(head[2] ?? ''))) {
      const close = st.src.indexOf('>', st.i);
      if (close < 0) throw new RegexSyntaxError('invalid named capture');
      st.i = close + 1;
    } else {
      const set = readFlagGroup(st, flags);
      if (set.scoped) inner = set.flags;
      else {
        Object.assign(flags, set.flags); // (?i) applies to the rest of the enclosing group
        return null;
      }
    }
  }
  const node = parseAlternation(st, { ...inner }, depth + 1);
  if (st.src[st.i] !== ')') throw new RegexSyntaxError(`missing closing ')'`);
  st.i++;
  return node;
}

function readFlagGroup(st: State, flags: Flags): { flags: Flags; scoped: boolean } {
  st.i++; // '?'
  const next: Flags = { ...flags };
  let on = true;
  for (;;) {
    const c = st.src[st.i++];
    if (c === 'i' || c === 's' || c === 'm') next[c] = on;
    else if (c === '-' && on) on = false;
    else if (c === ')') return { flags: next, scoped: false };
    else if (c === ':') return { flags: next, scoped: true };
    else throw new RegexSyntaxError(`unsupported group syntax '(?${c ?? ''}' (lookaround is not supported)`);
  }
}

function parseEscape(st: State, flags: Flags): RegexNode {
  const c = st.src[st.i++];
  if (c === undefined) throw new RegexSyntaxError('trailing backslash');
  const asserts: Record<string, RegexNode> = {
    b: { t: 'assert', kind: 'word' }, B: { t: 'assert', kind: 'nonword' },
    A: { t: 'assert', kind: 'bot' }, z: { t: 'assert', kind: 'eot' },
  };
  if (asserts[c]) return asserts[c];
  const cls = classEscape(c);
  if (cls) return { t: 'set', ranges: cls.ranges, negate: cls.negate };
  return literal(escapedCode(st, c), flags);
}

/** The code point of an escape inside or outside a class (`\n`, `\x41`, `\.`). */
function escapedCode(st: State, c: string): number {
  const named: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };
  if (named[c] !== undefined) return named[c];
  if (c === 'x') return readHex(st);
  if (/[0-9]/.test(c)) throw new RegexSyntaxError(`backreferences and octal escapes (\\${c}) are not supported`);
  if (/[A-Za-z]/.test(c)) throw new RegexSyntaxError(`unsupported escape sequence \\${c}`);
  return c.codePointAt(0)!;
}

function readHex(st: State): number {
  const rest = st.src.slice(st.i, st.i + 10).join('');
  const m = /^(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(rest);
  if (!m) throw new RegexSyntaxError('invalid \\x escape');
  st.i += m[0].length;
  const code = parseInt(m[1] ?? m[2]!, 16);
  if (code > 0x10ffff) throw new RegexSyntaxError('invalid \\x escape');
  return code;
}

function parseClass(st: State, flags: Flags): RegexNode {
  const negate = st.src[st.i] === '^';
  if (negate) st.i++;
  const ranges: CodeRanges = [];
  let first = true;
  while (st.src[st.i] !== ']' || first) {
    if (st.i >= st.src.length) throw new RegexSyntaxError(`missing closing ']'`);
    first = false;
    const posix = posixClass(st.src.slice(st.i, st.i + 12).join(''));
    if (posix) {
      st.i += posix.length;
      ranges.push(...posix.ranges);
      continue;
    }
    const lo = classMember(st, ranges);
    if (lo === null) continue;
    if (st.src[st.i] === '-' && st.src[st.i + 1] !== ']' && st.i + 1 < st.src.length) {
      st.i++;
      const hi = classMember(st, ranges);
      if (hi === null || hi < lo) throw new RegexSyntaxError('invalid character class range');
      ranges.push(lo, hi);
    } else ranges.push(lo, lo);
  }
  st.i++;
  return { t: 'set', ranges: flags.i ? caseFold(ranges) : ranges, negate };
}

/** One class member: returns its code point, or null after appending a whole escape class (`\d`). */
function classMember(st: State, ranges: CodeRanges): number | null {
  const c = st.src[st.i++]!;
  if (c !== '\\') return c.codePointAt(0)!;
  const e = st.src[st.i++];
  if (e === undefined) throw new RegexSyntaxError('trailing backslash');
  const cls = classEscape(e);
  if (cls && !cls.negate) {
    ranges.push(...cls.ranges);
    return null;
  }
  if (cls) throw new RegexSyntaxError(`negated escape \\${e} inside a class is not supported`);
  return escapedCode(st, e);
}
