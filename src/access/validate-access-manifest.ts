/**
 * Entry point for `keyflow apply`: any access manifest, dispatched on its kind, plus the rule that the
 * built-in cluster roles are not the API's to change.
 */
import { clip } from './action-catalog.js';
import { BUILTIN_ROLE_NAMES } from './builtin-roles.js';
import { AccessError, invalidAccessObject } from './errors.js';
import { field, isRecord } from './read-fields.js';
import type { AccessObject, BindingKind, RoleKind } from './types.js';
import { validateBinding } from './validate-binding.js';
import { validateRole } from './validate-role.js';

/** Kinds this domain owns. */
export const ACCESS_KINDS: readonly string[] = Object.freeze(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Validates a Role, ClusterRole, RoleBinding or ClusterRoleBinding manifest; throws ERR_AUTHZ_INVALID. */
export function validateAccessManifest(manifest: unknown): AccessObject {
  const kind = isRecord(manifest) ? field(manifest, 'kind') : undefined;
  switch (kind) {
    case 'Role':
    case 'ClusterRole':
      return validateRole(manifest, kind);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return validateBinding(manifest, kind);
    default: {
      const found = typeof kind === 'string' ? `'${clip(kind)}'` : 'none';
      throw invalidAccessObject('access manifest', [`kind: must be one of ${ACCESS_KINDS.join(', ')} (found ${found})`]);
    }
  }
}

/** True for the name of a built-in cluster role. */
export function isSystemRole(kind: RoleKind | BindingKind, name: string): boolean {
  return kind === 'ClusterRole' && BUILTIN_ROLE_NAMES.has(name);
}

/** Throws ERR_AUTHZ_SYSTEM_ROLE when `kind`/`name` is a built-in cluster role (create, update and delete alike). */
export function assertMutableRole(kind: RoleKind | BindingKind, name: string): void {
  if (isSystemRole(kind, name)) {
    throw new AccessError('ERR_AUTHZ_SYSTEM_ROLE', `ClusterRole ${name} is a built-in system role and cannot be created, changed or deleted`);
  }
}
