import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMutableRole, isSystemRole, validateAccessManifest } from '../../src/access/index.js';
import { clusterBinding, clusterRole, expectAccessError, role, roleBinding } from './make-manifests.js';

test('validateAccessManifest dispatches on kind', () => {
  assert.equal(validateAccessManifest(role('r', 'a', [])).kind, 'Role');
  assert.equal(validateAccessManifest(clusterRole('r', [])).kind, 'ClusterRole');
  assert.equal(validateAccessManifest(roleBinding('b', 'a', 'viewer', [{ user: 'x' }])).kind, 'RoleBinding');
  assert.equal(validateAccessManifest(clusterBinding('b', 'viewer', [{ user: 'x' }])).kind, 'ClusterRoleBinding');
});

test('a manifest of another kind, or no mapping at all, is refused', () => {
  expectAccessError(() => validateAccessManifest({ kind: 'Workflow' }), 'ERR_AUTHZ_INVALID',
    "invalid access manifest: kind: must be one of Role, ClusterRole, RoleBinding, ClusterRoleBinding (found 'Workflow')");
  expectAccessError(() => validateAccessManifest(null), 'ERR_AUTHZ_INVALID',
    'invalid access manifest: kind: must be one of Role, ClusterRole, RoleBinding, ClusterRoleBinding (found none)');
  expectAccessError(() => validateAccessManifest(Object.create({ kind: 'Role' })), 'ERR_AUTHZ_INVALID',
    'invalid access manifest: kind: must be one of Role, ClusterRole, RoleBinding, ClusterRoleBinding (found none)');
});

test('built-in cluster roles cannot be created, changed or deleted; a namespaced Role of the same name can', () => {
  for (const name of ['admin', 'editor', 'viewer', 'log-viewer', 'submitter', 'approver']) {
    assert.equal(isSystemRole('ClusterRole', name), true);
    expectAccessError(() => assertMutableRole('ClusterRole', name), 'ERR_AUTHZ_SYSTEM_ROLE',
      `ClusterRole ${name} is a built-in system role and cannot be created, changed or deleted`);
  }
  assert.equal(isSystemRole('Role', 'admin'), false);
  assert.equal(isSystemRole('ClusterRoleBinding', 'admin'), false);
  assertMutableRole('ClusterRole', 'release-runner');
});
