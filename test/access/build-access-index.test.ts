import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAccessIndex, decide, explain, updateAccessIndex, type AccessIndex } from '../../src/access/index.js';
import { clusterBinding, clusterRole, expectAccessError, NOW, role, roleBinding, user } from './make-manifests.js';

const wf = (namespace: string, name?: string) => ({ kind: 'workflow', namespace, ...(name ? { name } : {}) });

test('an index is frozen, carries its version and counts, and always holds the six built-in roles', () => {
  const index = buildAccessIndex({
    roles: [role('r', 'a', ['workflow:get'])],
    bindings: [roleBinding('v', 'a', 'viewer', [{ user: 'ann' }, { group: 'devs' }])],
  }, 42);
  assert.deepEqual({ ...index }, { version: 42, roleCount: 7, bindingCount: 1, grantCount: 24 });
  assert.ok(Object.isFrozen(index));
  assert.throws(() => { (index as { version: number }).version = 1; }, TypeError);
});

test('the index refuses a bad version and decide refuses an object that is not an index', () => {
  assert.throws(() => buildAccessIndex({}, -1), { name: 'TypeError', message: 'access index version must be a non-negative safe integer' });
  assert.throws(() => buildAccessIndex({}, 1.5), TypeError);
  const fake = { version: 1, roleCount: 0, bindingCount: 0, grantCount: 0 } as AccessIndex;
  assert.throws(() => decide(fake, user('ann'), 'workflow:get', wf('a'), NOW), { name: 'TypeError', message: 'not an AccessIndex (build one with buildAccessIndex)' });
  assert.throws(() => buildAccessIndex({ bindings: {} as unknown[] }, 1), { name: 'TypeError', message: 'buildAccessIndex: resources.bindings must be an array' });
});

test('every invalid stored object is reported at once, and no index is built', () => {
  expectAccessError(() => buildAccessIndex({
    roles: [role('ok', 'a', ['workflow:get']), role('bad', 'a', ['workflow:fly'])],
    bindings: [roleBinding('v', 'a', 'viewer', [{ user: 'ann' }]), roleBinding('v', 'a', 'viewer', [{ user: 'bob' }])],
    clusterBindings: [clusterBinding('c', 'viewer', [{ user: 'ann' }], { when: '(' })],
  }, 1),
  'ERR_AUTHZ_INVALID',
  "invalid access resources: invalid Role a/bad: spec.actions[0]: unknown verb 'fly' for resource 'workflow'; "
    + 'RoleBinding a/v: defined twice; invalid ClusterRoleBinding c: spec.when: unexpected end of expression at column 2');
});

test('manifests are validated as the kind of the list they come in', () => {
  expectAccessError(() => buildAccessIndex({ clusterBindings: [roleBinding('v', 'a', 'viewer', [{ user: 'ann' }])] }, 1),
    'ERR_AUTHZ_INVALID',
    "invalid access resources: invalid ClusterRoleBinding v: kind: must be 'ClusterRoleBinding'; metadata.namespace: a ClusterRoleBinding is cluster-wide and has no namespace");
});

test('updateAccessIndex applies upserts and removals and leaves the previous index unchanged', () => {
  const v1 = buildAccessIndex({
    clusterRoles: [clusterRole('runner', ['workflow:create'])],
    bindings: [roleBinding('run', 'a', 'runner', [{ user: 'ann' }]), roleBinding('view', 'a', 'viewer', [{ user: 'bob' }])],
  }, 1);
  const v2 = updateAccessIndex(v1, {
    upsert: [clusterRole('runner', ['workflow:create', 'workflow:cancel']), roleBinding('run', 'a', 'runner', [{ user: 'ann' }, { user: 'cy' }])],
    remove: [{ kind: 'RoleBinding', namespace: 'a', name: 'view' }],
  }, 2);
  assert.equal(v2.version, 2);
  assert.equal(decide(v2, user('ann'), 'workflow:cancel', wf('a'), NOW).allowed, true, 'the changed role is used by existing bindings');
  assert.equal(decide(v2, user('cy'), 'workflow:create', wf('a'), NOW).allowed, true);
  assert.equal(decide(v2, user('bob'), 'workflow:get', wf('a'), NOW).allowed, false);
  assert.equal(decide(v1, user('ann'), 'workflow:cancel', wf('a'), NOW).allowed, false, 'v1 is immutable');
  assert.equal(decide(v1, user('bob'), 'workflow:get', wf('a'), NOW).allowed, true);
  assert.equal(decide(v1, user('cy'), 'workflow:create', wf('a'), NOW).allowed, false);
});

