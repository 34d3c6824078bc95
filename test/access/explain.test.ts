import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAccessIndex, explain } from '../../src/access/index.js';
import { clusterBinding, NOW, roleBinding, user } from './make-manifests.js';

const index = buildAccessIndex({
  bindings: [
    roleBinding('viewers', 'a', 'viewer', [{ group: 'devs' }]),
    roleBinding('logs-when', 'a', 'log-viewer', [{ user: 'ann' }], { when: 'resource.labels.team == "payments"' }),
    roleBinding('old-editor', 'a', 'editor', [{ user: 'ann' }], { expiresAt: '2030-01-01T00:00:00Z' }),
    roleBinding('release-only', 'a', 'admin', [{ claim: { name: 'email', value: 'ann@example.com' } }], { resourceNames: ['release'] }),
    roleBinding('ghost', 'a', 'ghost', [{ user: 'ann' }]),
    roleBinding('elsewhere', 'b', 'admin', [{ user: 'ann' }]),
    roleBinding('someone-else', 'a', 'admin', [{ user: 'bob' }]),
  ],
  clusterBindings: [clusterBinding('no-logs', 'log-viewer', [{ group: 'devs' }, { user: 'ann' }], { effect: 'deny', resourceNames: ['secret-run'] })],
}, 1);

const ann = user('ann', ['devs'], { email: 'ann@example.com' });

test('explain lists every binding of the request scopes that names the principal, with why it applies or not', () => {
  const result = explain(index, ann, 'workflow:logs', { kind: 'workflow', namespace: 'a', name: 'nightly', labels: { team: 'search' } }, NOW);
  assert.deepEqual(result.bindings.map((b) => [b.binding.name, b.matchedSubject, b.effect, b.applies, b.why]), [
    ['ghost', 'user ann', 'allow', false, 'ClusterRole ghost does not exist, so the binding grants nothing'],
    ['logs-when', 'user ann', 'allow', false, 'ClusterRole log-viewer includes workflow:logs (workflow:logs); condition is false'],
    ['old-editor', 'user ann', 'allow', false, 'ClusterRole editor includes workflow:logs (workflow:logs); expired at 2030-01-01T00:00:00.000Z'],
    ['viewers', 'group devs', 'allow', false, 'ClusterRole viewer does not include workflow:logs'],
    ['release-only', 'claim email="ann@example.com"', 'allow', false, "ClusterRole admin includes workflow:logs (*); 'nightly' is not in resourceNames"],
    ['no-logs', 'user ann', 'deny', false, "ClusterRole log-viewer includes workflow:logs (workflow:logs); 'nightly' is not in resourceNames"],
  ]);
  assert.equal(result.decision.allowed, false);
  assert.equal(result.decision.reason.text, 'no binding matched: RoleBinding a/old-editor would allow it but expired at 2030-01-01T00:00:00.000Z');
});

test('explain shows the binding that decides as applying, and the decision names it', () => {
  const result = explain(index, ann, 'workflow:logs', { kind: 'workflow', namespace: 'a', name: 'secret-run', labels: { team: 'payments' } }, NOW);
  assert.equal(result.decision.reason.text, 'denied by ClusterRoleBinding no-logs (ClusterRole log-viewer: workflow:logs)');
  const applying = result.bindings.filter((b) => b.applies).map((b) => [b.binding.name, b.why]);
  assert.deepEqual(applying, [
    ['logs-when', 'ClusterRole log-viewer includes workflow:logs (workflow:logs); applies'],
    ['no-logs', 'ClusterRole log-viewer includes workflow:logs (workflow:logs); applies'],
  ]);
});

test('explain without a namespace considers only cluster bindings; a principal bound nowhere gets an empty list', () => {
  const cluster = explain(index, ann, 'namespace:list', { kind: 'namespace' }, NOW);
  assert.deepEqual(cluster.bindings.map((b) => b.binding.name), ['no-logs']);
  const nobody = explain(index, user('zed'), 'workflow:get', { kind: 'workflow', namespace: 'a' }, NOW);
  assert.deepEqual(nobody, { decision: { allowed: false, reason: { text: 'no binding matched' } }, bindings: [] });
});

test('explain reports a failing condition of a deny as applying', () => {
  const failing = buildAccessIndex({
    bindings: [roleBinding('d', 'a', 'viewer', [{ user: 'ann' }], { effect: 'deny', when: 'resource.labels.n > 1' })],
  }, 1);
  const result = explain(failing, ann, 'workflow:get', { kind: 'workflow', namespace: 'a', labels: { n: 'x' } }, NOW);
  assert.equal(result.bindings[0]!.applies, true);
  assert.match(result.bindings[0]!.why, /^ClusterRole viewer includes workflow:get \(workflow:get\); condition failed: .+; a deny applies when its condition fails$/);
});
