/**
 * Parser for Argo `when` expressions with govaluate's precedence, lowest first:
 *   ||  <  &&  <  == != < > <= >= =~ !~ in  <  + -  <  * / %  <  prefix ! -
 * `x in (a, b)` takes a parenthesized list, as in govaluate. A blank `when` means "always run" (Argo).
 */
import { exprErrorAt } from './errors.js';
import { EXPR_LIMITS } from './limits.js';
import { tokenizeWhen, type WhenToken } from './tokenize-when.js';
import type { WhenAst, WhenBinaryOp } from './types.js';

interface State {
  text: string;
  tokens: WhenToken[];
  i: number;
  depth: number;
}

const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!=', '<', '>', '<=', '>=', '=~', '!~', 'in'],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Parses an Argo `when` (govaluate) expression, after `{{}}` substitution. */
export function parseWhen(text: string): WhenAst {
  if (typeof text !== 'string') throw new TypeError('parseWhen: text must be a string');
  if (text.length > EXPR_LIMITS.maxLength) {
    throw exprErrorAt('ERR_EXPR_LIMIT', `when expression is longer than ${EXPR_LIMITS.maxLength} characters`, text, EXPR_LIMITS.maxLength);
  }
  if (text.trim() === '') return { kind: 'literal', value: true, pos: 0 };
  const st: State = { text, tokens: tokenizeWhen(text), i: 0, depth: 0 };
  const ast = parseLevel(st, 0);
  if (peek(st).kind !== 'eof') throw unexpected(st);
  return ast;
}

function peek(st: State): WhenToken {
  return st.tokens[st.i]!;
}

function isOp(st: State, op: string): boolean {
  const tok = peek(st);
  return tok.kind === 'op' && tok.value === op;
}

function unexpected(st: State): Error {
  const tok = peek(st);
  const what = tok.kind === 'eof' ? 'end of expression' : `token '${tok.text.length > 32 ? `${tok.text.slice(0, 32)}...` : tok.text}'`;
  return exprErrorAt('ERR_EXPR_SYNTAX', `unexpected ${what}`, st.text, tok.pos);
}

function deeper<T>(st: State, parse: () => T): T {
  if (++st.depth > EXPR_LIMITS.maxDepth) {
    throw exprErrorAt('ERR_EXPR_LIMIT', `when expression nested too deeply (more than ${EXPR_LIMITS.maxDepth} levels)`, st.text, peek(st).pos);
  }
  try {
    return parse();
  } finally {
    st.depth--;
  }
}

function parseLevel(st: State, level: number): WhenAst {
  if (level === LEVELS.length) return parsePrefix(st);
  let left = parseLevel(st, level + 1);
  for (let tok = peek(st); tok.kind === 'op' && LEVELS[level]!.includes(tok.value); tok = peek(st)) {
    st.i++;
    if (tok.value === 'in') {
      left = { kind: 'in', value: left, list: parseList(st), pos: tok.pos };
      continue;
    }
    const right = parseLevel(st, level + 1);
    left = { kind: 'binary', op: tok.value as WhenBinaryOp, left, right, pos: tok.pos };
  }
  return left;
}

function parseList(st: State): WhenAst[] {
  if (!isOp(st, '(')) {
    throw exprErrorAt('ERR_EXPR_SYNTAX', "expected '(' after 'in'", st.text, peek(st).pos);
  }
  st.i++;
  const items: WhenAst[] = [];
  while (!isOp(st, ')')) {
    items.push(deeper(st, () => parseLevel(st, 0)));
    if (!isOp(st, ',')) break;
    st.i++;
  }
  if (!isOp(st, ')')) throw unexpected(st);
  st.i++;
  return items;
}

function parsePrefix(st: State): WhenAst {
  const tok = peek(st);
  if (tok.kind === 'op' && (tok.value === '!' || tok.value === '-')) {
    st.i++;
    const operand = deeper(st, () => parsePrefix(st));
    return { kind: 'unary', op: tok.value, operand, pos: tok.pos };
  }
  return parseValue(st);
}

function parseValue(st: State): WhenAst {
  const tok = peek(st);
  switch (tok.kind) {
    case 'number': case 'string': case 'word': case 'bool':
      st.i++;
      return { kind: 'literal', value: tok.value, pos: tok.pos };
    case 'op':
      if (tok.value === '(') {
        st.i++;
        const inner = deeper(st, () => parseLevel(st, 0));
        if (!isOp(st, ')')) throw unexpected(st);
        st.i++;
        return inner;
      }
      throw unexpected(st);
    default:
      throw unexpected(st);
  }
}
