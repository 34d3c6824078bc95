/**
 * Tokenizer for expr-lang (github.com/expr-lang/expr): numbers (decimal, hex, octal, binary, with `_`
 * separators and exponents), 'single', "double" and `raw` strings, identifiers, operators and comments.
 * Word operators (and, or, not, in, matches, ...) stay identifiers; the parser gives them meaning.
 */
import { exprErrorAt } from './errors.js';

export type ExprToken =
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'string'; value: string; text: string; pos: number }
  | { kind: 'ident'; value: string; text: string; pos: number }
  | { kind: 'op'; value: string; text: string; pos: number }
  | { kind: 'eof'; value: ''; text: ''; pos: number };

// Longest first, so `**` wins over `*` and `?.` over `?`.
const OPERATORS = [
  '..', '?.', '??', '**', '==', '!=', '<=', '>=', '&&', '||',
  '+', '-', '*', '/', '%', '^', '<', '>', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}', '#',
];

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', '\\': '\\', "'": "'", '"': '"', '`': '`', '0': '\0' };

/** Splits `text` into tokens; throws ERR_EXPR_SYNTAX naming the bad character and its column. */
export function tokenizeExpression(text: string): ExprToken[] {
  const tokens: ExprToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) throw exprErrorAt('ERR_EXPR_SYNTAX', 'unterminated comment', text, i);
      i = close + 2;
    } else if (/[0-9]/.test(c)) {
      i = readNumber(text, i, tokens);
    } else if (c === "'" || c === '"' || c === '`') {
      i = readString(text, i, tokens);
    } else if (/[\p{L}_$]/u.test(c)) {
      const m = /^[\p{L}\p{N}_$]+/u.exec(text.slice(i))!;
      tokens.push({ kind: 'ident', value: m[0], text: m[0], pos: i });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined) throw exprErrorAt('ERR_EXPR_SYNTAX', `unexpected character ${quoteChar(c)}`, text, i);
      tokens.push({ kind: 'op', value: op, text: op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', value: '', text: '', pos: text.length });
  return tokens;
}

function quoteChar(c: string): string {
  return /[\x20-\x7e]/.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function readNumber(text: string, start: number, out: ExprToken[]): number {
  const rest = text.slice(start);
  // A '.' belongs to the number only when a digit follows, so `1..3` is a range, not `1.` then `.3`.
  const m =
    /^0[xX][0-9a-fA-F_]+/.exec(rest) ??
    /^0[oO][0-7_]+/.exec(rest) ??
    /^0[bB][01_]+/.exec(rest) ??
    /^[0-9][0-9_]*(\.[0-9][0-9_]*)?([eE][+-]?[0-9]+)?/.exec(rest)!;
  const raw = m[0];
  const clean = raw.replace(/_/g, '');
  const value = /^0[oO]/.test(clean) ? parseInt(clean.slice(2), 8) : Number(clean);
  const after = text[start + raw.length];
  if (!Number.isFinite(value) || (after !== undefined && /[\p{L}_$]/u.test(after))) {
    throw exprErrorAt('ERR_EXPR_SYNTAX', `invalid number literal '${text.slice(start, start + raw.length + 1)}'`, text, start);
  }
  out.push({ kind: 'number', value, text: raw, pos: start });
  return start + raw.length;
}

function readString(text: string, start: number, out: ExprToken[]): number {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && quote !== '`') {
      const { char, length } = readEscape(text, i);
      value += char;
      i += length;
    } else {
      value += text[i];
      i++;
    }
  }
  if (i >= text.length) throw exprErrorAt('ERR_EXPR_SYNTAX', 'unterminated string literal', text, start);
  out.push({ kind: 'string', value, text: text.slice(start, i + 1), pos: start });
  return i + 1;
}

function readEscape(text: string, i: number): { char: string; length: number } {
  const e = text[i + 1];
  if (e !== undefined && ESCAPES[e] !== undefined) return { char: ESCAPES[e], length: 2 };
  const hex = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(text.slice(i + 1));
  if (hex) {
    const code = parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16);
    if (code <= 0x10ffff) return { char: String.fromCodePoint(code), length: 1 + hex[0].length };
  }
  throw exprErrorAt('ERR_EXPR_SYNTAX', `invalid escape sequence '\\${e ?? ''}'`, text, i);
}
