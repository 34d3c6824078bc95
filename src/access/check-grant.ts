/**
 * The escalation rule (Kubernetes RBAC's, "privilege escalation prevention"): nobody can create or change
 * a role or binding that grants an action they do not hold themselves in that scope.
 *
 * - Role in namespace N: the granter must hold each of its actions in N; ClusterRole: cluster-wide
 *   (through a ClusterRoleBinding).
 * - RoleBinding in N: each action of the role it refers to, in N; ClusterRoleBinding: cluster-wide.
 *   With resourceNames, the actions are checked on each of those names. A deny binding is checked the
 *   same way: restricting others is itself a power over that action.
 * - "Hold" is strict: the granter's own bindings with a `when` condition never count as holding, and
 *   their deny bindings with a condition count as denying.
 * - A binding to a role that does not exist is refused (nothing could be checked).
 * Whether the granter may manage roles or bindings at all (`role:create`, ...) is a separate decision.
 */
import { expandActionPattern, type Action } from './action-catalog.js';
import { decideStrictly } from './decide.js';
import { dataOf, describeRef, objectKey, type AccessIndex } from './index-data.js';
import { isRole, type AccessObject, type Binding, type GrantCheck, type Principal, type Role } from './types.js';

/** Whether `granter` may create or update `object`; if not, names the first action it lacks. */
export function checkGrant(index: AccessIndex, granter: Principal, object: AccessObject, now: Date): GrantCheck {
  const subject = describeRef(object);
  if (isRole(object)) {
    return checkActions(index, granter, actionsOf(object), object.namespace, undefined, now, subject);
  }
  const role = findRole(index, object);
  const ref = object.roleRef;
  if (role === undefined) {
    return { allowed: false, reason: { text: `cannot grant ${subject}: ${ref.kind} ${ref.name} does not exist` } };
  }
  return checkActions(index, granter, actionsOf(role), object.namespace, object.resourceNames, now, `${subject} (${ref.kind} ${ref.name})`);
}

function findRole(index: AccessIndex, binding: Binding): Role | undefined {
  const namespace = binding.roleRef.kind === 'Role' ? binding.namespace : undefined;
  return dataOf(index).roles.get(objectKey(binding.roleRef.kind, namespace, binding.roleRef.name))?.role;
}

function actionsOf(role: Role): Action[] {
  return [...new Set(role.actions.flatMap((pattern) => expandActionPattern(pattern)))];
}

function checkActions(
  index: AccessIndex, granter: Principal, actions: Action[], namespace: string | undefined,
  names: string[] | undefined, now: Date, what: string,
): GrantCheck {
  const where = namespace === undefined ? 'cluster-wide' : `in namespace ${namespace}`;
  for (const action of actions) {
    for (const name of names ?? [undefined]) {
      const resource = { kind: action.slice(0, action.indexOf(':')), ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}) };
      const decision = decideStrictly(index, granter, action, resource, now, true);
      if (!decision.allowed) {
        const on = name === undefined ? '' : ` on '${name}'`;
        return {
          allowed: false,
          missing: action,
          reason: { ...decision.reason, text: `cannot grant ${what}: the granter does not hold ${action}${on} ${where} (${decision.reason.text})` },
        };
      }
    }
  }
  return { allowed: true, reason: { text: `the granter holds every action of ${what} ${where}` } };
}
