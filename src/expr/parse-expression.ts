/**
 * expr-lang parser, operator half: precedence climbing over expr's own operator table
 * (expr-lang/expr parser/operator), then the `? :` conditional at the lowest level. Primaries
 * (literals, names, calls, member chains) are in parse-expression-primary.ts.
 */
import { describePosition, exprErrorAt } from './errors.js';
import { advance, isOp, isWord, nested, peek, unexpected, type ExprParserState } from './expr-parser-state.js';
import { EXPR_LIMITS } from './limits.js';
import { parsePrimary } from './parse-expression-primary.js';
import { tokenizeExpression } from './tokenize-expression.js';
import type { ExprAst, ExprBinaryOp, ExprUnaryOp } from './types.js';

/** Binary operators: precedence, right associativity, and the AST operator they produce. */
const BINARY: Record<string, { prec: number; right?: boolean; op: ExprBinaryOp }> = {
  '||': { prec: 10, op: '||' }, or: { prec: 10, op: '||' },
  '&&': { prec: 15, op: '&&' }, and: { prec: 15, op: '&&' },
  '==': { prec: 20, op: '==' }, '!=': { prec: 20, op: '!=' },
  '<': { prec: 20, op: '<' }, '>': { prec: 20, op: '>' }, '<=': { prec: 20, op: '<=' }, '>=': { prec: 20, op: '>=' },
  in: { prec: 20, op: 'in' }, matches: { prec: 20, op: 'matches' }, contains: { prec: 20, op: 'contains' },
  startsWith: { prec: 20, op: 'startsWith' }, endsWith: { prec: 20, op: 'endsWith' },
  '..': { prec: 25, op: '..' },
  '+': { prec: 30, op: '+' }, '-': { prec: 30, op: '-' },
  '*': { prec: 60, op: '*' }, '/': { prec: 60, op: '/' }, '%': { prec: 60, op: '%' },
  '**': { prec: 100, right: true, op: '**' }, '^': { prec: 100, right: true, op: '**' },
  '??': { prec: 500, op: '??' },
};

const UNARY: Record<string, { prec: number; op: ExprUnaryOp }> = {
  not: { prec: 50, op: 'not' }, '!': { prec: 50, op: '!' }, '-': { prec: 90, op: '-' }, '+': { prec: 90, op: '+' },
};

const NEGATABLE = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);

/** Parses an expr-lang expression; throws ExprError (ERR_EXPR_SYNTAX / ERR_EXPR_LIMIT) with its position. */
export function parseExpression(text: string): ExprAst {
  if (typeof text !== 'string') throw new TypeError('parseExpression: text must be a string');
  if (text.length > EXPR_LIMITS.maxLength) {
    throw exprErrorAt('ERR_EXPR_LIMIT', `expression is longer than ${EXPR_LIMITS.maxLength} characters`, text, EXPR_LIMITS.maxLength);
  }
  const tokens = tokenizeExpression(text);
  if (tokens.length === 1) throw exprErrorAt('ERR_EXPR_SYNTAX', 'empty expression', text, 0);
  const st: ExprParserState = {
    text, tokens, i: 0, depth: 0, closureDepth: 0,
    expression: (prec) => parseBinary(st, prec),
  };
  const ast = parseBinary(st, 0);
  if (peek(st).kind !== 'eof') throw unexpected(st);
  SOURCES.set(ast, text);
  return ast;
}

/** Source text of a root AST returned by parseExpression, for error messages with line/column. */
export function sourceOf(ast: ExprAst): string | undefined {
  return SOURCES.get(ast);
}

// Per-AST side data without mutating the AST (STYLE: WeakMaps for private per-instance state).
const SOURCES = new WeakMap<ExprAst, string>();

/** The binary operator at the cursor (with `not` prefix for `not in` etc.), or null. */
function binaryAt(st: ExprParserState): { info: (typeof BINARY)[string]; negate: boolean; width: number } | null {
  const tok = peek(st);
  if (tok.kind === 'ident' && tok.value === 'not') {
    const next = peek(st, 1);
    if (next.kind === 'ident' && NEGATABLE.has(next.value)) return { info: BINARY[next.value]!, negate: true, width: 2 };
    return null;
  }
  if (tok.kind !== 'op' && tok.kind !== 'ident') return null;
  const info = Object.hasOwn(BINARY, tok.value) ? BINARY[tok.value] : undefined;
  return info ? { info, negate: false, width: 1 } : null;
}

function parseBinary(st: ExprParserState, minPrec: number): ExprAst {
  return nested(st, () => {
    let left = parseUnary(st);
    for (let found = binaryAt(st); found && found.info.prec >= minPrec; found = binaryAt(st)) {
      const pos = peek(st).pos;
      for (let k = 0; k < found.width; k++) advance(st);
      const right = parseBinary(st, found.info.right ? found.info.prec : found.info.prec + 1);
      const node: ExprAst = { kind: 'binary', op: found.info.op, left, right, pos };
      left = found.negate ? { kind: 'unary', op: 'not', operand: node, pos } : node;
    }
    return minPrec === 0 ? parseConditional(st, left) : left;
  });
}

function parseUnary(st: ExprParserState): ExprAst {
  const tok = peek(st);
  const info = (tok.kind === 'op' || isWord(st, 'not')) && Object.hasOwn(UNARY, tok.value) ? UNARY[tok.value] : undefined;
  if (!info) return parsePrimary(st);
  advance(st);
  const operand = parseBinary(st, info.prec);
  return { kind: 'unary', op: info.op, operand, pos: tok.pos };
}

function parseConditional(st: ExprParserState, test: ExprAst): ExprAst {
  let node = test;
  while (isOp(st, '?')) {
    const pos = advance(st).pos;
    if (isOp(st, ':')) {
      // expr's short form `a ?: b` means `a ? a : b`.
      advance(st);
      node = { kind: 'conditional', test: node, consequent: node, alternate: parseBinary(st, 0), pos };
      continue;
    }
    const consequent = parseBinary(st, 0);
    if (!isOp(st, ':')) {
      throw exprErrorAt('ERR_EXPR_SYNTAX', `expected ':' in the conditional started at ${describePosition(st.text, pos)}`, st.text, peek(st).pos);
    }
    advance(st);
    const alternate = parseBinary(st, 0);
    node = { kind: 'conditional', test: node, consequent, alternate, pos };
  }
  return node;
}
