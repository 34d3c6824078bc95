/**
 * The decision: may `principal` do `action` on `resource` at `now`?
 *
 *   1. Look up the action's table, then the request's namespace scope and the cluster scope.
 *   2. Deny pass: the first deny binding (namespace scope, then cluster) whose subject matches and that
 *      applies decides: denied. Deny wins over any allow.
 *   3. Allow pass: the first allow binding that applies decides: allowed.
 *   4. Otherwise denied: `no binding matched`, or, when the only matching allow had expired, a reason
 *      that says so.
 *
 * Pure and synchronous; the hot path allocates nothing when no binding has a condition, because each
 * grant carries its decision precomputed.
 */
import { isAction } from './action-catalog.js';
import { decisionOf } from './assemble-index.js';
import { CLUSTER, dataOf, type AccessIndex, type EffectTable, type Grant, type SubjectBuckets } from './index-data.js';
import { judgeBinding, type Request } from './judge-binding.js';
import { visitMatchingLists } from './match-principal.js';
import type { Decision, Principal, ResourceRef } from './types.js';

/** The default deny. */
export const NO_BINDING_MATCHED: Decision = Object.freeze({ allowed: false, reason: Object.freeze({ text: 'no binding matched' }) });

interface Scan extends Request {
  expired?: Grant;
  failure?: string;
}

/** Decides one request; deny wins, default deny, expired bindings never grant. */
export function decide(index: AccessIndex, principal: Principal, action: string, resource: ResourceRef, now: Date): Decision {
  return decideRequest(index, { principal, action, resource, now, nowMs: now.getTime() });
}

/** decide() over a prepared request (check-grant.ts sets `strict`). */
export function decideRequest(index: AccessIndex, request: Request): Decision {
  const scan: Scan = request;
  const { action, resource } = scan;
  const scopes = dataOf(index).byAction.get(action as never);
  if (scopes === undefined) return isAction(action) ? NO_BINDING_MATCHED : unknownAction(action);
  const local = resource.namespace === undefined ? undefined : scopes.get(resource.namespace);
  const cluster = scopes.get(CLUSTER);
  if (local === undefined && cluster === undefined) return NO_BINDING_MATCHED;
  const denied = scanTables(local, cluster, 'deny', scan);
  if (denied !== undefined) return scan.failure === undefined ? decisionOf(denied) : failedDeny(denied, scan.failure);
  const allowed = scanTables(local, cluster, 'allow', scan);
  if (allowed !== undefined) return decisionOf(allowed);
  return scan.expired === undefined ? NO_BINDING_MATCHED : onlyExpired(scan.expired);
}

function scanTables(local: EffectTable | undefined, cluster: EffectTable | undefined, effect: 'allow' | 'deny', scan: Scan): Grant | undefined {
  const a = local?.[effect];
  const hit = a === undefined ? undefined : scanBuckets(a, scan);
  if (hit !== undefined) return hit;
  const b = cluster?.[effect];
  return b === undefined ? undefined : scanBuckets(b, scan);
}

function scanBuckets(buckets: SubjectBuckets<Grant>, scan: Scan): Grant | undefined {
  return visitMatchingLists(buckets, scan.principal, scanList, scan);
}

function scanList(list: Grant[], scan: Scan): Grant | undefined {
  for (let i = 0; i < list.length; i++) {
    const grant = list[i]!;
    const verdict = judgeBinding(grant.binding, scan);
    if (verdict.applies) {
      if (verdict.failure !== undefined) scan.failure = verdict.failure;
      return grant;
    }
    if (verdict.expired && grant.binding.effect === 'allow') scan.expired ??= grant;
  }
  return undefined;
}

function failedDeny(grant: Grant, failure: string): Decision {
  const { reason } = decisionOf(grant);
  return { allowed: false, reason: { ...reason, text: `${reason.text}: ${failure}` } };
}

function onlyExpired(grant: Grant): Decision {
  const { binding } = grant;
  return {
    allowed: false,
    reason: {
      binding: binding.ref,
      ...(binding.role ? { role: { kind: binding.role.role.kind, name: binding.role.role.name } } : {}),
      rule: grant.rule,
      effect: 'allow',
      text: `no binding matched: ${binding.label} would allow it but expired at ${binding.binding.expiresAt}`,
    },
  };
}

function unknownAction(action: string): Decision {
  const shown = typeof action === 'string' ? action.slice(0, 64) : typeof action;
  return { allowed: false, reason: { text: `unknown action '${shown}'` } };
}
