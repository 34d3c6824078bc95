/**
 * Effective permissions of a principal in one namespace (the UI's "who am I" page). For every action of
 * the catalogue, the bindings that match the principal and have not expired are sorted into:
 * - allowed: an allow without resourceNames or `when`, and no deny that could apply;
 * - conditional: some allow, but only for some names or under a condition, or a deny that applies
 *   only to some names or under a condition;
 * - neither (not listed): no allow, or a deny without resourceNames or `when`.
 * A `namespace` of undefined asks about cluster-wide requests (only ClusterRoleBindings count).
 */
import { ALL_ACTIONS, type Action } from './action-catalog.js';
import { validTime } from './decide.js';
import { CLUSTER, dataOf, type AccessIndex, type ActionTable, type Grant } from './index-data.js';
import { serviceAccountKey, visitMatchingEntries } from './match-principal.js';
import type { BindingRef, ConditionalPermission, Permissions, Principal } from './types.js';

/** What the principal may do in `namespace` at `now`, unconditionally and conditionally. */
export function permissionsFor(index: AccessIndex, principal: Principal, namespace: string | undefined, now: Date): Permissions {
  const data = dataOf(index);
  const nowMs = validTime(now);
  const serviceAccount = serviceAccountKey(principal, data.serviceAccountIssuers);
  const actions: Action[] = [];
  const conditional: ConditionalPermission[] = [];
  for (const action of ALL_ACTIONS) {
    const scopes = data.byAction.get(action);
    if (scopes === undefined) continue;
    const tables = [namespace === undefined ? undefined : scopes.get(namespace), scopes.get(CLUSTER)];
    const denies = collect(tables, 'deny', principal, serviceAccount, nowMs);
    const allows = collect(tables, 'allow', principal, serviceAccount, nowMs);
    if (allows.length === 0 || denies.some(isUnconditional)) continue;
    if (denies.length === 0 && allows.some(isUnconditional)) {
      actions.push(action);
      continue;
    }
    conditional.push({ action, bindings: refs([...allows, ...denies]), because: because(allows, denies) });
  }
  return { ...(namespace !== undefined ? { namespace } : {}), actions, conditional };
}

function collect(
  tables: Array<ActionTable | undefined>, effect: 'allow' | 'deny', principal: Principal, serviceAccount: string | undefined, nowMs: number,
): Grant[] {
  const found: Grant[] = [];
  for (const table of tables) {
    if (table === undefined) continue;
    visitMatchingEntries(table, principal, serviceAccount, (list: Grant[]) => {
      for (const grant of list) {
        if (grant.binding.effect !== effect) continue;
        const expires = grant.binding.expiresAtMs;
        if ((expires === undefined || nowMs < expires) && !found.includes(grant)) found.push(grant);
      }
      return undefined;
    }, undefined);
  }
  return found;
}

function isUnconditional(grant: Grant): boolean {
  return grant.binding.names === undefined && grant.binding.when === undefined;
}

function refs(grants: Grant[]): BindingRef[] {
  return [...new Set(grants.map((g) => g.binding))].map((b) => b.ref);
}

function because(allows: Grant[], denies: Grant[]): string {
  const parts: string[] = [];
  if (!allows.some(isUnconditional)) parts.push(`allowed only ${allows.map(condition).join(' or ')}`);
  if (denies.length > 0) parts.push(`denied ${denies.map(condition).join(' or ')}`);
  return parts.join('; ');
}

function condition(grant: Grant): string {
  const { names, binding, label } = grant.binding;
  const terms: string[] = [];
  if (names !== undefined) terms.push(`for ${[...names].map((n) => `'${n}'`).join(', ')}`);
  if (binding.when !== undefined) terms.push(`when ${binding.when}`);
  return `${terms.join(' ')} (${label})`;
}
