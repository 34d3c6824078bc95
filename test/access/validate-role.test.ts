import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRole } from '../../src/access/index.js';
import { clusterRole, expectAccessError, role } from './make-manifests.js';

test('a valid Role keeps its patterns, drops duplicates and defaults the description', () => {
  assert.deepEqual(validateRole(role('runner', 'payments', ['workflow:*', 'workflowtemplate:submit', 'workflow:*']), 'Role'), {
    kind: 'Role', name: 'runner', namespace: 'payments', description: '', actions: ['workflow:*', 'workflowtemplate:submit'], system: false,
  });
  assert.deepEqual(validateRole(clusterRole('all', ['*'], { description: 'Everything' }), 'ClusterRole'), {
    kind: 'ClusterRole', name: 'all', description: 'Everything', actions: ['*'], system: false,
  });
});

test('an unknown resource or verb is refused with the field that names it', () => {
  expectAccessError(() => validateRole(role('r', 'a', ['workflow:get', 'workflow:explode', 'pipeline:get', 'workflow', 'secret:*:x', 42]), 'Role'),
    'ERR_AUTHZ_INVALID',
    "invalid Role a/r: spec.actions[1]: unknown verb 'explode' for resource 'workflow'; spec.actions[2]: unknown resource 'pipeline'; "
      + "spec.actions[3]: 'workflow' is not of the form resource:verb; spec.actions[4]: unknown verb '*:x' for resource 'secret'; "
      + 'spec.actions[5]: must be a string like "workflow:get"');
});

test('resource names are an allow-list: inherited object keys are not resources', () => {
  expectAccessError(() => validateRole(clusterRole('r', ['constructor:get', '__proto__:*', 'toString:*']), 'ClusterRole'),
    'ERR_AUTHZ_INVALID',
    "invalid ClusterRole r: spec.actions[0]: unknown resource 'constructor'; spec.actions[1]: unknown resource '__proto__'; "
      + "spec.actions[2]: unknown resource 'toString'");
});

test('the envelope is checked: apiVersion, kind, names and namespace scoping', () => {
  expectAccessError(() => validateRole({ apiVersion: 'v1', kind: 'Role', metadata: { name: 'Bad_Name' }, spec: {} }, 'Role'),
    'ERR_AUTHZ_INVALID',
    "invalid Role Bad_Name: apiVersion: must be 'keyflow.dev/v1', not 'v1'; metadata.name: 'Bad_Name' is not a valid name "
      + "(lowercase letters, digits, '-' and '.', at most 253 characters); metadata.namespace: must be a non-empty string");
  expectAccessError(() => validateRole({ ...clusterRole('c', []), metadata: { name: 'c', namespace: 'a' } }, 'ClusterRole'),
    'ERR_AUTHZ_INVALID', 'invalid ClusterRole c: metadata.namespace: a ClusterRole is cluster-wide and has no namespace');
  expectAccessError(() => validateRole(role('r', 'a', []), 'ClusterRole'),
    'ERR_AUTHZ_INVALID', "invalid ClusterRole r: kind: must be 'ClusterRole'; metadata.namespace: a ClusterRole is cluster-wide and has no namespace");
  expectAccessError(() => validateRole('kind: Role', 'Role'), 'ERR_AUTHZ_INVALID',
    'invalid Role: manifest: must be a mapping');
});

test('unknown spec fields are refused, so that a typo never changes what a role means', () => {
  expectAccessError(() => validateRole(role('r', 'a', [], { rules: [{ verbs: ['*'] }], descripton: 'x' }), 'Role'),
    'ERR_AUTHZ_INVALID',
    'invalid Role a/r: spec.rules: unknown field (expected one of description, actions); '
      + 'spec.descripton: unknown field (expected one of description, actions)');
});

test('actions must be a list of bounded size', () => {
  expectAccessError(() => validateRole(role('r', 'a', 'workflow:get' as unknown as unknown[]), 'Role'),
    'ERR_AUTHZ_INVALID', 'invalid Role a/r: spec.actions: must be a list');
  expectAccessError(() => validateRole(role('r', 'a', Array.from({ length: 1001 }, () => 'workflow:get')), 'Role'),
    'ERR_AUTHZ_INVALID', 'invalid Role a/r: spec.actions: has 1001 items, more than the limit of 1000');
});

test('hostile names are clipped in messages', () => {
  const long = 'x'.repeat(10_000);
  assert.throws(() => validateRole(role('r', 'a', [`${long}:get`]), 'Role'), (err: Error) => {
    assert.equal(err.message, `invalid Role a/r: spec.actions[0]: unknown resource '${'x'.repeat(61)}...'`);
    return true;
  });
});

test('a message lists at most ten problems and counts the rest', () => {
  assert.throws(() => validateRole(role('r', 'a', Array.from({ length: 12 }, (_, i) => `nope${i}:get`)), 'Role'), (err: Error & { problems?: string[] }) => {
    assert.ok(err.message.endsWith("spec.actions[9]: unknown resource 'nope9'; and 2 more"));
    assert.equal(err.problems?.length, 12);
    return true;
  });
});
