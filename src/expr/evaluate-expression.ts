import type { ExprAst } from './types.js';

/** Evaluates an expr-lang expression (text or parsed AST) against `env`. */
export function evaluateExpression(exprOrAst: string | ExprAst, env: Readonly<Record<string, unknown>>): unknown {
  throw new Error(`not implemented: ${typeof exprOrAst} ${Object.keys(env).length}`);
}