test('updateAccessIndex refuses bad changes without touching the previous index', () => {
  const v1 = buildAccessIndex({ bindings: [roleBinding('view', 'a', 'viewer', [{ user: 'bob' }])] }, 1);
  expectAccessError(() => updateAccessIndex(v1, { upsert: [{ kind: 'Secret', metadata: { name: 'x' } }] }, 2),
    'ERR_AUTHZ_INVALID',
    "invalid access changes: invalid access manifest: kind: must be one of Role, ClusterRole, RoleBinding, ClusterRoleBinding (found 'Secret')");
  assert.equal(decide(v1, user('bob'), 'workflow:get', wf('a'), NOW).allowed, true);
});

test('incremental updates decide and explain exactly like a full rebuild, and never change the previous index', () => {
  const roles = ['viewer', 'editor', 'submitter', 'log-viewer'];
  const subjectOf = (i: number) => [{ user: `u${i % 13}` }, { group: `g${i % 5}` }, { claim: { name: 'team', value: `t${i % 3}` } }][i % 3]!;
  const make = (i: number, variant = 0) => roleBinding(`b${i}`, `ns${i % 7}`, roles[(i + variant) % 4]!, [subjectOf(i + variant)],
    (i + variant) % 11 === 0 ? { effect: 'deny' } : (i + variant) % 17 === 0 ? { resourceNames: ['w1'] } : {});
  const first = Array.from({ length: 300 }, (_, i) => make(i));
  const v1 = buildAccessIndex({ bindings: first }, 1);
  const removed = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 4 === 0);
  const changed = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 4 === 1);
  const upsert = [...changed.map((i) => make(i, 1)), ...Array.from({ length: 50 }, (_, k) => make(300 + k))];
  const v2 = updateAccessIndex(v1, { upsert, remove: removed.map((i) => ({ kind: 'RoleBinding' as const, namespace: `ns${i % 7}`, name: `b${i}` })) }, 2);
  const finalSet = new Map(first.map((m, i) => [i, m]));
  for (const i of removed) finalSet.delete(i);
  for (const i of changed) finalSet.set(i, make(i, 1));
  for (let k = 0; k < 50; k++) finalSet.set(300 + k, make(300 + k));
  const full = buildAccessIndex({ bindings: [...finalSet.values()] }, 2);
  const v1Again = buildAccessIndex({ bindings: first }, 1);
  assert.deepEqual({ ...v2 }, { ...full });
  for (let u = 0; u < 13; u++) {
    const p = user(`u${u}`, [`g${u % 5}`], { team: `t${u % 3}` });
    for (let n = 0; n < 7; n++) {
      for (const action of ['workflow:get', 'workflow:logs', 'workflow:create', 'workflowtemplate:submit']) {
        for (const name of [undefined, 'w1']) {
          const req = wf(`ns${n}`, name);
          assert.deepEqual(decide(v2, p, action, req, NOW), decide(full, p, action, req, NOW));
          assert.deepEqual(explain(v2, p, action, req, NOW), explain(full, p, action, req, NOW));
          assert.deepEqual(explain(v1, p, action, req, NOW), explain(v1Again, p, action, req, NOW));
        }
      }
    }
  }
});

test('an update that changes a role re-assembles every binding that refers to it', () => {
  const v1 = buildAccessIndex({ clusterRoles: [clusterRole('r', ['workflow:get'])], bindings: [roleBinding('b', 'a', 'r', [{ user: 'ann' }])] }, 1);
  const v2 = updateAccessIndex(v1, { remove: [{ kind: 'ClusterRole', name: 'r' }] }, 2);
  assert.equal(decide(v1, user('ann'), 'workflow:get', wf('a'), NOW).allowed, true);
  assert.equal(decide(v2, user('ann'), 'workflow:get', wf('a'), NOW).allowed, false);
  assert.deepEqual({ ...v2 }, { version: 2, roleCount: 6, bindingCount: 1, grantCount: 0 });
});

