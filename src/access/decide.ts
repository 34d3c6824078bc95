/**
 * The decision: may `principal` do `action` on `resource` at `now`?
 *
 *   1. Look up the action's table for the request's namespace and for the cluster scope.
 *   2. Walk the entries of the subject keys the principal has (namespace scope, then cluster). The
 *      first deny binding that applies decides at once: denied (deny wins over any allow). The first
 *      allow binding that applies is remembered, and the walk goes on looking for denies.
 *   3. A remembered allow decides: allowed.
 *   4. Otherwise denied: `no binding matched`, or, when the only matching allow had expired, a reason
 *      that says so.
 *
 * Pure and synchronous; the hot path allocates one small object when no binding has a condition,
 * because each grant carries its decision, made once.
 */
import { decisionOf } from './assemble-index.js';
import { isAction } from './action-catalog.js';
import { CLUSTER, dataOf, type AccessIndex, type ActionTable, type Grant } from './index-data.js';
import { judgeBinding, type Request } from './judge-binding.js';
import { serviceAccountKey, visitMatchingEntries } from './match-principal.js';
import type { Decision, Principal, ResourceRef } from './types.js';

/** The default deny. */
export const NO_BINDING_MATCHED: Decision = Object.freeze({ allowed: false, reason: Object.freeze({ text: 'no binding matched' }) });

interface Scan extends Request {
  serviceAccount: string | undefined;
  allow?: Grant;
  expired?: Grant;
  failure?: string;
}

/** Decides one request; deny wins, default deny, expired bindings never grant. */
export function decide(index: AccessIndex, principal: Principal, action: string, resource: ResourceRef, now: Date): Decision {
  return decideStrictly(index, principal, action, resource, now, false);
}

/** decide(), where `strict` (escalation checks) never takes a `when` as met. */
export function decideStrictly(
  index: AccessIndex, principal: Principal, action: string, resource: ResourceRef, now: Date, strict: boolean,
): Decision {
  const nowMs = validTime(now);
  const data = dataOf(index);
  const scopes = data.byAction.get(action as never);
  if (scopes === undefined) return isAction(action) ? NO_BINDING_MATCHED : unknownAction(action);
  const local = resource.namespace === undefined ? undefined : scopes.get(resource.namespace);
  const cluster = scopes.get(CLUSTER);
  if (local === undefined && cluster === undefined) return NO_BINDING_MATCHED;
  // Every field set up front: one object shape for every scan keeps the walk monomorphic.
  const scan: Scan = {
    principal, action, resource, now, nowMs, env: undefined, strict,
    serviceAccount: serviceAccountKey(principal, data.serviceAccountIssuers),
    allow: undefined, expired: undefined, failure: undefined,
  };
  const denied = (local === undefined ? undefined : scanTable(local, scan)) ?? (cluster === undefined ? undefined : scanTable(cluster, scan));
  if (denied !== undefined) return scan.failure === undefined ? decisionOf(denied) : failedDeny(denied, scan.failure);
  if (scan.allow !== undefined) return decisionOf(scan.allow);
  return scan.expired === undefined ? NO_BINDING_MATCHED : onlyExpired(scan.expired);
}

/** The first deny that applies (the walk stops), after remembering the first allow that applies. */
function scanTable(table: ActionTable, scan: Scan): Grant | undefined {
  return visitMatchingEntries(table, scan.principal, scan.serviceAccount, scanList, scan);
}

function scanList(list: Grant[], scan: Scan): Grant | undefined {
  for (let i = 0; i < list.length; i++) {
    const grant = list[i]!;
    const deny = grant.binding.effect === 'deny';
    // Denies come first; once they are passed, only the first allow that applies matters.
    if (!deny && scan.allow !== undefined) return undefined;
    const verdict = judgeBinding(grant.binding, scan);
    if (verdict.applies) {
      if (deny) {
        if (verdict.failure !== undefined) scan.failure = verdict.failure;
        return grant;
      }
      scan.allow = grant;
      return undefined;
    }
    if (!deny && verdict.expired) scan.expired ??= grant;
  }
  return undefined;
}

/** Milliseconds of `now`; an invalid clock would make expired bindings look alive, so it is refused. */
export function validTime(now: Date): number {
  const ms = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new TypeError('access decisions need `now` as a valid Date');
  return ms;
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
