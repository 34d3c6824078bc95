/**
 * Adding and removing one binding's entries in the tables of index-data.ts. The same code serves the
 * full build and incremental updates: in an update the tables still belong to the previous index, which
 * requests may be reading, so every map, pair and list is copied the first time it is touched
 * (copy-on-write) and the previous index never changes. Lists stay sorted (deny grants first, then by
 * binding kind, namespace and name) so that reasons do not depend on the order of changes.
 */
import type { Action } from './action-catalog.js';
import {
  emptyBuckets, type ActionTable, type CompiledBinding, type Grant, type IndexData, type SubjectBuckets,
} from './index-data.js';
import type { ClaimValue, Subject } from './types.js';

/** Edits `data` in place; with `shared`, copies each structure it touches first. */
export class TableWriter {
  readonly data: IndexData;
  readonly #shared: boolean;
  readonly #fresh = new WeakSet<object>();

  constructor(data: IndexData, shared: boolean) {
    this.data = data;
    this.#shared = shared;
  }

  /** `value` itself when this writer may change it, else a copy it may change from now on. */
  own<T extends object>(value: T, copy: (v: T) => T): T {
    if (!this.#shared || this.#fresh.has(value)) return value;
    const copied = copy(value);
    this.#fresh.add(copied);
    return copied;
  }

  /** Records a structure this writer created. */
  made<T extends object>(value: T): T {
    if (this.#shared) this.#fresh.add(value);
    return value;
  }
}

/** Orders grants by their bindings. */
function compareGrants(a: Grant, b: Grant): number {
  return compareCompiled(a.binding, b.binding);
}

/** Orders bindings: denies first, then by kind, namespace, name (the full build adds them in this order). */
export function compareCompiled(a: CompiledBinding, b: CompiledBinding): number {
  if (a.effect !== b.effect) return a.effect === 'deny' ? -1 : 1;
  const x = a.ref;
  const y = b.ref;
  if (x.kind !== y.kind) return x.kind < y.kind ? -1 : 1;
  const nx = x.namespace ?? '';
  const ny = y.namespace ?? '';
  if (nx !== ny) return nx < ny ? -1 : 1;
  return x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
}

/** Adds a binding to both tables; returns the number of action-table entries added. */
export function addBinding(writer: TableWriter, compiled: CompiledBinding): number {
  const scopeBuckets = scopeBucketsOf(writer, compiled.scope);
  for (const subject of compiled.binding.subjects) {
    const list = entryOf(writer, scopeBuckets, subject, newList<CompiledBinding>, copyList<CompiledBinding>);
    insertSorted(list, compiled, compareCompiled);
  }
  if (!compiled.role) return 0;
  let count = 0;
  // One Grant per rule: the actions a wildcard covers share it (and its decision).
  for (const { rule, actions } of compiled.role.groups) {
    const grant: Grant = { binding: compiled, rule, decision: undefined };
    for (const action of actions) {
      const table = actionTableOf(writer, action, compiled.scope);
      for (const subject of compiled.binding.subjects) {
        const list = entryOf(writer, table, subject, newList<Grant>, copyList<Grant>);
        // A binding that names a principal twice (user and group) needs one entry per list.
        if (insertSorted(list, grant, compareGrants)) count++;
      }
    }
  }
  return count;
}

/** Removes a binding from both tables; returns the number of action-table entries removed. */
export function removeBinding(writer: TableWriter, compiled: CompiledBinding): number {
  const scopeBuckets = scopeBucketsOf(writer, compiled.scope);
  for (const subject of compiled.binding.subjects) {
    const list = entryOf(writer, scopeBuckets, subject, newList<CompiledBinding>, copyList<CompiledBinding>);
    removeWhere(list, (b) => b === compiled);
  }
  if (!compiled.role) return 0;
  let count = 0;
  for (const action of compiled.role.rules.keys()) {
    const table = actionTableOf(writer, action, compiled.scope);
    for (const subject of compiled.binding.subjects) {
      const list = entryOf(writer, table, subject, newList<Grant>, copyList<Grant>);
      count += removeWhere(list, (g) => g.binding === compiled);
    }
  }
  return count;
}

function copyMap<K, V>(map: Map<K, V>): Map<K, V> {
  return new Map(map);
}

function newList<T>(): T[] {
  return [];
}

function copyList<T>(list: T[]): T[] {
  return list.slice();
}

function copyBuckets<V>(b: SubjectBuckets<V>): SubjectBuckets<V> {
  return { users: new Map(b.users), groups: new Map(b.groups), serviceAccounts: new Map(b.serviceAccounts), claims: new Map(b.claims) };
}

function scopeBucketsOf(writer: TableWriter, scope: string): SubjectBuckets<CompiledBinding[]> {
  const known = writer.data.byScope.get(scope);
  const buckets = known === undefined ? writer.made(emptyBuckets<CompiledBinding[]>()) : writer.own(known, copyBuckets);
  if (buckets !== known) writer.data.byScope.set(scope, buckets);
  return buckets;
}

function actionTableOf(writer: TableWriter, action: Action, scope: string): ActionTable {
  const { byAction } = writer.data;
  const knownScopes = byAction.get(action);
  const scopes = knownScopes === undefined ? writer.made(new Map<string, ActionTable>()) : writer.own(knownScopes, copyMap);
  if (scopes !== knownScopes) byAction.set(action, scopes);
  const known = scopes.get(scope);
  const table = known === undefined ? writer.made(emptyBuckets<Grant[]>()) : writer.own(known, copyBuckets);
  if (table !== known) scopes.set(scope, table);
  return table;
}

function entryOf<V extends object>(writer: TableWriter, buckets: SubjectBuckets<V>, subject: Subject, make: () => V, copy: (v: V) => V): V {
  switch (subject.kind) {
    case 'user': return entryIn(writer, buckets.users, subject.name, make, copy);
    case 'group': return entryIn(writer, buckets.groups, subject.name, make, copy);
    case 'serviceaccount': return entryIn(writer, buckets.serviceAccounts, `${subject.namespace}:${subject.name}`, make, copy);
    case 'claim': {
      const known = buckets.claims.get(subject.name);
      const byValue = known === undefined ? writer.made(new Map<ClaimValue, V>()) : writer.own(known, copyMap);
      if (byValue !== known) buckets.claims.set(subject.name, byValue);
      return entryIn(writer, byValue, subject.value, make, copy);
    }
  }
}

function entryIn<K, V extends object>(writer: TableWriter, map: Map<K, V>, key: K, make: () => V, copy: (v: V) => V): V {
  const known = map.get(key);
  const value = known === undefined ? writer.made(make()) : writer.own(known, copy);
  if (value !== known) map.set(key, value);
  return value;
}

/** Inserts `item` in order unless already present; true when inserted. Appending is the fast path. */
function insertSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): boolean {
  let i = list.length;
  while (i > 0 && compare(list[i - 1]!, item) > 0) i--;
  if (i > 0 && list[i - 1] === item) return false;
  if (i === list.length) list.push(item);
  else list.splice(i, 0, item);
  return true;
}

function removeWhere<T>(list: T[], match: (t: T) => boolean): number {
  let kept = 0;
  for (const item of list) if (!match(item)) list[kept++] = item;
  const removed = list.length - kept;
  list.length = kept;
  return removed;
}
