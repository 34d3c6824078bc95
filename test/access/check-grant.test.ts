import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAccessIndex, checkGrant, escalationError, validateAccessManifest } from '../../src/access/index.js';
import { clusterBinding, clusterRole, NOW, role, roleBinding, user } from './make-manifests.js';

const index = buildAccessIndex({
  roles: [role('runner', 'a', ['workflow:create', 'workflow:get'])],
  clusterRoles: [clusterRole('secrets-admin', ['secret:*'])],
  bindings: [
    roleBinding('ann-edits-a', 'a', 'editor', [{ user: 'ann' }]),
    roleBinding('ann-manages-bindings', 'a', 'admin', [{ user: 'ann' }], { resourceNames: ['release'] }),
    roleBinding('cy-admin-when', 'a', 'admin', [{ user: 'cy' }], { when: 'resource.namespace == "a"' }),
    roleBinding('dee-edits', 'a', 'editor', [{ user: 'dee' }]),
    roleBinding('dee-no-secrets-when', 'a', 'editor', [{ user: 'dee' }], { effect: 'deny', when: 'resource.labels.x == "y"' }),
  ],
  clusterBindings: [clusterBinding('root', 'admin', [{ user: 'root' }])],
}, 1);

test('a granter holding every action of the role may bind it in that namespace', () => {
  const binding = validateAccessManifest(roleBinding('b', 'a', 'viewer', [{ user: 'bob' }]));
  assert.deepEqual(checkGrant(index, user('ann'), binding, NOW), {
    allowed: true, reason: { text: 'the granter holds every action of RoleBinding a/b (ClusterRole viewer) in namespace a' },
  });
});

test('binding a role with one action the granter lacks is refused, naming that action', () => {
  const binding = validateAccessManifest(roleBinding('b', 'a', 'admin', [{ user: 'bob' }]));
  const check = checkGrant(index, user('ann'), binding, NOW);
  assert.deepEqual(check, {
    allowed: false,
    missing: 'workflow:approve',
    reason: { text: 'cannot grant RoleBinding a/b (ClusterRole admin): the granter does not hold workflow:approve in namespace a (no binding matched)' },
  });
  const err = escalationError(check);
  assert.equal(err.code, 'ERR_AUTHZ_ESCALATION');
  assert.equal(err.status, 403);
  assert.equal(err.message, check.reason.text);
});

test('what the granter holds in one namespace does not let it grant in another or cluster-wide', () => {
  const other = checkGrant(index, user('ann'), validateAccessManifest(roleBinding('b', 'b', 'viewer', [{ user: 'bob' }])), NOW);
  assert.equal(other.allowed, false);
  assert.equal(other.missing, 'workflow:get');
  const cluster = checkGrant(index, user('ann'), validateAccessManifest(clusterBinding('b', 'viewer', [{ user: 'bob' }])), NOW);
  assert.equal(cluster.reason.text, 'cannot grant ClusterRoleBinding b (ClusterRole viewer): the granter does not hold workflow:get cluster-wide (no binding matched)');
});

test('creating a Role or ClusterRole needs every action it lists, wildcards expanded', () => {
  assert.equal(checkGrant(index, user('ann'), validateAccessManifest(role('r', 'a', ['workflow:*'])), NOW).missing, 'workflow:approve');
  assert.equal(checkGrant(index, user('ann'), validateAccessManifest(role('r', 'a', ['workflowtemplate:*', 'secret:read'])), NOW).allowed, true);
  assert.equal(checkGrant(index, user('ann'), validateAccessManifest(clusterRole('r', ['workflow:get'])), NOW).allowed, false);
  assert.equal(checkGrant(index, user('root'), validateAccessManifest(clusterRole('r', ['*'])), NOW).allowed, true);
});

test('a granter limited by resourceNames may grant only on those names', () => {
  const release = validateAccessManifest(roleBinding('b', 'a', 'approver', [{ user: 'bob' }], { resourceNames: ['release'] }));
  assert.equal(checkGrant(index, user('ann'), release, NOW).allowed, true);
  const everything = validateAccessManifest(roleBinding('b', 'a', 'approver', [{ user: 'bob' }]));
  assert.equal(checkGrant(index, user('ann'), everything, NOW).missing, 'workflow:approve');
  const two = validateAccessManifest(roleBinding('b', 'a', 'approver', [{ user: 'bob' }], { resourceNames: ['release', 'other'] }));
  assert.equal(checkGrant(index, user('ann'), two, NOW).reason.text,
    "cannot grant RoleBinding a/b (ClusterRole approver): the granter does not hold workflow:approve on 'other' in namespace a (no binding matched)");
});

test("a granter's conditional allow never counts as holding, and its conditional deny counts as denying", () => {
  const viewer = validateAccessManifest(roleBinding('b', 'a', 'viewer', [{ user: 'bob' }]));
  assert.equal(checkGrant(index, user('cy'), viewer, NOW).allowed, false, 'cy holds admin only under a condition');
  const check = checkGrant(index, user('dee'), viewer, NOW);
  assert.equal(check.allowed, false);
  assert.equal(check.reason.text,
    'cannot grant RoleBinding a/b (ClusterRole viewer): the granter does not hold workflow:get in namespace a (denied by RoleBinding a/dee-no-secrets-when (ClusterRole editor: workflow:get))');
});

test('a deny binding is an escalation too: nobody restricts what they do not hold', () => {
  const deny = validateAccessManifest(roleBinding('b', 'a', 'admin', [{ user: 'root' }], { effect: 'deny' }));
  assert.equal(checkGrant(index, user('ann'), deny, NOW).allowed, false);
  assert.equal(checkGrant(index, user('root'), deny, NOW).allowed, true);
});

test('binding a role that does not exist is refused', () => {
  const ghost = validateAccessManifest(roleBinding('b', 'a', 'ghost', [{ user: 'bob' }], { roleRef: { kind: 'Role', name: 'ghost' } }));
  assert.deepEqual(checkGrant(index, user('root'), ghost, NOW), {
    allowed: false, reason: { text: 'cannot grant RoleBinding a/b: Role ghost does not exist' },
  });
  const namespaced = validateAccessManifest(roleBinding('b', 'b', 'runner', [{ user: 'bob' }], { roleRef: { kind: 'Role', name: 'runner' } }));
  assert.equal(checkGrant(index, user('root'), namespaced, NOW).allowed, false, 'Role runner lives in a, not b');
});

test('an expired binding of the granter does not let it grant', () => {
  const temp = buildAccessIndex({ bindings: [roleBinding('t', 'a', 'admin', [{ user: 'ann' }], { expiresAt: '2030-01-01T00:00:00Z' })] }, 1);
  const viewer = validateAccessManifest(roleBinding('b', 'a', 'viewer', [{ user: 'bob' }]));
  assert.equal(checkGrant(temp, user('ann'), viewer, new Date('2029-12-31T23:59:59Z')).allowed, true);
  assert.equal(checkGrant(temp, user('ann'), viewer, NOW).allowed, false);
});
