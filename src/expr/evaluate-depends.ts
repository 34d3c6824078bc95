/**
 * Evaluation of parsed DAG `depends` expressions. What each result means for a task (Completed,
 * AnySucceeded over withItems children, ...) is the engine's knowledge, asked through `result`.
 */
import type { DependsAst, TaskResultName } from './types.js';

/**
 * A bare task name depends on the task having run to a non-failing end (Argo's expandDependency):
 * Succeeded, Skipped or Daemoned.
 */
const BARE_TASK_RESULTS: readonly TaskResultName[] = ['Succeeded', 'Skipped', 'Daemoned'];

/** Distinct task names referenced by a `depends` AST, in order of first appearance. */
export function dependsTaskNames(ast: DependsAst): string[] {
  const names: string[] = [];
  const visit = (node: DependsAst): void => {
    switch (node.kind) {
      case 'task':
        if (!names.includes(node.task)) names.push(node.task);
        return;
      case 'not':
        visit(node.operand);
        return;
      default:
        visit(node.left);
        visit(node.right);
    }
  };
  visit(ast);
  return names;
}

/** Evaluates a `depends` AST, asking `result(task, what)` for each operand (short-circuiting). */
export function evaluateDepends(ast: DependsAst, result: (task: string, what: TaskResultName) => boolean): boolean {
  switch (ast.kind) {
    case 'task':
      if (ast.result !== undefined) return result(ast.task, ast.result) === true;
      return BARE_TASK_RESULTS.some((what) => result(ast.task, what) === true);
    case 'not':
      return !evaluateDepends(ast.operand, result);
    case 'and':
      return evaluateDepends(ast.left, result) && evaluateDepends(ast.right, result);
    case 'or':
      return evaluateDepends(ast.left, result) || evaluateDepends(ast.right, result);
  }
}
