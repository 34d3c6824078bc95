/**
 * Tree-walking interpreter for expr-lang ASTs. Safety properties, in order of importance:
 * - values are read only through mapGet/array indexes on plain data (no prototype chain, no getters
 *   on class instances, no host methods); forbidden names are refused even when computed at run time;
 * - only builtins from our tables and methods from methods.ts can be called;
 * - every node visited and every element a builtin touches is charged to a step budget, and every
 *   string or list built is size-checked, so evaluation time and memory are bounded. Operands and
 *   results of builtins and operators are charged by size (weightOf), so a loop over a large value
 *   costs in proportion to that value.
 */
import { applyBinary, applyUnary } from './apply-operator.js';
import { CLOSURE_BUILTINS, closureItems } from './builtins-closure.js';
import { CORE_BUILTINS } from './builtins-core.js';
import { SPRIG_BUILTINS } from './builtins-sprig.js';
import type { CallContext } from './convert-values.js';
import { describePosition, ExprError } from './errors.js';
import { EXPR_LIMITS } from './limits.js';
import { callMethod } from './methods.js';
import { parseExpression, sourceOf } from './parse-expression.js';
import { readIndex, readMember, sliceValue } from './read-member.js';
import type { ExprAst } from './types.js';
import { typeName, weightOf } from './values.js';

/** Options of one evaluation. `now` is the clock behind now(); inject it for deterministic results. */
export interface EvaluateOptions {
  now?: () => Date;
}

interface Ctx extends CallContext {
  env: Readonly<Record<string, unknown>>;
  steps: number;
  scopes: { item: unknown; index: number }[];
  text: string;
}

/** Evaluates an expr-lang expression (text or parsed AST) against `env`. */
export function evaluateExpression(
  exprOrAst: string | ExprAst,
  env: Readonly<Record<string, unknown>>,
  options: EvaluateOptions = {},
): unknown {
  const ast = typeof exprOrAst === 'string' ? parseExpression(exprOrAst) : exprOrAst;
  if (typeof env !== 'object' || env === null) throw new TypeError('evaluateExpression: env must be an object');
  const clock = options.now ?? (() => new Date());
  const ctx: Ctx = {
    env, steps: 0, scopes: [], text: typeof exprOrAst === 'string' ? exprOrAst : (sourceOf(ast) ?? ''),
    now: clock,
    charge(n: number) {
      ctx.steps += n;
      if (ctx.steps > EXPR_LIMITS.maxSteps) {
        throw new ExprError('ERR_EXPR_LIMIT', `expression evaluation exceeded ${EXPR_LIMITS.maxSteps} steps`);
      }
    },
  };
  try {
    return evaluate(ast, ctx);
  } catch (err) {
    if (err instanceof ExprError) throw err;
    // A host failure (e.g. a bug in a builtin) must still surface as a typed error, never a crash.
    throw new ExprError('ERR_EXPR_EVAL', 'expression evaluation failed', undefined, { cause: err });
  }
}

const SHORT = Symbol('optional chain short-circuit');

function evaluate(node: ExprAst, ctx: Ctx): unknown {
  ctx.charge(1);
  try {
    return evaluateNode(node, ctx);
  } catch (err) {
    // The innermost node that fails names the place; outer nodes pass the located error on.
    if (err instanceof ExprError && err.position === undefined) {
      throw new ExprError(err.code, `${err.message} at ${describePosition(ctx.text, node.pos)}`, node.pos, { cause: err.cause });
    }
    throw err;
  }
}

function evaluateNode(node: ExprAst, ctx: Ctx): unknown {
  switch (node.kind) {
    case 'literal': return node.value;
    case 'array': return node.items.map((item) => evaluate(item, ctx));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const { key, value } of node.entries) out[key] = evaluate(value, ctx);
      return out;
    }
    case 'identifier': return Object.hasOwn(ctx.env, node.name) ? (ctx.env[node.name] ?? null) : null;
    case 'pointer': return pointer(node.name, ctx);
    case 'member': case 'slice': case 'method': {
      const v = chain(node, ctx, false);
      return v === SHORT ? null : v;
    }
    case 'call': return call(node, ctx);
    case 'closure': throw new ExprError('ERR_EXPR_EVAL', 'a closure can only be an argument of a builtin like filter or map');
    case 'unary': return applyUnary(node.op, evaluate(node.operand, ctx));
    case 'binary': return binary(node, ctx);
    case 'conditional': {
      const test = evaluate(node.test, ctx);
      if (typeof test !== 'boolean') throw new ExprError('ERR_EXPR_EVAL', `the condition of '? :' must be a bool, got ${typeName(test)}`);
      return evaluate(test ? node.consequent : node.alternate, ctx);
    }
  }
}

