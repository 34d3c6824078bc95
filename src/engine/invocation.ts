import type { Arguments, InvocationBase } from '../spec/index.js';
import { evaluateWhen, evaluateExpression, ExprError } from '../expr/index.js';
import { EngineError } from './errors.js';
import { expandSequence, parseWithParam, shouldExpand } from './expand-items.js';
import { render, renderDeep } from './render.js';
import { itemText, type Scope } from './scope.js';

/** Renders a step's/task's arguments in the caller's scope (values, artifact `from`, `fromExpression`). */
export function renderArguments(inv: InvocationBase, scope: Scope, where: string): Arguments {
  const parameters = (inv.arguments?.parameters ?? []).map((p, i) => ({
    ...p,
    ...(p.value !== undefined ? { value: render(String(p.value), scope, `${where}.arguments.parameters[${i}]`) } : {}),
  }));
  const artifacts = (inv.arguments?.artifacts ?? []).map((a, i) => {
    const out = { ...a };
    if (typeof a.from === 'string') out.from = render(a.from, scope, `${where}.arguments.artifacts[${i}].from`);
    if (typeof a.fromExpression === 'string') out.from = itemText(evaluateExpression(a.fromExpression, scope.env()));
    if (a.raw && typeof a.raw === 'object') out.raw = renderDeep(a.raw, scope, `${where}.arguments.artifacts[${i}].raw`);
    return out;
  });
  return { parameters, artifacts };
}

/** Evaluates `when` after substitution (govaluate semantics); returns the substituted text when false. */
export function whenFails(inv: InvocationBase, scope: Scope, where: string): string | undefined {
  if (inv.when === undefined || inv.when === '') return undefined;
  const text = render(inv.when, scope, `${where}.when`);
  try {
    return evaluateWhen(text) ? undefined : text;
  } catch (err) {
    if (err instanceof ExprError) throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: invalid 'when' expression '${text}': ${err.message}`, { cause: err });
    throw err;
  }
}

/** The items an invocation fans out over, or undefined when it does not expand. */
export function itemsOf(inv: InvocationBase, scope: Scope, where: string): unknown[] | undefined {
  if (!shouldExpand(inv)) return undefined;
  if (inv.withItems !== undefined) return inv.withItems.map((item) => renderDeep(item, scope, `${where}.withItems`));
  if (inv.withParam !== undefined) return parseWithParam(render(inv.withParam, scope, `${where}.withParam`), `${where}.withParam`);
  return expandSequence(renderDeep(inv.withSequence ?? {}, scope, `${where}.withSequence`), `${where}.withSequence`);
}
