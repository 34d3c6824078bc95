/**
 * Public surface of the access domain (issue 5): roles, bindings and the decision engine. Pure: no I/O,
 * no clock (every function that depends on time takes `now`). The server builds an AccessIndex from the
 * stored access objects, swaps it when they change, and asks `decide` on every request.
 */
export type {
  Principal, Role, RoleKind, Binding, BindingKind, Subject, ClaimValue, Effect, AccessObject, AccessResources,
  ResourceRef, BindingRef, Decision, DecisionReason, Explanation, BindingExplanation, Permissions,
  ConditionalPermission, GrantCheck,
} from './types.js';
export { isRole } from './types.js';
export { AccessError, deniedError, escalationError, type AccessErrorCode } from './errors.js';
// The catalogue of actions
export { RESOURCE_VERBS, ALL_ACTIONS, isAction, checkActionPattern, expandActionPattern, type Action, type AccessResource } from './action-catalog.js';
// Manifests
export { ACCESS_API_VERSION } from './read-metadata.js';
export { ACCESS_LIMITS } from './read-fields.js';
export { validateRole } from './validate-role.js';
export { validateBinding } from './validate-binding.js';
export { validateAccessManifest, ACCESS_KINDS, isSystemRole, assertMutableRole } from './validate-access-manifest.js';
export { BUILTIN_CLUSTER_ROLES, BUILTIN_ROLE_NAMES, SYSTEM_LABEL, builtinClusterRoleManifests } from './builtin-roles.js';
// The index and the decisions
export type { AccessIndex } from './index-data.js';
export { buildAccessIndex, updateAccessIndex, type AccessChanges, type AccessIndexOptions } from './build-access-index.js';
export { SERVICE_ACCOUNT_PREFIX, SERVICE_ACCOUNT_CLAIM } from './match-principal.js';
export { decide, NO_BINDING_MATCHED } from './decide.js';
export { explain } from './explain.js';
export { permissionsFor } from './permissions-for.js';
export { checkGrant } from './check-grant.js';
