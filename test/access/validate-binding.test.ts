import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateBinding } from '../../src/access/index.js';
import { clusterBinding, expectAccessError, roleBinding } from './make-manifests.js';

test('a full RoleBinding is normalised: subjects by kind, effect, expiry as UTC, resourceNames, when', () => {
  const binding = validateBinding(roleBinding('release', 'payments', 'submitter', [
    { user: 'corp:ann' },
    { group: 'payments-devs' },
    { serviceaccount: 'release-bot' },
    { serviceaccount: { namespace: 'ci', name: 'builder' } },
    { claim: { name: 'email', value: 'bob@example.com' } },
    { claim: { name: 'level', value: 3 } },
  ], {
    effect: 'deny', expiresAt: '2030-01-31T14:00:00+02:00', resourceNames: ['release', 'release'], when: 'resource.labels.team == "payments"',
  }), 'RoleBinding');
  assert.deepEqual(binding, {
    kind: 'RoleBinding', name: 'release', namespace: 'payments',
    roleRef: { kind: 'ClusterRole', name: 'submitter' },
    subjects: [
      { kind: 'user', name: 'corp:ann' },
      { kind: 'group', name: 'payments-devs' },
      { kind: 'serviceaccount', namespace: 'payments', name: 'release-bot' },
      { kind: 'serviceaccount', namespace: 'ci', name: 'builder' },
      { kind: 'claim', name: 'email', value: 'bob@example.com' },
      { kind: 'claim', name: 'level', value: 3 },
    ],
    effect: 'deny',
    expiresAt: '2030-01-31T12:00:00.000Z',
    resourceNames: ['release'],
    when: 'resource.labels.team == "payments"',
  });
});

test('effect defaults to allow', () => {
  assert.equal(validateBinding(clusterBinding('b', 'viewer', [{ group: 'all' }]), 'ClusterRoleBinding').effect, 'allow');
});

test('a ClusterRoleBinding can only refer to a ClusterRole and must name service-account namespaces', () => {
  expectAccessError(() => validateBinding(clusterBinding('b', 'r', [{ serviceaccount: 'bot' }, { serviceaccount: { name: 'bot' } }],
    { roleRef: { kind: 'Role', name: 'r' } }), 'ClusterRoleBinding'),
  'ERR_AUTHZ_INVALID',
  'invalid ClusterRoleBinding b: spec.roleRef.kind: a ClusterRoleBinding can only refer to a ClusterRole; '
    + 'spec.subjects[0].serviceaccount: a ClusterRoleBinding must name the namespace ({namespace, name}); '
    + 'spec.subjects[1].serviceaccount.namespace: required in a ClusterRoleBinding');
});

test('subjects: exactly one kind per entry, with the field at fault named', () => {
  expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', [
    { user: 'ann', group: 'devs' },
    {},
    { email: 'x' },
    'ann',
    { user: '' },
    { group: 'tab\there' },
    { claim: { name: 'email' } },
    { claim: { name: 'n', value: { nested: true } } },
    { claim: 'email=x' },
    { serviceaccount: { namespace: 'A', name: 'bot', extra: 1 } },
  ]), 'RoleBinding'),
  'ERR_AUTHZ_INVALID',
  'invalid RoleBinding a/b: spec.subjects[0]: must have exactly one of user, group, serviceaccount, claim (found user, group); '
    + 'spec.subjects[1]: must have exactly one of user, group, serviceaccount, claim (found none); '
    + 'spec.subjects[2]: must have exactly one of user, group, serviceaccount, claim (found email); '
    + 'spec.subjects[3]: must be a mapping with one of user, group, serviceaccount, claim; '
    + 'spec.subjects[4].user: must be a non-empty string; '
    + 'spec.subjects[5].group: contains control characters; '
    + 'spec.subjects[6].claim.value: must be a string, number or boolean; '
    + 'spec.subjects[7].claim.value: must be a string, number or boolean; '
    + 'spec.subjects[8].claim: must be a mapping {name, value}; '
    + 'spec.subjects[9].serviceaccount.extra: unknown field (expected one of namespace, name); and 1 more');
});

test('subjects must be a non-empty list', () => {
  expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', []), 'RoleBinding'),
    'ERR_AUTHZ_INVALID', 'invalid RoleBinding a/b: spec.subjects: must name at least one subject');
  expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', { user: 'ann' } as unknown as unknown[]), 'RoleBinding'),
    'ERR_AUTHZ_INVALID', 'invalid RoleBinding a/b: spec.subjects: must be a list');
});

