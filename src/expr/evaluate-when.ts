/**
 * Evaluates Argo `when` expressions with govaluate's semantics (Argo evaluates them with no
 * parameters, bare words already turned into strings):
 * - `==`/`!=` compare type and value, so `5 == '5'` is false;
 * - `< > <= >=` compare two numbers, or two strings lexically; anything else is a type error;
 * - `=~`/`!~` match a string against an RE2 pattern (our linear-time engine, see regex-match.ts);
 * - `+` adds numbers or concatenates when either side is a string; `- * / %` need numbers;
 * - `&& || !` need bools and short-circuit.
 * The result must be a bool.
 */
import { describePosition, ExprError } from './errors.js';
import { parseWhen } from './parse-when.js';
import { stepBudget, testRegex } from './regex-match.js';
import type { WhenAst } from './types.js';

type Value = string | number | boolean;

interface Ctx {
  text: string;
  charge: (steps: number) => void;
}

/** Evaluates an Argo `when` expression; the result must be a boolean (blank means true). */
export function evaluateWhen(text: string): boolean {
  const ast = parseWhen(text);
  const result = evaluate(ast, { text, charge: stepBudget() });
  if (typeof result !== 'boolean') {
    throw new ExprError('ERR_EXPR_EVAL', `when expression must evaluate to a bool, got ${kind(result)}`, 0);
  }
  return result;
}

function kind(v: Value): string {
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function fail(ctx: Ctx, node: WhenAst, why: string): ExprError {
  return new ExprError('ERR_EXPR_EVAL', `${why} at ${describePosition(ctx.text, node.pos)}`, node.pos);
}

function evaluate(node: WhenAst, ctx: Ctx): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'unary': {
      const v = evaluate(node.operand, ctx);
      if (node.op === '!' && typeof v === 'boolean') return !v;
      if (node.op === '-' && typeof v === 'number') return -v;
      throw fail(ctx, node, `operator '${node.op}' cannot be applied to a ${kind(v)}`);
    }
    case 'in': {
      const v = evaluate(node.value, ctx);
      return node.list.some((item) => evaluate(item, ctx) === v);
    }
    case 'binary':
      return binary(node, ctx);
  }
}

function binary(node: Extract<WhenAst, { kind: 'binary' }>, ctx: Ctx): Value {
  if (node.op === '&&' || node.op === '||') {
    const left = evaluate(node.left, ctx);
    if (typeof left !== 'boolean') throw fail(ctx, node, `operator '${node.op}' needs bool operands, got ${kind(left)}`);
    if (node.op === '&&' ? !left : left) return left;
    const right = evaluate(node.right, ctx);
    if (typeof right !== 'boolean') throw fail(ctx, node, `operator '${node.op}' needs bool operands, got ${kind(right)}`);
    return right;
  }
  const a = evaluate(node.left, ctx);
  const b = evaluate(node.right, ctx);
  const mismatch = (): ExprError => fail(ctx, node, `operator '${node.op}' cannot compare ${kind(a)} with ${kind(b)}`);
  switch (node.op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': case '>': case '<=': case '>=':
      if (typeof a !== typeof b || typeof a === 'boolean') throw mismatch();
      return node.op === '<' ? a < b : node.op === '>' ? a > b : node.op === '<=' ? a <= b : a >= b;
    case '=~': case '!~':
      if (typeof a !== 'string' || typeof b !== 'string') throw fail(ctx, node, `operator '${node.op}' needs string operands, got ${kind(a)} and ${kind(b)}`);
      return regex(node, ctx, a, b) === (node.op === '=~');
    case '+':
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      if (typeof a === 'string' || typeof b === 'string') return `${a}${b}`;
      throw mismatch();
    default:
      return arithmetic(node, ctx, a, b);
  }
}

function regex(node: WhenAst, ctx: Ctx, input: string, pattern: string): boolean {
  try {
    return testRegex(pattern, input, ctx.charge);
  } catch (err) {
    if (err instanceof ExprError) throw new ExprError(err.code, `${err.message} at ${describePosition(ctx.text, node.pos)}`, node.pos);
    throw err;
  }
}

function arithmetic(node: Extract<WhenAst, { kind: 'binary' }>, ctx: Ctx, a: Value, b: Value): number {
  if (typeof a !== 'number' || typeof b !== 'number') {
    throw fail(ctx, node, `operator '${node.op}' needs numbers, got ${kind(a)} and ${kind(b)}`);
  }
  if ((node.op === '/' || node.op === '%') && b === 0) throw fail(ctx, node, 'division by zero');
  switch (node.op) {
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    default: return a % b;
  }
}
