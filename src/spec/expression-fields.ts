import type { Path } from './diagnostic.js';

/** A step's or task's `when` (govaluate): `...steps[g][i].when` or `...tasks[i].when`. */
export function isWhenField(path: Path): boolean {
  const n = path.length;
  if (path[n - 1] !== 'when') return false;
  return (path[n - 3] === 'tasks' && typeof path[n - 2] === 'number')
    || (path[n - 4] === 'steps' && typeof path[n - 3] === 'number' && typeof path[n - 2] === 'number');
}

/** Fields whose whole value is expr-lang: valueFrom.expression, retryStrategy.expression, hook expressions, fromExpression. */
export function isExpressionField(path: Path): boolean {
  const n = path.length;
  if (path[n - 1] === 'fromExpression') return path[n - 3] === 'artifacts';
  if (path[n - 1] !== 'expression') return false;
  return path[n - 2] === 'valueFrom' || path[n - 2] === 'retryStrategy' || path[n - 3] === 'hooks';
}
