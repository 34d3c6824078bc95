/**
 * A small, script-free JSONPath (Goessner's syntax, as Argo's `jsonpath()` accepts it): `$`, `.key`,
 * `['key']`, `[n]`, `[start:end:step]`, `[*]`, `..key` (deep scan), unions `[a,b]` and filters
 * `[?(@.field op value)]` with == != < > <= >= && || ! and parentheses. Filters are data
 * comparisons only: nothing in a path is ever executed as code.
 */
import { ExprError } from './errors.js';
import { isForbiddenName } from './values.js';

export type JsonPathSelector =
  | { t: 'key'; key: string }
  | { t: 'index'; index: number }
  | { t: 'wildcard' }
  | { t: 'slice'; start?: number; end?: number; step?: number }
  | { t: 'union'; items: JsonPathSelector[] }
  | { t: 'filter'; expr: JsonPathFilter };

export type JsonPathSegment = { deep: boolean; selector: JsonPathSelector };

export type JsonPathFilter =
  | { t: 'field'; path: (string | number)[] }
  | { t: 'value'; value: string | number | boolean | null }
  | { t: 'not'; operand: JsonPathFilter }
  | { t: 'logic'; op: '&&' | '||'; left: JsonPathFilter; right: JsonPathFilter }
  | { t: 'compare'; op: '==' | '!=' | '<' | '>' | '<=' | '>='; left: JsonPathFilter; right: JsonPathFilter };

type State = { src: string; i: number; depth: number };

/** Parses a JSONPath expression; throws ERR_EXPR_EVAL naming the column of the path. */
export function parseJsonPath(path: string): JsonPathSegment[] {
  const st: State = { src: path.trim(), i: 0, depth: 0 };
  if (st.src[0] !== '$') fail(st, "a JSONPath must start with '$'");
  st.i = 1;
  const segments: JsonPathSegment[] = [];
  while (st.i < st.src.length) segments.push(parseSegment(st));
  return segments;
}

function fail(st: State, why: string): never {
  throw new ExprError('ERR_EXPR_EVAL', `jsonpath: ${why} at column ${st.i + 1} of the path`);
}

function skipSpace(st: State): void {
  while (st.src[st.i] === ' ') st.i++;
}

function parseSegment(st: State): JsonPathSegment {
  if (st.src.startsWith('..', st.i)) {
    st.i += 2;
    if (st.src[st.i] === '[') return { deep: true, selector: parseBracket(st) };
    return { deep: true, selector: parseDotName(st) };
  }
  if (st.src[st.i] === '.') {
    st.i++;
    return { deep: false, selector: parseDotName(st) };
  }
  if (st.src[st.i] === '[') return { deep: false, selector: parseBracket(st) };
  return fail(st, `unexpected character '${st.src[st.i]}'`);
}

function parseDotName(st: State): JsonPathSelector {
  if (st.src[st.i] === '*') {
    st.i++;
    return { t: 'wildcard' };
  }
  const m = /^[\p{L}\p{N}_-]+/u.exec(st.src.slice(st.i));
  if (!m) return fail(st, 'expected a member name');
  st.i += m[0].length;
  return keySelector(st, m[0]);
}

function keySelector(st: State, key: string): JsonPathSelector {
  if (isForbiddenName(key)) fail(st, `forbidden member name '${key}'`);
  return { t: 'key', key };
}

function parseBracket(st: State): JsonPathSelector {
  st.i++; // '['
  skipSpace(st);
  let selector: JsonPathSelector;
  if (st.src.startsWith('?(', st.i)) {
    st.i += 2;
    const expr = parseOr(st);
    skipSpace(st);
    if (st.src[st.i] !== ')') fail(st, "expected ')' to close the filter");
    st.i++;
    selector = { t: 'filter', expr };
  } else {
    const items = [parseBracketItem(st)];
    skipSpace(st);
    while (st.src[st.i] === ',') {
      st.i++;
      skipSpace(st);
      items.push(parseBracketItem(st));
      skipSpace(st);
    }
    selector = items.length === 1 ? items[0]! : { t: 'union', items };
  }
  skipSpace(st);
  if (st.src[st.i] !== ']') fail(st, "expected ']'");
  st.i++;
  return selector;
}

