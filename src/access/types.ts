/**
 * Types of the access domain: the validated forms of Role, ClusterRole, RoleBinding and
 * ClusterRoleBinding, the request a decision is asked about, and the Decision with its reason.
 * Manifests come in as `unknown` and leave validate-*.ts as these types.
 */
import type { Action } from './action-catalog.js';

/**
 * The authenticated caller, as identity (issue 4) produces it. Only the type is imported: this domain
 * stays free of identity's runtime.
 */
export type { Principal } from '../identity/index.js';

export type RoleKind = 'Role' | 'ClusterRole';
export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';
export type Effect = 'allow' | 'deny';

/** A validated Role (namespaced) or ClusterRole. `actions` keep the patterns as written (`workflow:*`, `*`). */
export interface Role {
  kind: RoleKind;
  name: string;
  /** Set for a Role, absent for a ClusterRole. */
  namespace?: string;
  description: string;
  actions: string[];
  /** Built-in cluster roles only: they cannot be changed or deleted. */
  system: boolean;
}

/** A subject of a binding, normalised from the manifest's `user:` / `group:` / `serviceaccount:` / `claim:` forms. */
export type Subject =
  | { kind: 'user'; name: string }
  | { kind: 'group'; name: string }
  | { kind: 'serviceaccount'; namespace: string; name: string }
  | { kind: 'claim'; name: string; value: ClaimValue };

export type ClaimValue = string | number | boolean;

/** A validated RoleBinding or ClusterRoleBinding. */
export interface Binding {
  kind: BindingKind;
  name: string;
  /** Set for a RoleBinding, absent for a ClusterRoleBinding. */
  namespace?: string;
  roleRef: { kind: RoleKind; name: string };
  subjects: Subject[];
  effect: Effect;
  /** RFC 3339 as written; the binding neither grants nor denies from this instant on. */
  expiresAt?: string;
  resourceNames?: string[];
  /** expr-lang condition over the request (see docs/authorization.md); parsed when validated. */
  when?: string;
}

/** Any validated access object. */
export type AccessObject = Role | Binding;

/** True for a Role or ClusterRole (TypeScript does not narrow on a union of literal kinds by itself). */
export function isRole(object: AccessObject): object is Role {
  return object.kind === 'Role' || object.kind === 'ClusterRole';
}

/** The stored access manifests an index is built from (keyflow.dev/v1 objects, validated on the way in). */
export interface AccessResources {
  roles?: readonly unknown[];
  clusterRoles?: readonly unknown[];
  bindings?: readonly unknown[];
  clusterBindings?: readonly unknown[];
}

/**
 * What a request acts on. `namespace` is the namespace the request acts in (absent for cluster-wide
 * requests such as `namespace:list`, which only ClusterRoleBindings can grant); `name` is absent for
 * list and create requests; `labels` feed `when` conditions.
 */
export interface ResourceRef {
  kind: string;
  namespace?: string;
  name?: string;
  labels?: Readonly<Record<string, string>>;
}

/** Names a binding in a reason. `namespace` is absent for a ClusterRoleBinding. */
export interface BindingRef {
  kind: BindingKind;
  namespace?: string;
  name: string;
}

export interface DecisionReason {
  /** The binding that decided (absent for the default deny). */
  binding?: BindingRef;
  /** The role that binding refers to. */
  role?: { kind: RoleKind; name: string };
  /** The action pattern of the role that matched (`workflow:get`, `workflow:*` or `*`). */
  rule?: string;
  effect?: Effect;
  /** One sentence for people: `allowed by RoleBinding a/viewers (ClusterRole viewer: workflow:get)`. */
  text: string;
}

export interface Decision {
  allowed: boolean;
  reason: DecisionReason;
}

/** One binding whose subjects matched the principal, as `explain` reports it. */
export interface BindingExplanation {
  binding: BindingRef;
  role: { kind: RoleKind; name: string };
  effect: Effect;
  /** The subject of the binding that matched the principal, e.g. `group payments`. */
  matchedSubject: string;
  /** True when this binding applies to the request (it granted or denied it). */
  applies: boolean;
  /** Why it applies or not: `role grants workflow:*`, `expired at ...`, `name 'x' not in resourceNames`, ... */
  why: string;
}

export interface Explanation {
  decision: Decision;
  /** Every binding in the request's scopes (its namespace and cluster-wide) whose subjects match the principal. */
  bindings: BindingExplanation[];
}

/** An action allowed only under a condition (resourceNames, `when`) or only partly denied. */
export interface ConditionalPermission {
  action: Action;
  bindings: BindingRef[];
  because: string;
}

/** Effective permissions of a principal in one namespace (or cluster-wide when `namespace` is undefined). */
export interface Permissions {
  namespace?: string;
  /** Allowed for every resource of the namespace: an unconditional allow and no deny that could apply. */
  actions: Action[];
  /** Allowed only for some resources, or denied for some. */
  conditional: ConditionalPermission[];
}

/** Result of the escalation check: like a Decision, plus the first action the granter lacks. */
export interface GrantCheck extends Decision {
  missing?: Action;
}
