import type { ExprAst } from './types.js';

/** Parses an expr-lang expression into an AST. */
export function parseExpression(text: string): ExprAst {
  throw new Error(`not implemented: ${text.length}`);
}
