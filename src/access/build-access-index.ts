/**
 * Building and updating an AccessIndex. An index is immutable: the server builds a new one when the
 * store reports that access objects changed (with the store's version), then swaps one reference, so
 * that every request sees either the old index or the new one, never a mix.
 *
 * A full build validates every manifest (parsing each `when` once). An update validates only what
 * changed; when only bindings change, it copies just the table paths they touch (the rest is shared
 * with the previous index, which stays as it was); when a role changes, it re-assembles the tables.
 */
import { AccessError, invalidAccessObject } from './errors.js';
import { assembleIndex, compileBinding } from './assemble-index.js';
import { dataOf, objectKey, sealIndex, type AccessIndex, type IndexData, type StoredObject } from './index-data.js';
import { addBinding, removeBinding, TableWriter } from './write-tables.js';
import type { AccessResources, Binding, BindingKind, RoleKind } from './types.js';
import { readBinding } from './validate-binding.js';
import { validateRole } from './validate-role.js';
import { validateAccessManifest } from './validate-access-manifest.js';

const SOURCES: ReadonlyArray<[keyof AccessResources, RoleKind | BindingKind]> = [
  ['roles', 'Role'], ['clusterRoles', 'ClusterRole'], ['bindings', 'RoleBinding'], ['clusterBindings', 'ClusterRoleBinding'],
];

/** A change reported by the store: objects created or replaced, and objects deleted. */
export interface AccessChanges {
  upsert?: readonly unknown[];
  remove?: ReadonlyArray<{ kind: RoleKind | BindingKind; namespace?: string; name: string }>;
}

/** How an index reads principals. */
export interface AccessIndexOptions {
  /**
   * Issuers whose `keyflow_serviceaccount: {namespace, name}` claim names a service account (Keyflow's
   * own issuer). Kept by updateAccessIndex. Default: none, so only `system:serviceaccount:` usernames count.
   */
  serviceAccountIssuers?: readonly string[];
}

/** Validates every manifest and builds an index; throws ERR_AUTHZ_INVALID listing every bad object. */
export function buildAccessIndex(resources: AccessResources, version: number, options: AccessIndexOptions = {}): AccessIndex {
  checkVersion(version);
  const issuers = options.serviceAccountIssuers ?? [];
  if (!Array.isArray(issuers) || !issuers.every((i) => typeof i === 'string' && i !== '')) {
    throw new TypeError('buildAccessIndex: options.serviceAccountIssuers must be an array of issuer URLs');
  }
  const objects = new Map<string, StoredObject>();
  const problems: string[] = [];
  for (const [field, kind] of SOURCES) {
    const list = resources[field] ?? [];
    if (!Array.isArray(list)) throw new TypeError(`buildAccessIndex: resources.${field} must be an array`);
    for (const manifest of list) addObject(objects, manifest, kind, problems);
  }
  if (problems.length > 0) throw invalidAccessObject('access resources', problems);
  const { data, counts } = assembleIndex(objects, new Set(issuers));
  return sealIndex(data, counts, version);
}

/** A new index from `previous` with `changes` applied; only the changed manifests are validated again. */
export function updateAccessIndex(previous: AccessIndex, changes: AccessChanges, version: number): AccessIndex {
  checkVersion(version);
  const objects = new Map(dataOf(previous).objects);
  for (const ref of changes.remove ?? []) objects.delete(objectKey(ref.kind, ref.namespace, ref.name));
  const problems: string[] = [];
  const replaced = new Map<string, StoredObject>();
  for (const manifest of changes.upsert ?? []) addObject(replaced, manifest, undefined, problems);
  if (problems.length > 0) throw invalidAccessObject('access changes', problems);
  for (const [key, object] of replaced) objects.set(key, object);
  const removed = (changes.remove ?? []).map((ref) => objectKey(ref.kind, ref.namespace, ref.name));
  const touchesRoles = [...removed, ...replaced.keys()].some((key) => key.startsWith('Role/') || key.startsWith('ClusterRole/'));
  // A role change can alter every binding that refers to it: rebuild the tables. Binding changes are
  // applied to copies of the paths they touch (write-tables.ts).
  if (touchesRoles) {
    const { data, counts } = assembleIndex(objects, dataOf(previous).serviceAccountIssuers);
    return sealIndex(data, counts, version);
  }
  return sealIndex(...applyBindingChanges(previous, objects, removed, replaced), version);
}

function applyBindingChanges(
  previous: AccessIndex, objects: Map<string, StoredObject>, removed: string[], replaced: Map<string, StoredObject>,
): [IndexData, Omit<AccessIndex, 'version'>] {
  const old = dataOf(previous);
  const data: IndexData = { ...old, byAction: new Map(old.byAction), byScope: new Map(old.byScope), objects, compiled: new Map(old.compiled) };
  const writer = new TableWriter(data, true);
  let { bindingCount, grantCount } = previous;
  for (const key of [...removed, ...replaced.keys()]) {
    const before = data.compiled.get(key);
    if (before === undefined) continue;
    grantCount -= removeBinding(writer, before);
    data.compiled.delete(key);
    bindingCount--;
  }
  for (const [key, { object, parts }] of replaced) {
    const compiled = compileBinding(object as Binding, parts ?? {}, data.roles);
    grantCount += addBinding(writer, compiled);
    data.compiled.set(key, compiled);
    bindingCount++;
  }
  return [data, { roleCount: previous.roleCount, bindingCount, grantCount }];
}

/** Validates one manifest (as `kind`, or as whatever kind it says when undefined) into `objects`. */
function addObject(objects: Map<string, StoredObject>, manifest: unknown, kind: RoleKind | BindingKind | undefined, problems: string[]): void {
  try {
    const stored = readObject(manifest, kind ?? kindOf(manifest));
    const { object } = stored;
    const key = objectKey(object.kind, object.namespace, object.name);
    if (objects.has(key)) {
      problems.push(`${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}: defined twice`);
      return;
    }
    objects.set(key, stored);
  } catch (err) {
    if (!(err instanceof AccessError)) throw err;
    problems.push(err.message);
  }
}

function readObject(manifest: unknown, kind: RoleKind | BindingKind | undefined): StoredObject {
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const { binding, parts } = readBinding(manifest, kind);
    return { object: binding, parts };
  }
  if (kind === 'Role' || kind === 'ClusterRole') return { object: validateRole(manifest, kind) };
  // Not an access kind: validateAccessManifest throws the error that says so.
  return { object: validateAccessManifest(manifest) };
}

function kindOf(manifest: unknown): RoleKind | BindingKind | undefined {
  const kind = typeof manifest === 'object' && manifest !== null && Object.hasOwn(manifest, 'kind') ? (manifest as { kind: unknown }).kind : undefined;
  return kind === 'Role' || kind === 'ClusterRole' || kind === 'RoleBinding' || kind === 'ClusterRoleBinding' ? kind : undefined;
}

function checkVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 0) throw new TypeError('access index version must be a non-negative safe integer');
}
