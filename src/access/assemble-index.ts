/**
 * Turns validated objects into the decision tables of index-data.ts. Built-in cluster roles always come
 * from code (a stored copy of the same name is replaced). A binding whose role does not exist is kept
 * for explain but grants and denies nothing, as in Kubernetes.
 */
import { BUILTIN_CLUSTER_ROLES } from './builtin-roles.js';
import { compileRole } from './compile-role.js';
import {
  CLUSTER, describeRef, objectKey, type CompiledBinding, type CompiledRole, type Grant, type IndexData,
} from './index-data.js';
import type { AccessIndex, StoredObject } from './index-data.js';
import { isRole, type Binding, type Decision } from './types.js';
import type { CompiledParts } from './validate-binding.js';
import { addBinding, TableWriter } from './write-tables.js';

/** Builds the tables from every validated object (keyed by objectKey). */
export function assembleIndex(
  objects: Map<string, StoredObject>, serviceAccountIssuers: ReadonlySet<string>,
): { data: IndexData; counts: Omit<AccessIndex, 'version'> } {
  const roles = new Map<string, CompiledRole>();
  const bindings: Array<{ binding: Binding; parts: CompiledParts }> = [];
  for (const { object, parts } of objects.values()) {
    if (isRole(object)) roles.set(objectKey(object.kind, object.namespace, object.name), compileRole(object));
    else bindings.push({ binding: object, parts: parts ?? {} });
  }
  for (const role of BUILTIN_CLUSTER_ROLES) roles.set(objectKey('ClusterRole', undefined, role.name), compileRole(role));
  // Deterministic order, so that the binding named in a reason does not depend on load order.
  bindings.sort(compareBindings);
  const data: IndexData = { byAction: new Map(), byScope: new Map(), roles, objects, compiled: new Map(), serviceAccountIssuers };
  const writer = new TableWriter(data, false);
  let grantCount = 0;
  for (const { binding, parts } of bindings) {
    const compiled = compileBinding(binding, parts, roles);
    data.compiled.set(objectKey(binding.kind, binding.namespace, binding.name), compiled);
    grantCount += addBinding(writer, compiled);
  }
  return { data, counts: { roleCount: roles.size, bindingCount: bindings.length, grantCount } };
}

/** The order of write-tables.ts's compareCompiled, so that every insert is an append. */
function compareBindings(x: { binding: Binding }, y: { binding: Binding }): number {
  const a = x.binding;
  const b = y.binding;
  if (a.effect !== b.effect) return a.effect === 'deny' ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  const na = a.namespace ?? '';
  const nb = b.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A validated binding resolved against the roles, ready for the tables. */
export function compileBinding(binding: Binding, parts: CompiledParts, roles: ReadonlyMap<string, CompiledRole>): CompiledBinding {
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
