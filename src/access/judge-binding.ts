/**
 * Whether a binding whose subject and action already match applies to one request. The order of the
 * checks is the order of their cost: resourceNames, then expiry, then the `when` condition.
 *
 * - resourceNames: the request must name one of them; a request without a name (list, create) is
 *   outside every binding that has resourceNames, allow and deny alike.
 * - expiresAt: from that instant on the binding neither grants nor denies.
 * - when: must evaluate to true. A failed evaluation makes an allow not apply and a deny apply.
 */
import { conditionEnv, evaluateCondition } from './evaluate-condition.js';
import type { CompiledBinding } from './index-data.js';
import type { Principal, ResourceRef } from './types.js';

/** One request being decided; `env` is built on first use, since most bindings have no condition. */
export interface Request {
  principal: Principal;
  action: string;
  resource: ResourceRef;
  now: Date;
  nowMs: number;
  env?: Record<string, unknown>;
  /** Escalation checks: a condition is never taken as met (allows with `when` do not apply, denies do). */
  strict?: boolean;
}

export type Verdict =
  | { applies: true; failure?: string }
  | { applies: false; expired?: true; why: string };

const APPLIES: Verdict = Object.freeze({ applies: true });
const EXPIRED: Verdict = Object.freeze({ applies: false, expired: true, why: 'expired' });
const NAME: Verdict = Object.freeze({ applies: false, why: 'name' });
const CONDITIONAL: Verdict = Object.freeze({ applies: false, why: 'has a condition, which an escalation check never takes as met' });

/** Decides whether `binding` applies to `request` (its subject and action are known to match). */
export function judgeBinding(binding: CompiledBinding, request: Request): Verdict {
  if (binding.names !== undefined) {
    const name = request.resource.name;
    if (name === undefined || !binding.names.has(name)) return NAME;
  }
  if (binding.expiresAtMs !== undefined && request.nowMs >= binding.expiresAtMs) return EXPIRED;
  if (binding.when === undefined) return APPLIES;
  if (request.strict) return binding.effect === 'deny' ? APPLIES : CONDITIONAL;
  request.env ??= conditionEnv(request.principal, request.action, request.resource);
  const result = evaluateCondition(binding.when, request.env, request.now);
  if (result.ok) return result.value ? APPLIES : { applies: false, why: 'condition is false' };
  return binding.effect === 'deny' ? { applies: true, failure: result.why } : { applies: false, why: result.why };
}

/** A verdict's `why` in words, for explain. */
export function describeVerdict(binding: CompiledBinding, verdict: Verdict, request: Request): string {
  if (verdict.applies) return verdict.failure ? `${verdict.failure}; a deny applies when its condition fails` : 'applies';
  if (verdict.expired) return `expired at ${binding.binding.expiresAt}`;
  if (verdict.why === 'name') {
    return request.resource.name === undefined
      ? 'has resourceNames and the request names no resource'
      : `'${request.resource.name}' is not in resourceNames`;
  }
  return verdict.why;
}