test('roleRef, effect, expiresAt and resourceNames are checked', () => {
  expectAccessError(() => validateBinding({
    ...roleBinding('b', 'a', 'viewer', [{ user: 'ann' }]),
    spec: {
      roleRef: { kind: 'Group', name: 'Viewer' }, subjects: [{ user: 'ann' }], effect: 'maybe',
      expiresAt: 'tomorrow', resourceNames: [],
    },
  }, 'RoleBinding'),
  'ERR_AUTHZ_INVALID',
  "invalid RoleBinding a/b: spec.roleRef.kind: must be 'Role' or 'ClusterRole'; "
    + "spec.roleRef.name: 'Viewer' is not a valid name (lowercase letters, digits, '-' and '.', at most 253 characters); "
    + "spec.effect: must be 'allow' or 'deny'; spec.expiresAt: must be an RFC 3339 timestamp such as 2030-01-31T12:00:00Z; "
    + 'spec.resourceNames: must not be empty (omit it to mean every name)');
});

test('expiresAt must be a real RFC 3339 instant', () => {
  for (const bad of ['2030-02-30T00:00:00Z', '2030-01-31', '2030-01-31T25:00:00Z', '2030-01-31 12:00:00Z', '2030-01-31T12:00:00', 1893456000]) {
    expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', [{ user: 'ann' }], { expiresAt: bad }), 'RoleBinding'),
      'ERR_AUTHZ_INVALID', 'invalid RoleBinding a/b: spec.expiresAt: must be an RFC 3339 timestamp such as 2030-01-31T12:00:00Z');
  }
  const ok = validateBinding(roleBinding('b', 'a', 'viewer', [{ user: 'ann' }], { expiresAt: '2030-01-31t12:00:00.5z' }), 'RoleBinding');
  assert.equal(ok.expiresAt, '2030-01-31T12:00:00.500Z');
});

test('a `when` that does not parse is a validation error with its position', () => {
  expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', [{ user: 'ann' }], { when: 'resource.labels.team ==' }), 'RoleBinding'),
    'ERR_AUTHZ_INVALID', 'invalid RoleBinding a/b: spec.when: unexpected end of expression at column 24');
  expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', [{ user: 'ann' }], { when: '  ' }), 'RoleBinding'),
    'ERR_AUTHZ_INVALID', 'invalid RoleBinding a/b: spec.when: must be a non-empty expression string');
});

test('a `when` that reaches for prototypes is refused when validated', () => {
  for (const [when, message] of [
    ['resource.__proto__.polluted == 1', "spec.when: forbidden name '__proto__' at column 10"],
    ['resource["__proto__"] == nil', "spec.when: forbidden name '__proto__' at column 10"],
    ['resource.labels.constructor == nil', "spec.when: forbidden name 'constructor' at column 17"],
    ['constructor == nil', "spec.when: forbidden name 'constructor' at column 1"],
  ] as const) {
    expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', [{ user: 'ann' }], { when }), 'RoleBinding'),
      'ERR_AUTHZ_INVALID', `invalid RoleBinding a/b: ${message}`);
  }
});

test('unknown spec fields are refused (a misspelt resourceNames must not widen an allow)', () => {
  expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', [{ user: 'ann' }], { resourceName: ['x'] }), 'RoleBinding'),
    'ERR_AUTHZ_INVALID',
    'invalid RoleBinding a/b: spec.resourceName: unknown field (expected one of roleRef, subjects, effect, expiresAt, resourceNames, when)');
});

test('weird but legal user, group and claim names are kept exactly', () => {
  const names = ['ann@example.com', 'corp:ann', 'Ωmega ユーザー', 'CN=ann,O=Corp', "o'brien", '../../etc/passwd', 'x'.repeat(512)];
  const binding = validateBinding(roleBinding('b', 'a', 'viewer', names.map((user) => ({ user }))), 'RoleBinding');
  assert.deepEqual(binding.subjects.map((s) => s.name), names);
  expectAccessError(() => validateBinding(roleBinding('b', 'a', 'viewer', [{ user: 'x'.repeat(513) }]), 'RoleBinding'),
    'ERR_AUTHZ_INVALID', 'invalid RoleBinding a/b: spec.subjects[0].user: longer than 512 characters');
});
