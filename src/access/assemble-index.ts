/**
 * Turns validated objects into the decision tables of index-data.ts. Built-in cluster roles always come
 * from code (a stored copy of the same name is replaced). A binding whose role does not exist is kept
 * for explain but grants and denies nothing, as in Kubernetes.
 */
import type { Action } from './action-catalog.js';
import { BUILTIN_CLUSTER_ROLES } from './builtin-roles.js';
import { compileRole } from './compile-role.js';
import {
  CLUSTER, describeRef, emptyBuckets, objectKey,
  type ActionTable, type CompiledBinding, type CompiledRole, type Grant, type GrantPair, type IndexData, type SubjectBuckets,
} from './index-data.js';
import type { AccessIndex, StoredObject } from './index-data.js';
import { isRole, type Binding, type Decision, type Subject } from './types.js';
import type { CompiledParts } from './validate-binding.js';

/** Builds the tables from every validated object (keyed by objectKey). */
export function assembleIndex(objects: Map<string, StoredObject>): { data: IndexData; counts: Omit<AccessIndex, 'version'> } {
  const roles = new Map<string, CompiledRole>();
  const bindings: Array<{ binding: Binding; parts: CompiledParts }> = [];
  for (const { object, parts } of objects.values()) {
    if (isRole(object)) roles.set(objectKey(object.kind, object.namespace, object.name), compileRole(object));
    else bindings.push({ binding: object, parts: parts ?? {} });
  }
  for (const role of BUILTIN_CLUSTER_ROLES) roles.set(objectKey('ClusterRole', undefined, role.name), compileRole(role));
  // Deterministic order, so that the binding named in a reason does not depend on load order.
  bindings.sort(compareBindings);
  const data: IndexData = { byAction: new Map(), byScope: new Map(), roles, objects };
  let grantCount = 0;
  for (const { binding, parts } of bindings) {
    const compiled = compileBinding(binding, parts, roles);
    addToScope(data, compiled);
    grantCount += addGrants(data, compiled);
  }
  return { data, counts: { roleCount: roles.size, bindingCount: bindings.length, grantCount } };
}

function compareBindings(x: { binding: Binding }, y: { binding: Binding }): number {
  const a = x.binding;
  const b = y.binding;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  const na = a.namespace ?? '';
  const nb = b.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function compileBinding(binding: Binding, parts: CompiledParts, roles: Map<string, CompiledRole>): CompiledBinding {
  const ref = { kind: binding.kind, ...(binding.namespace !== undefined ? { namespace: binding.namespace } : {}), name: binding.name };
  // A RoleBinding's Role lives in the binding's namespace; a ClusterRole is found cluster-wide.
  const roleNamespace = binding.roleRef.kind === 'Role' ? binding.namespace : undefined;
  const role = roles.get(objectKey(binding.roleRef.kind, roleNamespace, binding.roleRef.name));
  return {
    binding, ref, label: describeRef(ref),
    scope: binding.kind === 'RoleBinding' ? binding.namespace! : CLUSTER,
    effect: binding.effect,
    ...(role ? { role } : {}),
    ...(parts.expiresAtMs !== undefined ? { expiresAtMs: parts.expiresAtMs } : {}),
    ...(binding.resourceNames ? { names: new Set(binding.resourceNames) } : {}),
    ...(parts.when ? { when: parts.when } : {}),
  };
}

function addToScope(data: IndexData, compiled: CompiledBinding): void {
  let buckets = data.byScope.get(compiled.scope);
  if (!buckets) data.byScope.set(compiled.scope, buckets = emptyBuckets());
  for (const subject of compiled.binding.subjects) pushTo(buckets, subject, compiled);
}

function addGrants(data: IndexData, compiled: CompiledBinding): number {
  if (!compiled.role) return 0;
  let count = 0;
  const { subjects } = compiled.binding;
  const deny = compiled.effect === 'deny';
  // One Grant per rule: the actions a wildcard covers share it (and its decision).
  for (const { rule, actions } of compiled.role.groups) {
    const grant: Grant = { binding: compiled, rule, decision: undefined };
    for (const action of actions) {
      const table = actionTable(data, action, compiled.scope);
      for (const subject of subjects) {
        const pair = pairOf(table, subject);
        const list = deny ? (pair.deny ??= []) : (pair.allow ??= []);
        // The same binding can name a principal twice (user and group); one entry per list is enough.
        if (list[list.length - 1] !== grant) list.push(grant);
        count++;
      }
    }
  }
  return count;
}

function actionTable(data: IndexData, action: Action, scope: string): ActionTable {
  let scopes = data.byAction.get(action);
  if (!scopes) data.byAction.set(action, scopes = new Map());
  let table = scopes.get(scope);
  if (!table) scopes.set(scope, table = emptyBuckets());
  return table;
}

function pairOf(table: ActionTable, subject: Subject): GrantPair {
  switch (subject.kind) {
    case 'user': return pairIn(table.users, subject.name);
    case 'group': return pairIn(table.groups, subject.name);
    case 'serviceaccount': return pairIn(table.serviceAccounts, `${subject.namespace}:${subject.name}`);
    case 'claim': {
      let byValue = table.claims.get(subject.name);
      if (!byValue) table.claims.set(subject.name, byValue = new Map());
      return pairIn(byValue, subject.value);
    }
  }
}

function pairIn<K>(map: Map<K, GrantPair>, key: K): GrantPair {
  let pair = map.get(key);
  if (!pair) map.set(key, pair = { deny: undefined, allow: undefined });
  return pair;
}

function pushTo<T>(buckets: SubjectBuckets<T[]>, subject: Subject, entry: T): void {
  switch (subject.kind) {
    case 'user': return push(buckets.users, subject.name, entry);
    case 'group': return push(buckets.groups, subject.name, entry);
    case 'serviceaccount': return push(buckets.serviceAccounts, `${subject.namespace}:${subject.name}`, entry);
    case 'claim': {
      let byValue = buckets.claims.get(subject.name);
      if (!byValue) buckets.claims.set(subject.name, byValue = new Map());
      return push(byValue, subject.value, entry);
    }
  }
}

function push<K, T>(map: Map<K, T[]>, key: K, entry: T): void {
  const list = map.get(key);
  // The same binding can name a principal twice (user and group); one entry per list is enough.
  if (!list) map.set(key, [entry]);
  else if (list[list.length - 1] !== entry) list.push(entry);
}

/** The frozen decision a grant stands for when it applies (made on its first hit, then returned as is). */
export function decisionOf(grant: Grant): Decision {
  return grant.decision ??= makeDecision(grant);
}

function makeDecision({ binding: compiled, rule }: Grant): Decision {
  const role = compiled.role!.role;
  const verb = compiled.effect === 'deny' ? 'denied' : 'allowed';
  const roleRef = { kind: role.kind, name: role.name };
  return Object.freeze({
    allowed: compiled.effect === 'allow',
    reason: Object.freeze({
      binding: compiled.ref, role: roleRef, rule, effect: compiled.effect,
      text: `${verb} by ${compiled.label} (${role.kind} ${role.name}: ${rule})`,
    }),
  });
}
