/**
 * Parser for DAG task `depends` (Argo enhanced depends, docs/enhanced-depends-logic.md):
 *   expr := or;  or := and ('||' and)*;  and := not ('&&' not)*;  not := '!' not | '(' or ')' | operand
 *   operand := TASK ('.' RESULT)?
 * Task names are DNS-label-like (letters, digits, `-`, `_`), so `should-execute-2.Succeeded` is the
 * task `should-execute-2` with result Succeeded; a `-` is never an operator here.
 */
import { exprErrorAt } from './errors.js';
import { EXPR_LIMITS } from './limits.js';
import type { DependsAst, TaskResultName } from './types.js';

/** Every result a `depends` operand may name, in the order Argo documents them. */
export const TASK_RESULTS: readonly TaskResultName[] = [
  'Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted', 'Completed', 'Daemoned', 'AnySucceeded', 'AllFailed',
];

type Token = { kind: 'name' | 'op' | 'eof'; text: string; pos: number };

interface State { text: string; tokens: Token[]; i: number; depth: number }

/** Parses a DAG task `depends` expression; throws ERR_EXPR_SYNTAX naming the column. */
export function parseDepends(text: string): DependsAst {
  if (typeof text !== 'string') throw new TypeError('parseDepends: text must be a string');
  if (text.length > EXPR_LIMITS.maxLength) {
    throw exprErrorAt('ERR_EXPR_LIMIT', `depends expression is longer than ${EXPR_LIMITS.maxLength} characters`, text, EXPR_LIMITS.maxLength);
  }
  const st: State = { text, tokens: tokenize(text), i: 0, depth: 0 };
  if (st.tokens.length === 1) throw exprErrorAt('ERR_EXPR_SYNTAX', 'empty depends expression', text, 0);
  const ast = parseOr(st);
  if (peek(st).kind !== 'eof') throw unexpected(st);
  return ast;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const name = /^[A-Za-z0-9_][A-Za-z0-9_-]*/.exec(text.slice(i));
    const op = ['&&', '||', '!', '(', ')', '.'].find((o) => text.startsWith(o, i));
    if (name) tokens.push({ kind: 'name', text: name[0], pos: i });
    else if (op) tokens.push({ kind: 'op', text: op, pos: i });
    else throw exprErrorAt('ERR_EXPR_SYNTAX', `unexpected character '${text[i]}' in depends`, text, i);
    i += tokens.at(-1)!.text.length;
  }
  tokens.push({ kind: 'eof', text: '', pos: text.length });
  return tokens;
}

function peek(st: State): Token {
  return st.tokens[st.i]!;
}

function unexpected(st: State): Error {
  const tok = peek(st);
  const what = tok.kind === 'eof' ? 'end of expression' : `token '${tok.text}'`;
  return exprErrorAt('ERR_EXPR_SYNTAX', `unexpected ${what} in depends`, st.text, tok.pos);
}

function isOp(st: State, op: string): boolean {
  return peek(st).kind === 'op' && peek(st).text === op;
}

function parseOr(st: State): DependsAst {
  let left = parseAnd(st);
  while (isOp(st, '||')) {
    const pos = peek(st).pos;
    st.i++;
    left = { kind: 'or', left, right: parseAnd(st), pos };
  }
  return left;
}

function parseAnd(st: State): DependsAst {
  let left = parseNot(st);
  while (isOp(st, '&&')) {
    const pos = peek(st).pos;
    st.i++;
    left = { kind: 'and', left, right: parseNot(st), pos };
  }
  return left;
}

function parseNot(st: State): DependsAst {
  const tok = peek(st);
  if (++st.depth > EXPR_LIMITS.maxDepth) {
    throw exprErrorAt('ERR_EXPR_LIMIT', `depends expression nested too deeply (more than ${EXPR_LIMITS.maxDepth} levels)`, st.text, tok.pos);
  }
  try {
    if (isOp(st, '!')) {
      st.i++;
      return { kind: 'not', operand: parseNot(st), pos: tok.pos };
    }
    if (isOp(st, '(')) {
      st.i++;
      const inner = parseOr(st);
      if (!isOp(st, ')')) throw unexpected(st);
      st.i++;
      return inner;
    }
    return parseOperand(st);
  } finally {
    st.depth--;
  }
}

function parseOperand(st: State): DependsAst {
  const tok = peek(st);
  if (tok.kind !== 'name') throw unexpected(st);
  st.i++;
  if (!isOp(st, '.')) return { kind: 'task', task: tok.text, pos: tok.pos };
  st.i++;
  const result = peek(st);
  if (result.kind !== 'name') throw unexpected(st);
  st.i++;
  if (!(TASK_RESULTS as readonly string[]).includes(result.text)) {
    throw exprErrorAt(
      'ERR_EXPR_SYNTAX',
      `unknown task result '${result.text}' for task '${tok.text}' (expected one of ${TASK_RESULTS.join(', ')})`,
      st.text,
      result.pos,
    );
  }
  return { kind: 'task', task: tok.text, result: result.text as TaskResultName, pos: tok.pos };
}
