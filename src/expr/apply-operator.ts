/**
 * Semantics of expr-lang's strict (non-short-circuit) binary and unary operators. Types are checked
 * the way expr checks them at run time: `==`/`!=` work across types (different types are unequal),
 * every other operator on mismatched types is ERR_EXPR_EVAL "invalid operation". Messages name types,
 * never values.
 */
import { ExprError } from './errors.js';
import { testRegex } from './regex-match.js';
import type { ExprBinaryOp, ExprUnaryOp } from './types.js';
import { checkSize, ExprDuration, isMap, typeName, valuesEqual } from './values.js';

function invalid(op: string, a: unknown, b: unknown): ExprError {
  return new ExprError('ERR_EXPR_EVAL', `invalid operation: ${typeName(a)} ${op} ${typeName(b)}`);
}

function invalidUnary(op: string, v: unknown): ExprError {
  return new ExprError('ERR_EXPR_EVAL', `invalid operation: ${op}${typeName(v)}`);
}

function finite(op: string, n: number): number {
  if (!Number.isFinite(n)) throw new ExprError('ERR_EXPR_EVAL', `result of '${op}' is not a finite number`);
  return n;
}

const isNum = (v: unknown): v is number => typeof v === 'number';
const isStr = (v: unknown): v is string => typeof v === 'string';
const isDur = (v: unknown): v is ExprDuration => v instanceof ExprDuration;
const isDate = (v: unknown): v is Date => typeName(v) === 'time';

function add(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) return finite('+', a + b);
  if (isStr(a) && isStr(b)) {
    checkSize(a.length + b.length, 'string');
    return a + b;
  }
  if (isDate(a) && isDur(b)) return new Date(a.getTime() + b.ms);
  if (isDur(a) && isDate(b)) return new Date(b.getTime() + a.ms);
  if (isDur(a) && isDur(b)) return new ExprDuration(a.ms + b.ms);
  throw invalid('+', a, b);
}

function subtract(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) return finite('-', a - b);
  if (isDate(a) && isDate(b)) return new ExprDuration(a.getTime() - b.getTime());
  if (isDate(a) && isDur(b)) return new Date(a.getTime() - b.ms);
  if (isDur(a) && isDur(b)) return new ExprDuration(a.ms - b.ms);
  throw invalid('-', a, b);
}

function arithmetic(op: '*' | '/' | '%' | '**', a: unknown, b: unknown): number {
  if (!isNum(a) || !isNum(b)) throw invalid(op, a, b);
  switch (op) {
    case '*': return finite(op, a * b);
    case '**': return finite(op, a ** b);
    case '/':
      if (b === 0) throw new ExprError('ERR_EXPR_EVAL', 'division by zero');
      return finite(op, a / b);
    case '%':
      if (!Number.isInteger(a) || !Number.isInteger(b)) throw new ExprError('ERR_EXPR_EVAL', "operator '%' needs integers");
      if (b === 0) throw new ExprError('ERR_EXPR_EVAL', 'integer divide by zero');
      return a % b;
  }
}

function compare(op: '<' | '>' | '<=' | '>=', a: unknown, b: unknown): boolean {
  let x: number | string;
  let y: number | string;
  if ((isNum(a) && isNum(b)) || (isStr(a) && isStr(b))) [x, y] = [a, b];
  else if (isDate(a) && isDate(b)) [x, y] = [a.getTime(), b.getTime()];
  else if (isDur(a) && isDur(b)) [x, y] = [a.ms, b.ms];
  else throw invalid(op, a, b);
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
  }
}

function membership(a: unknown, b: unknown, charge: (n: number) => void): boolean {
  if (Array.isArray(b)) {
    charge(b.length);
    return b.some((item) => valuesEqual(a, item, charge));
  }
  if (isMap(b)) {
    if (!isStr(a)) throw invalid('in', a, b);
    return Object.hasOwn(b, a);
  }
  if (b === null) return false;
  throw invalid('in', a, b);
}

function range(a: unknown, b: unknown, charge: (n: number) => void): number[] {
  if (!isNum(a) || !isNum(b) || !Number.isInteger(a) || !Number.isInteger(b)) throw invalid('..', a, b);
  const count = Math.max(0, b - a + 1);
  // Charge before allocating: `1..1e9` must fail on the budget, not on the heap.
  checkSize(count, `range ${a}..${b}`);
  charge(count);
  return Array.from({ length: count }, (_, i) => a + i);
}

function strings(op: string, a: unknown, b: unknown): [string, string] {
  if (!isStr(a) || !isStr(b)) throw invalid(op, a, b);
  return [a, b];
}

/** Applies a strict binary operator (everything except &&, ||, ??, which short-circuit). */
export function applyBinary(op: ExprBinaryOp, a: unknown, b: unknown, charge: (n: number) => void): unknown {
  switch (op) {
    case '+': return add(a, b);
    case '-': return subtract(a, b);
    case '*': case '/': case '%': case '**': return arithmetic(op, a, b);
    case '==': return valuesEqual(a, b, charge);
    case '!=': return !valuesEqual(a, b, charge);
    case '<': case '>': case '<=': case '>=': return compare(op, a, b);
    case 'in': return membership(a, b, charge);
    case '..': return range(a, b, charge);
    case 'matches': { const [s, re] = strings(op, a, b); return testRegex(re, s, charge); }
    case 'contains': { const [s, sub] = strings(op, a, b); return s.includes(sub); }
    case 'startsWith': { const [s, p] = strings(op, a, b); return s.startsWith(p); }
    case 'endsWith': { const [s, p] = strings(op, a, b); return s.endsWith(p); }
    case '&&': case '||': case '??':
      throw new ExprError('ERR_EXPR_EVAL', `operator '${op}' must be evaluated lazily`);
  }
}

/** Applies a unary operator: `!`/`not` need a bool, `-`/`+` a number (or `-` a duration). */
export function applyUnary(op: ExprUnaryOp, v: unknown): unknown {
  if (op === '!' || op === 'not') {
    if (typeof v !== 'boolean') throw invalidUnary(op === 'not' ? 'not ' : '!', v);
    return !v;
  }
  if (isNum(v)) return op === '-' ? -v : v;
  if (op === '-' && isDur(v)) return new ExprDuration(-v.ms);
  throw invalidUnary(op, v);
}
