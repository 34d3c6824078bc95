/** Builders of access manifests and principals for the access tests. */
import assert from 'node:assert/strict';
import { AccessError, type Principal } from '../../src/access/index.js';

export const NOW = new Date('2030-06-01T12:00:00Z');

type Spec = Record<string, unknown>;

export function role(name: string, namespace: string, actions: unknown[], extra: Spec = {}): Record<string, unknown> {
  return { apiVersion: 'keyflow.dev/v1', kind: 'Role', metadata: { name, namespace }, spec: { actions, ...extra } };
}

export function clusterRole(name: string, actions: unknown[], extra: Spec = {}): Record<string, unknown> {
  return { apiVersion: 'keyflow.dev/v1', kind: 'ClusterRole', metadata: { name }, spec: { actions, ...extra } };
}

/** A RoleBinding to a ClusterRole (the common case); pass `roleRef` in `extra` to bind a Role. */
export function roleBinding(name: string, namespace: string, roleName: string, subjects: unknown[], extra: Spec = {}): Record<string, unknown> {
  return {
    apiVersion: 'keyflow.dev/v1', kind: 'RoleBinding', metadata: { name, namespace },
    spec: { roleRef: { kind: 'ClusterRole', name: roleName }, subjects, ...extra },
  };
}

export function clusterBinding(name: string, roleName: string, subjects: unknown[], extra: Spec = {}): Record<string, unknown> {
  return {
    apiVersion: 'keyflow.dev/v1', kind: 'ClusterRoleBinding', metadata: { name },
    spec: { roleRef: { kind: 'ClusterRole', name: roleName }, subjects, ...extra },
  };
}

export function user(username: string, groups: string[] = [], claims: Record<string, unknown> = {}): Principal {
  return { issuer: 'https://idp.test', subject: username, username, groups, kind: 'user', claims: { sub: username, ...claims } };
}

export function serviceAccount(namespace: string, name: string, kind: 'serviceaccount' | 'task' = 'serviceaccount'): Principal {
  const username = `system:serviceaccount:${namespace}:${name}`;
  return { issuer: 'https://keyflow.test', subject: username, username, groups: [], kind, claims: { sub: username } };
}

/** Asserts that `fn` throws an AccessError with exactly this code and message. */
export function expectAccessError(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof AccessError, `expected AccessError, got ${String(err)}`);
    assert.equal(err.message, message);
    assert.equal(err.code, code);
    return true;
  });
}
