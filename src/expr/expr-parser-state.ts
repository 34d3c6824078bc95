/**
 * Cursor over expr-lang tokens shared by the two halves of the parser (operators in
 * parse-expression.ts, primaries in parse-expression-primary.ts). It also owns the nesting-depth
 * guard, so hostile input like 10,000 opening parentheses fails with ERR_EXPR_LIMIT instead of
 * overflowing the host stack.
 */
import { exprErrorAt, type ExprError } from './errors.js';
import { EXPR_LIMITS } from './limits.js';
import type { ExprToken } from './tokenize-expression.js';
import type { ExprAst } from './types.js';

export interface ExprParserState {
  readonly text: string;
  readonly tokens: ExprToken[];
  i: number;
  depth: number;
  /** > 0 while parsing a closure body, where `#` and `.field` are allowed. */
  closureDepth: number;
  /** Parses a full sub-expression at the given minimum operator precedence. */
  expression(minPrecedence: number): ExprAst;
}

/** The current token. */
export function peek(st: ExprParserState, ahead = 0): ExprToken {
  return st.tokens[Math.min(st.i + ahead, st.tokens.length - 1)]!;
}

/** Consumes and returns the current token. */
export function advance(st: ExprParserState): ExprToken {
  const tok = peek(st);
  if (st.i < st.tokens.length - 1) st.i++;
  return tok;
}

/** True when the current token is the operator `op`. */
export function isOp(st: ExprParserState, op: string, ahead = 0): boolean {
  const tok = peek(st, ahead);
  return tok.kind === 'op' && tok.value === op;
}

/** True when the current token is the identifier/keyword `word`. */
export function isWord(st: ExprParserState, word: string, ahead = 0): boolean {
  const tok = peek(st, ahead);
  return tok.kind === 'ident' && tok.value === word;
}

/** Human description of a token for messages. */
export function describeToken(tok: ExprToken): string {
  if (tok.kind === 'eof') return 'end of expression';
  const shown = tok.text.length > 32 ? `${tok.text.slice(0, 32)}...` : tok.text;
  return `token '${shown}'`;
}

/** ERR_EXPR_SYNTAX "unexpected ..." at the current token. */
export function unexpected(st: ExprParserState, tok: ExprToken = peek(st)): ExprError {
  return exprErrorAt('ERR_EXPR_SYNTAX', `unexpected ${describeToken(tok)}`, st.text, tok.pos);
}

/** Consumes operator `op` or fails naming what was found instead. */
export function expectOp(st: ExprParserState, op: string, context: string): ExprToken {
  if (!isOp(st, op)) {
    const tok = peek(st);
    throw exprErrorAt('ERR_EXPR_SYNTAX', `expected '${op}' ${context}, found ${describeToken(tok)}`, st.text, tok.pos);
  }
  return advance(st);
}

/** Runs `parse` one nesting level deeper, refusing input nested beyond EXPR_LIMITS.maxDepth. */
export function nested<T>(st: ExprParserState, parse: () => T): T {
  if (++st.depth > EXPR_LIMITS.maxDepth) {
    throw exprErrorAt('ERR_EXPR_LIMIT', `expression nested too deeply (more than ${EXPR_LIMITS.maxDepth} levels)`, st.text, peek(st).pos);
  }
  try {
    return parse();
  } finally {
    st.depth--;
  }
}
