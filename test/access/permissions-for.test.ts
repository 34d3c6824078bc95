import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAccessIndex, permissionsFor } from '../../src/access/index.js';
import { clusterBinding, clusterRole, NOW, roleBinding, user } from './make-manifests.js';

test('permissionsFor lists unconditional actions and the conditional ones with their bindings', () => {
  const index = buildAccessIndex({
    bindings: [
      roleBinding('view', 'a', 'viewer', [{ user: 'ann' }]),
      roleBinding('release', 'a', 'submitter', [{ user: 'ann' }], { resourceNames: ['release'] }),
      roleBinding('no-sa', 'a', 'viewer', [{ user: 'ann' }], { effect: 'deny', when: 'resource.name == "root"' }),
      roleBinding('expired', 'a', 'admin', [{ user: 'ann' }], { expiresAt: '2030-01-01T00:00:00Z' }),
      roleBinding('other-ns', 'b', 'admin', [{ user: 'ann' }]),
    ],
    clusterRoles: [clusterRole('approve-only', ['workflow:approve'])],
    clusterBindings: [clusterBinding('approve', 'approver', [{ group: 'leads' }]), clusterBinding('no-approve', 'approve-only', [{ user: 'ann' }], { effect: 'deny' })],
  }, 1);
  const p = permissionsFor(index, user('ann', ['leads']), 'a', NOW);
  assert.equal(p.namespace, 'a');
  assert.deepEqual(p.actions, []);
  const byAction = Object.fromEntries(p.conditional.map((c) => [c.action, `${c.because} | ${c.bindings.map((b) => b.name).join(',')}`]));
  assert.equal(byAction['workflowtemplate:submit'], "allowed only for 'release' (RoleBinding a/release) | release");
  assert.equal(byAction['workflow:get'], 'denied when resource.name == "root" (RoleBinding a/no-sa) | release,view,approve,no-sa');
  assert.equal(byAction['namespace:get'], 'denied when resource.name == "root" (RoleBinding a/no-sa) | view,no-sa');
  assert.equal(byAction['workflow:approve'], undefined, 'an unconditional deny removes the action');
  assert.equal(byAction['secret:read'], undefined, 'the expired admin binding grants nothing');
  assert.deepEqual(Object.keys(byAction).sort(), [
    'clusterworkflowtemplate:get', 'clusterworkflowtemplate:list', 'clusterworkflowtemplate:submit', 'cronworkflow:get', 'cronworkflow:list',
    'namespace:get', 'namespace:list', 'serviceaccount:get', 'serviceaccount:list', 'workflow:get', 'workflow:list',
    'workflowtemplate:get', 'workflowtemplate:list', 'workflowtemplate:submit',
  ]);
});

test('permissionsFor without conditions is the plain action list, in catalogue order; cluster-wide counts only cluster bindings', () => {
  const index = buildAccessIndex({
    bindings: [roleBinding('logs', 'a', 'log-viewer', [{ user: 'ann' }])],
    clusterBindings: [clusterBinding('approve', 'approver', [{ user: 'ann' }])],
  }, 1);
  assert.deepEqual(permissionsFor(index, user('ann'), 'a', NOW), {
    namespace: 'a', actions: ['workflow:get', 'workflow:list', 'workflow:logs', 'workflow:approve'], conditional: [],
  });
  assert.deepEqual(permissionsFor(index, user('ann'), undefined, NOW), {
    actions: ['workflow:get', 'workflow:list', 'workflow:approve'], conditional: [],
  });
  assert.deepEqual(permissionsFor(index, user('bob'), 'a', NOW), { namespace: 'a', actions: [], conditional: [] });
});
