/**
 * The inside of an AccessIndex. An index is a frozen handle ({version, counts}); its data lives in a
 * WeakMap (STYLE: private per-instance state), so that nothing outside this domain can reach in and
 * change a structure that concurrent requests read.
 *
 * Layout, chosen for the decision path (one map lookup per subject key and scope):
 *   byAction:  action -> scope -> subject buckets -> Grant[] (deny grants first, then allow grants)
 *   byScope:   scope -> subject buckets -> CompiledBinding[]        (explain)
 * where scope is a namespace, or CLUSTER for ClusterRoleBindings, and subject buckets are the subject
 * keys of the issue (user:<name>, group:<name>, sa:<ns>/<name>, claim:<name>=<value>) held as one Map per
 * kind so that no key string is built per request.
 */
import type { ExprAst } from '../expr/index.js';
import type { Action } from './action-catalog.js';
import type { AccessObject, Binding, BindingRef, ClaimValue, Decision, Effect, Role } from './types.js';
import type { CompiledParts } from './validate-binding.js';

/** The scope key of ClusterRoleBindings ('*' is never a namespace name: those are DNS labels). */
export const CLUSTER = '*';

/** A Role or ClusterRole with each concrete action mapped to the pattern that grants it. */
export interface CompiledRole {
  role: Role;
  rules: ReadonlyMap<Action, string>;
  /** The same, grouped by rule: each rule with the actions it is the most specific grant of. */
  groups: ReadonlyArray<{ rule: string; actions: readonly Action[] }>;
}

export interface CompiledBinding {
  binding: Binding;
  ref: BindingRef;
  /** `RoleBinding a/viewers` */
  label: string;
  scope: string;
  effect: Effect;
  /** Undefined when the role it refers to does not exist: it then grants and denies nothing. */
  role?: CompiledRole;
  expiresAtMs?: number;
  names?: ReadonlySet<string>;
  when?: ExprAst;
}

/**
 * One binding granting (or denying) the actions one rule of its role covers; shared by those actions.
 * `decision` is made on the first hit and kept, so the common path returns it without allocating.
 */
export interface Grant {
  binding: CompiledBinding;
  rule: string;
  decision?: Decision;
}

/** A validated object as the index keeps it, with what validation parsed (bindings only). */
export interface StoredObject {
  object: AccessObject;
  parts?: CompiledParts;
}

/** Entries by subject key, one Map per subject kind. */
export interface SubjectBuckets<V> {
  users: Map<string, V>;
  groups: Map<string, V>;
  /** Key `<namespace>:<name>`, the tail of the username `system:serviceaccount:<namespace>:<name>`. */
  serviceAccounts: Map<string, V>;
  /** Claim name -> claim value -> entry. */
  claims: Map<string, Map<ClaimValue, V>>;
}

/** Subject buckets of one action in one scope: per subject key, its deny grants, then its allow grants. */
export type ActionTable = SubjectBuckets<Grant[]>;

export interface IndexData {
  byAction: Map<Action, Map<string, ActionTable>>;
  byScope: Map<string, SubjectBuckets<CompiledBinding[]>>;
  roles: Map<string, CompiledRole>;
  /** Every validated object by `Kind/namespace/name`, kept for incremental updates. */
  objects: Map<string, StoredObject>;
  /** Every binding as compiled into the tables, by the same key (what an update removes). */
  compiled: Map<string, CompiledBinding>;
  /** Issuers whose `keyflow_serviceaccount` claim is believed (match-principal.ts). */
  serviceAccountIssuers: ReadonlySet<string>;
}

/** The frozen public handle of an index. */
export interface AccessIndex {
  readonly version: number;
  readonly roleCount: number;
  readonly bindingCount: number;
  /** Entries of the action table (binding × action × subject): the index's memory, roughly. */
  readonly grantCount: number;
}

const DATA = new WeakMap<AccessIndex, IndexData>();

/** Wraps data into a new frozen index. */
export function sealIndex(data: IndexData, counts: Omit<AccessIndex, 'version'>, version: number): AccessIndex {
  const index: AccessIndex = Object.freeze({ version, ...counts });
  DATA.set(index, data);
  return index;
}

/** The data behind an index; TypeError for anything buildAccessIndex did not return. */
export function dataOf(index: AccessIndex): IndexData {
  const data = DATA.get(index);
  if (data === undefined) throw new TypeError('not an AccessIndex (build one with buildAccessIndex)');
  return data;
}

/** Fresh, empty subject buckets. */
export function emptyBuckets<V>(): SubjectBuckets<V> {
  return { users: new Map(), groups: new Map(), serviceAccounts: new Map(), claims: new Map() };
}

/** Key of an object in `objects` and of a role in `roles`. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** `RoleBinding a/viewers` or `ClusterRoleBinding admins`. */
export function describeRef(ref: { kind: string; namespace?: string; name: string }): string {
  return `${ref.kind} ${ref.namespace !== undefined ? `${ref.namespace}/` : ''}${ref.name}`;
}
