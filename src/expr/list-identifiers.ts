import type { ExprAst } from './types.js';

/** Member paths an expression reads from its environment roots, e.g. ['inputs', 'parameters', 'foo']. */
export function expressionIdentifiers(ast: ExprAst): string[][] {
  throw new Error(`not implemented: ${ast.kind}`);
}