function parseBracketItem(st: State): JsonPathSelector {
  const c = st.src[st.i];
  if (c === '*') {
    st.i++;
    return { t: 'wildcard' };
  }
  if (c === "'" || c === '"') return keySelector(st, readQuoted(st));
  const m = /^(-?\d+)?(?:\s*:\s*(-?\d+)?)?(?:\s*:\s*(-?\d+)?)?/.exec(st.src.slice(st.i));
  if (!m || m[0] === '') return fail(st, `unexpected character '${c ?? 'end of path'}'`);
  st.i += m[0].length;
  if (!m[0].includes(':')) return { t: 'index', index: Number(m[1]) };
  const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
  const step = num(m[3]);
  if (step === 0) fail(st, 'slice step cannot be 0');
  return { t: 'slice', start: num(m[1]), end: num(m[2]), step };
}

function readQuoted(st: State): string {
  const quote = st.src[st.i]!;
  let out = '';
  st.i++;
  while (st.i < st.src.length && st.src[st.i] !== quote) {
    if (st.src[st.i] === '\\' && st.i + 1 < st.src.length) st.i++;
    out += st.src[st.i];
    st.i++;
  }
  if (st.i >= st.src.length) fail(st, 'unterminated string');
  st.i++;
  return out;
}

function parseOr(st: State): JsonPathFilter {
  let left = parseAnd(st);
  for (skipSpace(st); st.src.startsWith('||', st.i); skipSpace(st)) {
    st.i += 2;
    left = { t: 'logic', op: '||', left, right: parseAnd(st) };
  }
  return left;
}

function parseAnd(st: State): JsonPathFilter {
  let left = parseComparison(st);
  for (skipSpace(st); st.src.startsWith('&&', st.i); skipSpace(st)) {
    st.i += 2;
    left = { t: 'logic', op: '&&', left, right: parseComparison(st) };
  }
  return left;
}

function parseComparison(st: State): JsonPathFilter {
  const left = parseOperand(st);
  skipSpace(st);
  const op = (['==', '!=', '<=', '>=', '<', '>'] as const).find((o) => st.src.startsWith(o, st.i));
  if (op === undefined) return left;
  st.i += op.length;
  return { t: 'compare', op, left, right: parseOperand(st) };
}

function parseOperand(st: State): JsonPathFilter {
  skipSpace(st);
  const c = st.src[st.i];
  if (c === '!') {
    st.i++;
    return { t: 'not', operand: parseOperand(st) };
  }
  if (c === '(') {
    if (++st.depth > 32) fail(st, 'filter nested too deeply');
    st.i++;
    const inner = parseOr(st);
    skipSpace(st);
    if (st.src[st.i] !== ')') fail(st, "expected ')'");
    st.i++;
    st.depth--;
    return inner;
  }
  if (c === '@') return parseField(st);
  if (c === "'" || c === '"') return { t: 'value', value: readQuoted(st) };
  const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(st.src.slice(st.i));
  if (!m) return fail(st, `unexpected character '${c ?? 'end of path'}' in filter`);
  st.i += m[0].length;
  const v = m[0];
  return { t: 'value', value: v === 'true' ? true : v === 'false' ? false : v === 'null' ? null : Number(v) };
}

function parseField(st: State): JsonPathFilter {
  st.i++; // '@'
  const path: (string | number)[] = [];
  for (;;) {
    if (st.src[st.i] === '.') {
      st.i++;
      const sel = parseDotName(st);
      if (sel.t !== 'key') fail(st, 'wildcards are not supported inside filters');
      path.push(sel.key);
    } else if (st.src[st.i] === '[') {
      const sel = parseBracket(st);
      if (sel.t === 'key') path.push(sel.key);
      else if (sel.t === 'index') path.push(sel.index);
      else fail(st, 'only keys and indexes are supported inside filters');
    } else return { t: 'field', path };
  }
}