function pointer(name: '' | 'index', ctx: Ctx): unknown {
  const scope = ctx.scopes.at(-1);
  if (scope === undefined) throw new ExprError('ERR_EXPR_EVAL', "'#' used outside a closure");
  return name === 'index' ? scope.index : scope.item;
}

function bool(op: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ExprError('ERR_EXPR_EVAL', `invalid operation: ${op} needs bool operands, got ${typeName(v)}`);
  return v;
}

function binary(node: Extract<ExprAst, { kind: 'binary' }>, ctx: Ctx): unknown {
  switch (node.op) {
    case '&&': return bool('&&', evaluate(node.left, ctx)) && bool('&&', evaluate(node.right, ctx));
    case '||': return bool('||', evaluate(node.left, ctx)) || bool('||', evaluate(node.right, ctx));
    case '??': {
      // Lenient on its left member chain: `a.b.c ?? x` is x when any link is nil, like `a?.b?.c ?? x`.
      const isChain = node.left.kind === 'member' || node.left.kind === 'slice' || node.left.kind === 'method';
      const left = isChain ? chain(node.left, ctx, true) : evaluate(node.left, ctx);
      return left === SHORT || left === null ? evaluate(node.right, ctx) : left;
    }
    default: {
      const left = evaluate(node.left, ctx);
      const right = evaluate(node.right, ctx);
      ctx.charge(weightOf(left) + weightOf(right));
      const result = applyBinary(node.op, left, right, (n) => ctx.charge(n));
      ctx.charge(weightOf(result));
      return result;
    }
  }
}

/** Evaluates a member/slice/method chain; SHORT means an optional link (or lenient `??`) met nil. */
function chain(node: ExprAst, ctx: Ctx, lenient: boolean): unknown {
  if (node.kind !== 'member' && node.kind !== 'slice' && node.kind !== 'method') return evaluate(node, ctx);
  ctx.charge(1);
  const object = chain(node.object, ctx, lenient);
  if (object === SHORT) return SHORT;
  if (object === null && (lenient || (node.kind !== 'slice' && node.optional))) return SHORT;
  if (typeof object === 'string') ctx.charge(weightOf(object)); // indexing a string walks its code points
  try {
    switch (node.kind) {
      case 'member':
        return node.computed ? readIndex(object, evaluate(node.property, ctx)) : readMember(object, (node.property as { value: string }).value);
      case 'slice': {
        const part = sliceValue(object, node.from && evaluate(node.from, ctx), node.to && evaluate(node.to, ctx));
        ctx.charge(weightOf(part));
        return part;
      }
      case 'method':
        return callMethod(node.name, object, node.args.map((a) => evaluate(a, ctx)));
    }
  } catch (err) {
    if (err instanceof ExprError && err.position === undefined) {
      throw new ExprError(err.code, `${err.message} at ${describePosition(ctx.text, node.pos)}`, node.pos);
    }
    throw err;
  }
}

function call(node: Extract<ExprAst, { kind: 'call' }>, ctx: Ctx): unknown {
  const closure = CLOSURE_BUILTINS.get(node.name);
  if (closure !== undefined) {
    const items = closureItems(node.name, evaluate(node.args[0]!, ctx));
    ctx.charge(items.length);
    const body = node.args[1];
    const predicate = body === undefined ? null : (item: unknown, index: number): unknown => {
      ctx.scopes.push({ item, index });
      try {
        return evaluate(body.kind === 'closure' ? body.body : body, ctx);
      } finally {
        ctx.scopes.pop();
      }
    };
    const result = closure.run(items, predicate, ctx);
    ctx.charge(weightOf(result));
    return result;
  }
  const fn = node.name.startsWith('sprig.') ? SPRIG_BUILTINS.get(node.name.slice('sprig.'.length)) : CORE_BUILTINS.get(node.name);
  if (fn === undefined) throw new ExprError('ERR_EXPR_EVAL', `unknown function '${node.name}'`);
  const args = node.args.map((a) => evaluate(a, ctx));
  ctx.charge(args.reduce<number>((w, a) => w + weightOf(a), 0));
  const result = fn.fn(args, ctx);
  ctx.charge(weightOf(result));
  return result;
}
