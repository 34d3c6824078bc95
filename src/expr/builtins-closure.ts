/**
 * expr-lang's builtins that take a predicate closure over an array: `filter(list, {# > 1})`. Inside the
 * closure `#` is the element and `#index` its position. The evaluator supplies the predicate; each call
 * of it is charged to the step budget, so no closure can loop without bound.
 */
import { asArray, type CallContext } from './convert-values.js';
import { ExprError } from './errors.js';
import { typeName } from './values.js';

export type Predicate = (item: unknown, index: number) => unknown;

export interface ClosureBuiltin {
  /** Allowed argument counts, counting the closure. */
  min: number;
  max: number;
  run(items: unknown[], predicate: Predicate | null, ctx: CallContext): unknown;
}

function test(name: string, predicate: Predicate, item: unknown, index: number): boolean {
  const r = predicate(item, index);
  if (typeof r !== 'boolean') {
    throw new ExprError('ERR_EXPR_EVAL', `${name}: the predicate must return a bool, got ${typeName(r)}`);
  }
  return r;
}

const withPredicate = (run: (items: unknown[], p: Predicate) => unknown): ClosureBuiltin => ({
  min: 2,
  max: 2,
  run: (items, p) => run(items, p!),
});

function findFrom(name: string, items: unknown[], p: Predicate, backwards: boolean): number {
  for (let k = 0; k < items.length; k++) {
    const i = backwards ? items.length - 1 - k : k;
    if (test(name, p, items[i], i)) return i;
  }
  return -1;
}

function sum(items: unknown[], p: Predicate | null): number {
  let total = 0;
  items.forEach((item, i) => {
    const v = p ? p(item, i) : item;
    if (typeof v !== 'number') throw new ExprError('ERR_EXPR_EVAL', `sum: expected numbers, got ${typeName(v)}`);
    total += v;
  });
  return total;
}

/** Name -> implementation; the parser treats the second argument of these as a closure body. */
export const CLOSURE_BUILTINS: ReadonlyMap<string, ClosureBuiltin> = new Map<string, ClosureBuiltin>([
  ['all', withPredicate((xs, p) => xs.every((x, i) => test('all', p, x, i)))],
  ['any', withPredicate((xs, p) => xs.some((x, i) => test('any', p, x, i)))],
  ['none', withPredicate((xs, p) => !xs.some((x, i) => test('none', p, x, i)))],
  ['one', withPredicate((xs, p) => xs.filter((x, i) => test('one', p, x, i)).length === 1)],
  ['filter', withPredicate((xs, p) => xs.filter((x, i) => test('filter', p, x, i)))],
  ['map', withPredicate((xs, p) => xs.map((x, i) => p(x, i)))],
  ['find', withPredicate((xs, p) => xs[findFrom('find', xs, p, false)] ?? null)],
  ['findIndex', withPredicate((xs, p) => findFrom('findIndex', xs, p, false))],
  ['findLast', withPredicate((xs, p) => xs[findFrom('findLast', xs, p, true)] ?? null)],
  ['findLastIndex', withPredicate((xs, p) => findFrom('findLastIndex', xs, p, true))],
  ['count', { min: 1, max: 2, run: (xs, p) => xs.filter((x, i) => test('count', p ?? ((v) => v), x, i)).length }],
  ['sum', { min: 1, max: 2, run: (xs, p) => sum(xs, p) }],
]);

/** The collection argument of a closure builtin, as an array. */
export function closureItems(name: string, v: unknown): unknown[] {
  return asArray(name, v);
}
