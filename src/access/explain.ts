/**
 * `keyflow auth can-i ... --explain`: the decision, plus every binding of the request's scopes (its
 * namespace, then cluster-wide) whose subjects match the principal, each with why it applies or not.
 * Bindings whose subjects do not match are not listed: they are the rest of the world.
 */
import { decide, validTime } from './decide.js';
import { CLUSTER, dataOf, type AccessIndex, type CompiledBinding } from './index-data.js';
import { describeVerdict, judgeBinding, type Request } from './judge-binding.js';
import { describeSubject, serviceAccountKey, visitMatchingEntries, type SubjectKind } from './match-principal.js';
import type { BindingExplanation, ClaimValue, Explanation, Principal, ResourceRef } from './types.js';

interface Walk {
  request: Request;
  seen: Set<CompiledBinding>;
  out: BindingExplanation[];
}

/** The decision and, for each binding that names the principal, why it did or did not apply. */
export function explain(index: AccessIndex, principal: Principal, action: string, resource: ResourceRef, now: Date): Explanation {
  const data = dataOf(index);
  const walk: Walk = {
    request: { principal, action, resource, now, nowMs: validTime(now) },
    seen: new Set(),
    out: [],
  };
  const scopes = resource.namespace === undefined ? [CLUSTER] : [resource.namespace, CLUSTER];
  const serviceAccount = serviceAccountKey(principal, data.serviceAccountIssuers);
  for (const scope of scopes) {
    const buckets = data.byScope.get(scope);
    if (buckets !== undefined) visitMatchingEntries(buckets, principal, serviceAccount, explainList, walk);
  }
  return { decision: decide(index, principal, action, resource, now), bindings: walk.out };
}

function explainList(list: CompiledBinding[], walk: Walk, kind: SubjectKind, key: string, value?: ClaimValue): undefined {
  for (const binding of list) {
    if (walk.seen.has(binding)) continue;
    walk.seen.add(binding);
    const { applies, why } = judge(binding, walk.request);
    walk.out.push({
      binding: binding.ref,
      role: { kind: binding.binding.roleRef.kind, name: binding.binding.roleRef.name },
      effect: binding.effect,
      matchedSubject: describeSubject(kind, key, value),
      applies,
      why,
    });
  }
  return undefined;
}

function judge(binding: CompiledBinding, request: Request): { applies: boolean; why: string } {
  const ref = binding.binding.roleRef;
  if (binding.role === undefined) return { applies: false, why: `${ref.kind} ${ref.name} does not exist, so the binding grants nothing` };
  const rule = binding.role.rules.get(request.action as never);
  if (rule === undefined) return { applies: false, why: `${ref.kind} ${ref.name} does not include ${request.action}` };
  const verdict = judgeBinding(binding, request);
  const how = `${ref.kind} ${ref.name} includes ${request.action} (${rule})`;
  return { applies: verdict.applies, why: `${how}; ${describeVerdict(binding, verdict, request)}` };
}
