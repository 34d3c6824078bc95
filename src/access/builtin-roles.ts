/**
 * The built-in cluster roles (issue 5), created at bootstrap and marked system: the API refuses to
 * create, change or delete a ClusterRole of these names, and an index always uses the definitions below
 * even if a stored copy differs. Bind them with a RoleBinding to scope them to one namespace.
 *
 * Choices the issue left open (docs/authorization.md explains them):
 * - editor runs and manages workflows, templates, cron workflows and secrets, and may use service
 *   accounts, but cannot manage roles, bindings, service accounts or namespaces, read the audit log, or
 *   approve (approval stays a separate duty from submitting).
 * - viewer reads everything except logs, secrets, roles, bindings and the audit log.
 * - log-viewer is the viewer of workflows plus their logs.
 * - submitter runs stored templates (with parameters) and follows the workflows of its namespace
 *   (get/list, not logs); narrowing that to its own workflows is a `when` on the binding.
 * - approver sees workflows and approves their approval steps.
 */
import type { Role } from './types.js';

const READ = (resource: string): string[] => [`${resource}:get`, `${resource}:list`];

const DEFINITIONS: ReadonlyArray<Pick<Role, 'name' | 'description' | 'actions'>> = [
  { name: 'admin', description: 'Every action, including roles, bindings and the audit log.', actions: ['*'] },
  {
    name: 'editor',
    description: 'Runs and manages workflows, templates, cron workflows and secrets; cannot change access or approve.',
    actions: [
      'workflow:create', 'workflow:get', 'workflow:list', 'workflow:logs', 'workflow:cancel', 'workflow:retry',
      'workflow:resume', 'workflow:suspend', 'workflow:delete',
      'workflowtemplate:*', 'cronworkflow:*', ...READ('clusterworkflowtemplate'), 'clusterworkflowtemplate:submit',
      ...READ('serviceaccount'), 'serviceaccount:use', 'secret:create', 'secret:list', 'secret:delete', 'secret:read',
      ...READ('namespace'),
    ],
  },
  {
    name: 'viewer',
    description: 'Reads workflows, templates, cron workflows, service accounts and namespaces; no logs, no secrets.',
    actions: [
      ...READ('workflow'), ...READ('workflowtemplate'), ...READ('clusterworkflowtemplate'), ...READ('cronworkflow'),
      ...READ('serviceaccount'), ...READ('namespace'),
    ],
  },
  { name: 'log-viewer', description: 'Sees workflows and reads their logs.', actions: [...READ('workflow'), 'workflow:logs'] },
  {
    name: 'submitter',
    description: 'Runs stored templates with parameters and follows the workflows of the namespace.',
    actions: [
      ...READ('workflowtemplate'), 'workflowtemplate:submit', ...READ('clusterworkflowtemplate'),
      'clusterworkflowtemplate:submit', ...READ('workflow'),
    ],
  },
  { name: 'approver', description: 'Sees workflows and approves their approval steps.', actions: [...READ('workflow'), 'workflow:approve'] },
];

/** The built-in cluster roles as validated Roles (system: true). */
export const BUILTIN_CLUSTER_ROLES: readonly Role[] = Object.freeze(DEFINITIONS.map((d) => Object.freeze({
  kind: 'ClusterRole' as const,
  name: d.name,
  description: d.description,
  actions: Object.freeze([...d.actions]) as string[],
  system: true,
})));

/** Names of the built-in cluster roles. */
export const BUILTIN_ROLE_NAMES: ReadonlySet<string> = new Set(DEFINITIONS.map((d) => d.name));

/** The label that marks a stored ClusterRole as built-in (for `keyflow get clusterroles`). */
export const SYSTEM_LABEL = 'keyflow.dev/system';

/** The built-in cluster roles as keyflow.dev/v1 manifests, for the store's bootstrap. */
export function builtinClusterRoleManifests(): Array<Record<string, unknown>> {
  return BUILTIN_CLUSTER_ROLES.map((role) => ({
    apiVersion: 'keyflow.dev/v1',
    kind: 'ClusterRole',
    metadata: { name: role.name, labels: { [SYSTEM_LABEL]: 'true' } },
    spec: { description: role.description, actions: [...role.actions] },
  }));
}
