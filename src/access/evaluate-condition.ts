/**
 * A binding's `when`, evaluated by the expression domain's interpreter (no eval; own-property reads
 * only; forbidden names such as `__proto__` refused; step and size budgets). The environment:
 *
 *   resource   { kind, namespace, name, labels }   ('' for an absent namespace or name, {} for no labels)
 *   action     'workflow:get'
 *   verb       'get'
 *   principal  { username, groups, kind, issuer, subject, claims }
 *
 * The result must be a bool. Anything else, or an evaluation error, is a failure: an allow binding then
 * does not apply and a deny binding does (fail closed).
 */
import { evaluateExpression, ExprError, type ExprAst } from '../expr/index.js';
import type { Principal, ResourceRef } from './types.js';

export type ConditionResult = { ok: true; value: boolean } | { ok: false; why: string };

/** The variables a `when` sees for one request. */
export function conditionEnv(principal: Principal, action: string, resource: ResourceRef): Record<string, unknown> {
  return {
    resource: {
      kind: resource.kind,
      namespace: resource.namespace ?? '',
      name: resource.name ?? '',
      labels: resource.labels ?? {},
    },
    action,
    verb: action.slice(action.indexOf(':') + 1),
    principal: {
      username: principal.username,
      groups: principal.groups,
      kind: principal.kind,
      issuer: principal.issuer,
      subject: principal.subject,
      claims: principal.claims,
    },
  };
}

/** Evaluates a parsed condition; never throws for anything the expression or the request contains. */
export function evaluateCondition(when: ExprAst, env: Record<string, unknown>, now: Date): ConditionResult {
  try {
    const value = evaluateExpression(when, env, { now: () => now });
    if (typeof value === 'boolean') return { ok: true, value };
    return { ok: false, why: 'condition did not yield a bool' };
  } catch (err) {
    if (err instanceof ExprError) return { ok: false, why: `condition failed: ${err.message}` };
    return { ok: false, why: 'condition failed' };
  }
}