test('the binding named in a reason does not depend on the order the store returned them in', () => {
  const bindings = [roleBinding('zeta', 'a', 'viewer', [{ user: 'ann' }]), roleBinding('alpha', 'a', 'viewer', [{ user: 'ann' }])];
  const forward = buildAccessIndex({ bindings }, 1);
  const backward = buildAccessIndex({ bindings: [...bindings].reverse() }, 1);
  assert.equal(decide(forward, user('ann'), 'workflow:get', wf('a'), NOW).reason.binding?.name, 'alpha');
  assert.equal(decide(backward, user('ann'), 'workflow:get', wf('a'), NOW).reason.binding?.name, 'alpha');
});

test('hostile volume: 20,000 bindings on one group and 1,000 subjects per binding still decide correctly', () => {
  const many = Array.from({ length: 20_000 }, (_, i) => roleBinding(`b${i}`, 'a', 'viewer', [{ group: 'everyone' }], { resourceNames: [`w${i}`] }));
  const wide = roleBinding('wide', 'b', 'editor', Array.from({ length: 1_000 }, (_, i) => ({ user: `user-${i}` })));
  const index = buildAccessIndex({ bindings: [...many, wide] }, 1);
  const member = user('ann', ['everyone']);
  assert.equal(decide(index, member, 'workflow:get', wf('a', 'w19999'), NOW).reason.binding?.name, 'b19999');
  assert.equal(decide(index, member, 'workflow:get', wf('a', 'nope'), NOW).allowed, false);
  assert.equal(decide(index, user('user-999'), 'workflow:create', wf('b'), NOW).allowed, true);
  assert.equal(decide(index, user('user-1000'), 'workflow:create', wf('b'), NOW).allowed, false);
});

test('hostile principals: thousands of groups, huge claims and odd names neither crash nor match by accident', () => {
  const index = buildAccessIndex({
    bindings: [roleBinding('v', 'a', 'viewer', [{ group: 'g-4999' }, { claim: { name: 'roles', value: 'x' } }])],
  }, 1);
  const groups = Array.from({ length: 5_000 }, (_, i) => `g-${i}`);
  assert.equal(decide(index, user('ann', groups), 'workflow:get', wf('a'), NOW).allowed, true);
  const claims = { roles: Array.from({ length: 100_000 }, (_, i) => (i % 2 ? i : { i })) };
  assert.equal(decide(index, user('ann', [], claims), 'workflow:get', wf('a'), NOW).allowed, false);
  const odd = user('\u0000ann\u202e', ['', '__proto__', 'constructor']);
  assert.equal(decide(index, odd, 'workflow:get', { kind: 'workflow', namespace: '__proto__', name: 'constructor' }, NOW).allowed, false);
  assert.equal(decide(index, odd, 'workflow:get', { kind: 'workflow', namespace: 'toString' }, NOW).allowed, false);
});

test('hostile mix: 10,000 allows and 10,000 denies on one group build without quadratic inserts and deny still wins', () => {
  const allows = Array.from({ length: 10_000 }, (_, i) => roleBinding(`a${i}`, 'a', 'viewer', [{ group: 'everyone' }], { resourceNames: [`w${i}`] }));
  const denies = Array.from({ length: 10_000 }, (_, i) => roleBinding(`d${i}`, 'a', 'viewer', [{ group: 'everyone' }], { effect: 'deny', resourceNames: [`w${i * 2}`] }));
  const index = buildAccessIndex({ bindings: [...allows, ...denies] }, 1);
  const member = user('ann', ['everyone']);
  assert.equal(decide(index, member, 'workflow:get', wf('a', 'w4'), NOW).reason.binding?.name, 'd2');
  assert.equal(decide(index, member, 'workflow:get', wf('a', 'w5'), NOW).reason.binding?.name, 'a5');
  const updated = updateAccessIndex(index, { remove: [{ kind: 'RoleBinding', namespace: 'a', name: 'd2' }] }, 2);
  assert.equal(decide(updated, member, 'workflow:get', wf('a', 'w4'), NOW).reason.binding?.name, 'a4');
});
