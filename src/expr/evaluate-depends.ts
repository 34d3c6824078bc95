import type { DependsAst, TaskResultName } from './types.js';

/** Distinct task names referenced by a `depends` AST, in order of first appearance. */
export function dependsTaskNames(ast: DependsAst): string[] {
  throw new Error(`not implemented: ${ast.kind}`);
}

/** Evaluates a `depends` AST; a bare task means Succeeded || Skipped || Daemoned. */
export function evaluateDepends(ast: DependsAst, result: (task: string, what: TaskResultName) => boolean): boolean {
  throw new Error(`not implemented: ${ast.kind} ${typeof result}`);
}
