import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAccessIndex, decide, NO_BINDING_MATCHED, updateAccessIndex, type Principal } from '../../src/access/index.js';
import { clusterBinding, clusterRole, NOW, role, roleBinding, serviceAccount, user } from './make-manifests.js';

const wf = (namespace?: string, name?: string, labels?: Record<string, string>) =>
  ({ kind: 'workflow', ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), ...(labels ? { labels } : {}) });

test('default deny: nothing bound means no binding matched', () => {
  const index = buildAccessIndex({}, 1);
  assert.deepEqual(decide(index, user('ann'), 'workflow:get', wf('a'), NOW), { allowed: false, reason: { text: 'no binding matched' } });
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a'), NOW), NO_BINDING_MATCHED);
});

test('an allow binding grants and its reason names the binding, the role and the rule', () => {
  const index = buildAccessIndex({ bindings: [roleBinding('viewers', 'a', 'viewer', [{ user: 'ann' }])] }, 1);
  assert.deepEqual(decide(index, user('ann'), 'workflow:get', wf('a', 'w'), NOW), {
    allowed: true,
    reason: {
      binding: { kind: 'RoleBinding', namespace: 'a', name: 'viewers' },
      role: { kind: 'ClusterRole', name: 'viewer' },
      rule: 'workflow:get',
      effect: 'allow',
      text: 'allowed by RoleBinding a/viewers (ClusterRole viewer: workflow:get)',
    },
  });
});

test('denies when a deny rule matches even if a role allows (deny in the namespace, allow cluster-wide)', () => {
  const index = buildAccessIndex({
    clusterBindings: [clusterBinding('admins', 'admin', [{ user: 'ann' }])],
    bindings: [roleBinding('freeze', 'prod', 'editor', [{ group: 'contractors' }], { effect: 'deny' })],
  }, 1);
  const ann = user('ann', ['contractors']);
  assert.deepEqual(decide(index, ann, 'workflow:create', wf('prod'), NOW), {
    allowed: false,
    reason: {
      binding: { kind: 'RoleBinding', namespace: 'prod', name: 'freeze' },
      role: { kind: 'ClusterRole', name: 'editor' },
      rule: 'workflow:create',
      effect: 'deny',
      text: 'denied by RoleBinding prod/freeze (ClusterRole editor: workflow:create)',
    },
  });
  assert.equal(decide(index, ann, 'workflow:create', wf('dev'), NOW).allowed, true, 'the deny is scoped to prod');
  assert.equal(decide(index, ann, 'audit:read', wf('prod'), NOW).allowed, true, 'editor does not include audit:read, so the deny does not cover it');
});

test('a cluster-wide deny wins over an allow in the namespace', () => {
  const index = buildAccessIndex({
    clusterRoles: [clusterRole('no-logs', ['workflow:logs'])],
    bindings: [roleBinding('ops', 'a', 'admin', [{ user: 'ann' }])],
    clusterBindings: [clusterBinding('nobody-reads-logs', 'no-logs', [{ user: 'ann' }], { effect: 'deny' })],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:logs', wf('a'), NOW).reason.text,
    'denied by ClusterRoleBinding nobody-reads-logs (ClusterRole no-logs: workflow:logs)');
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a'), NOW).allowed, true);
});

test('wildcards: `workflow:*` grants every workflow verb and nothing else; `*` grants everything', () => {
  const index = buildAccessIndex({
    roles: [role('wf-all', 'a', ['workflow:*']), role('everything', 'a', ['*'])],
    bindings: [
      roleBinding('w', 'a', 'wf-all', [{ user: 'ann' }], { roleRef: { kind: 'Role', name: 'wf-all' } }),
      roleBinding('e', 'a', 'everything', [{ user: 'bob' }], { roleRef: { kind: 'Role', name: 'everything' } }),
    ],
  }, 1);
  for (const verb of ['create', 'get', 'list', 'logs', 'cancel', 'retry', 'resume', 'suspend', 'delete', 'approve']) {
    const d = decide(index, user('ann'), `workflow:${verb}`, wf('a'), NOW);
    assert.equal(d.allowed, true, verb);
    assert.equal(d.reason.rule, 'workflow:*');
  }
  assert.equal(decide(index, user('ann'), 'workflowtemplate:get', wf('a'), NOW).allowed, false);
  const everything = decide(index, user('bob'), 'audit:read', { kind: 'audit', namespace: 'a' }, NOW);
  assert.equal(everything.allowed, true);
  assert.equal(everything.reason.rule, '*');
});

test('the reason quotes the most specific rule when a role has several that match', () => {
  const index = buildAccessIndex({
    clusterRoles: [clusterRole('mixed', ['*', 'workflow:*', 'workflow:get'])],
    bindings: [roleBinding('m', 'a', 'mixed', [{ user: 'ann' }])],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a'), NOW).reason.rule, 'workflow:get');
  assert.equal(decide(index, user('ann'), 'workflow:list', wf('a'), NOW).reason.rule, 'workflow:*');
  assert.equal(decide(index, user('ann'), 'secret:read', wf('a'), NOW).reason.rule, '*');
});

test('an unknown action is denied with a reason that names it', () => {
  const index = buildAccessIndex({ clusterBindings: [clusterBinding('root', 'admin', [{ user: 'ann' }])] }, 1);
  assert.deepEqual(decide(index, user('ann'), 'workflow:explode', wf('a'), NOW), { allowed: false, reason: { text: "unknown action 'workflow:explode'" } });
  assert.equal(decide(index, user('ann'), '*', wf('a'), NOW).allowed, false);
  assert.equal(decide(index, user('ann'), 'workflow:*', wf('a'), NOW).allowed, false);
});

test('expiry: a binding past expiresAt no longer grants, and the reason says it expired (frozen clock)', () => {
  const index = buildAccessIndex({
    bindings: [roleBinding('temp', 'a', 'editor', [{ user: 'ann' }], { expiresAt: '2030-06-01T12:00:00Z' })],
  }, 1);
  const before = new Date('2030-06-01T11:59:59.999Z');
  assert.equal(decide(index, user('ann'), 'workflow:create', wf('a'), before).allowed, true);
  assert.deepEqual(decide(index, user('ann'), 'workflow:create', wf('a'), NOW), {
    allowed: false,
    reason: {
      binding: { kind: 'RoleBinding', namespace: 'a', name: 'temp' },
      role: { kind: 'ClusterRole', name: 'editor' },
      rule: 'workflow:create',
      effect: 'allow',
      text: 'no binding matched: RoleBinding a/temp would allow it but expired at 2030-06-01T12:00:00.000Z',
    },
  });
});

test('an expired binding does not hide a live one, and an expired deny no longer denies', () => {
  const index = buildAccessIndex({
    bindings: [
      roleBinding('old', 'a', 'editor', [{ user: 'ann' }], { expiresAt: '2020-01-01T00:00:00Z' }),
      roleBinding('live', 'a', 'viewer', [{ user: 'ann' }]),
      roleBinding('old-deny', 'a', 'viewer', [{ user: 'ann' }], { effect: 'deny', expiresAt: '2020-01-01T00:00:00+02:00' }),
    ],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a'), NOW).reason.text, 'allowed by RoleBinding a/live (ClusterRole viewer: workflow:get)');
});

test('resourceNames: only the named resources; requests without a name are outside the binding', () => {
  const index = buildAccessIndex({
    bindings: [roleBinding('release', 'a', 'submitter', [{ user: 'ann' }], { resourceNames: ['release', 'hotfix'] })],
  }, 1);
  const tpl = (name?: string) => ({ kind: 'workflowtemplate', namespace: 'a', ...(name ? { name } : {}) });
  assert.equal(decide(index, user('ann'), 'workflowtemplate:submit', tpl('release'), NOW).allowed, true);
  assert.equal(decide(index, user('ann'), 'workflowtemplate:submit', tpl('hotfix'), NOW).allowed, true);
  assert.equal(decide(index, user('ann'), 'workflowtemplate:submit', tpl('build'), NOW).allowed, false);
  assert.equal(decide(index, user('ann'), 'workflowtemplate:list', tpl(), NOW).allowed, false);
});

test('a deny with resourceNames denies only those names', () => {
  const index = buildAccessIndex({
    bindings: [
      roleBinding('edit', 'a', 'editor', [{ user: 'ann' }]),
      roleBinding('not-prod-secret', 'a', 'editor', [{ user: 'ann' }], { effect: 'deny', resourceNames: ['prod-db'] }),
    ],
  }, 1);
  const secret = (name?: string) => ({ kind: 'secret', namespace: 'a', ...(name ? { name } : {}) });
  assert.equal(decide(index, user('ann'), 'secret:read', secret('prod-db'), NOW).allowed, false);
  assert.equal(decide(index, user('ann'), 'secret:read', secret('dev-db'), NOW).allowed, true);
  assert.equal(decide(index, user('ann'), 'secret:list', secret(), NOW).allowed, true);
});

test('when: a condition over resource labels grants only matching resources', () => {
  const index = buildAccessIndex({
    clusterBindings: [clusterBinding('payments-logs', 'log-viewer', [{ group: 'payments' }], { when: 'resource.labels.team == "payments"' })],
  }, 1);
  const p = user('ann', ['payments']);
  assert.equal(decide(index, p, 'workflow:logs', wf('a', 'w', { team: 'payments' }), NOW).allowed, true);
  assert.equal(decide(index, p, 'workflow:logs', wf('a', 'w', { team: 'search' }), NOW).allowed, false);
  assert.equal(decide(index, p, 'workflow:logs', wf('a', 'w'), NOW).allowed, false, 'no labels: the label reads as nil');
});

test('when: conditions see the namespace, name, action, verb and the principal', () => {
  const index = buildAccessIndex({
    clusterBindings: [
      clusterBinding('own', 'editor', [{ group: 'devs' }], {
        when: 'resource.namespace startsWith "team-" && verb in ["get", "cancel"] && resource.labels["keyflow.dev/submitter"] == principal.username',
      }),
    ],
  }, 1);
  const ann = user('ann', ['devs']);
  const mine = wf('team-x', 'w', { 'keyflow.dev/submitter': 'ann' });
  assert.equal(decide(index, ann, 'workflow:cancel', mine, NOW).allowed, true);
  assert.equal(decide(index, ann, 'workflow:delete', mine, NOW).allowed, false);
  assert.equal(decide(index, ann, 'workflow:cancel', wf('team-x', 'w', { 'keyflow.dev/submitter': 'bob' }), NOW).allowed, false);
  assert.equal(decide(index, ann, 'workflow:cancel', wf('prod', 'w', { 'keyflow.dev/submitter': 'ann' }), NOW).allowed, false);
});

test('when: an allow whose condition fails to evaluate does not grant; a deny whose condition fails denies', () => {
  const index = buildAccessIndex({
    bindings: [
      roleBinding('allow-odd', 'a', 'viewer', [{ user: 'ann' }], { when: 'resource.labels.count > 3' }),
      roleBinding('allow', 'b', 'viewer', [{ user: 'ann' }]),
      roleBinding('deny-odd', 'b', 'viewer', [{ user: 'ann' }], { effect: 'deny', when: 'resource.labels.size.x == 1' }),
    ],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a', 'w', { count: 'many' }), NOW).allowed, false);
  const denied = decide(index, user('ann'), 'workflow:get', wf('b', 'w', { size: 'big' }), NOW);
  assert.equal(denied.allowed, false);
  assert.equal(denied.reason.text,
    "denied by RoleBinding b/deny-odd (ClusterRole viewer: workflow:get): condition failed: cannot read member 'x' of string at column 21");
});

test('when: a condition that is not a bool never grants', () => {
  const index = buildAccessIndex({ bindings: [roleBinding('v', 'a', 'viewer', [{ user: 'ann' }], { when: 'resource.name' })] }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a', 'w'), NOW).allowed, false);
});

test('a RoleBinding to a ClusterRole grants only in its own namespace', () => {
  const index = buildAccessIndex({ bindings: [roleBinding('v', 'a', 'viewer', [{ user: 'ann' }])] }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:list', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, user('ann'), 'workflow:list', wf('b'), NOW).allowed, false);
  assert.equal(decide(index, user('ann'), 'namespace:list', { kind: 'namespace' }, NOW).allowed, false, 'cluster-wide requests need a ClusterRoleBinding');
  assert.equal(decide(index, user('ann'), 'namespace:get', { kind: 'namespace', namespace: 'a', name: 'a' }, NOW).allowed, true);
});

test('a RoleBinding to a Role uses the Role of its own namespace, never one of the same name elsewhere', () => {
  const index = buildAccessIndex({
    roles: [role('runner', 'a', ['workflow:create']), role('runner', 'b', ['*'])],
    bindings: [roleBinding('r', 'a', 'runner', [{ user: 'ann' }], { roleRef: { kind: 'Role', name: 'runner' } })],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:create', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, user('ann'), 'workflow:delete', wf('a'), NOW).allowed, false);
});

test('a binding to a role that does not exist grants nothing', () => {
  const index = buildAccessIndex({ bindings: [roleBinding('ghost', 'a', 'no-such-role', [{ user: 'ann' }])] }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a'), NOW), NO_BINDING_MATCHED);
});

test('group subjects match any member; user subjects match only users of that exact username', () => {
  const index = buildAccessIndex({
    bindings: [
      roleBinding('g', 'a', 'viewer', [{ group: 'corp:devs' }]),
      roleBinding('u', 'a', 'editor', [{ user: 'corp:ann' }]),
    ],
  }, 1);
  assert.equal(decide(index, user('bob', ['corp:devs']), 'workflow:get', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, user('bob', ['devs']), 'workflow:get', wf('a'), NOW).allowed, false);
  assert.equal(decide(index, user('corp:ann'), 'workflow:create', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, user('ann'), 'workflow:create', wf('a'), NOW).allowed, false, 'another issuer\'s ann');
  const impostor: Principal = { ...user('corp:ann'), kind: 'serviceaccount' };
  assert.equal(decide(index, impostor, 'workflow:create', wf('a'), NOW).allowed, false, 'a service account named like a user is not that user');
});

test('serviceaccount subjects match service-account and task principals by system:serviceaccount:<ns>:<name>', () => {
  const index = buildAccessIndex({
    bindings: [roleBinding('bot', 'ci', 'submitter', [{ serviceaccount: 'release-bot' }])],
    clusterBindings: [clusterBinding('auditor', 'viewer', [{ serviceaccount: { namespace: 'ops', name: 'auditor' } }])],
  }, 1);
  assert.equal(decide(index, serviceAccount('ci', 'release-bot'), 'workflowtemplate:submit', { kind: 'workflowtemplate', namespace: 'ci' }, NOW).allowed, true);
  assert.equal(decide(index, serviceAccount('ci', 'release-bot', 'task'), 'workflowtemplate:submit', { kind: 'workflowtemplate', namespace: 'ci' }, NOW).allowed, true);
  assert.equal(decide(index, serviceAccount('other', 'release-bot'), 'workflowtemplate:submit', { kind: 'workflowtemplate', namespace: 'ci' }, NOW).allowed, false);
  assert.equal(decide(index, serviceAccount('ops', 'auditor'), 'workflow:list', wf('anywhere'), NOW).allowed, true);
  const userNamedLikeAnAccount = user('system:serviceaccount:ops:auditor');
  assert.equal(decide(index, userNamedLikeAnAccount, 'workflow:list', wf('anywhere'), NOW).allowed, false, 'a user is never a service account');
  const extraColon = serviceAccount('ops', 'auditor:x');
  assert.equal(decide(index, extraColon, 'workflow:list', wf('anywhere'), NOW).allowed, false);
});

test('claim subjects match string, number and boolean claims, and arrays containing the value', () => {
  const index = buildAccessIndex({
    bindings: [
      roleBinding('by-email', 'a', 'viewer', [{ claim: { name: 'email', value: 'ann@example.com' } }]),
      roleBinding('by-client', 'a', 'submitter', [{ claim: { name: 'sub', value: 'ci-client' } }]),
      roleBinding('by-level', 'a', 'log-viewer', [{ claim: { name: 'level', value: 3 } }]),
      roleBinding('by-flag', 'a', 'approver', [{ claim: { name: 'email_verified', value: true } }]),
      roleBinding('by-role', 'a', 'editor', [{ claim: { name: 'roles', value: 'deployer' } }]),
    ],
  }, 1);
  const p = (claims: Record<string, unknown>) => user('x', [], claims);
  assert.equal(decide(index, p({ email: 'ann@example.com' }), 'workflow:get', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, p({ email: 'ANN@example.com' }), 'workflow:get', wf('a'), NOW).allowed, false, 'exact match');
  assert.equal(decide(index, { ...p({}), claims: { sub: 'ci-client' } }, 'workflowtemplate:submit', { kind: 'workflowtemplate', namespace: 'a' }, NOW).allowed, true);
  assert.equal(decide(index, p({ level: 3 }), 'workflow:logs', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, p({ level: '3' }), 'workflow:logs', wf('a'), NOW).allowed, false, 'the type must match');
  assert.equal(decide(index, p({ email_verified: true }), 'workflow:approve', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, p({ email_verified: 'true' }), 'workflow:approve', wf('a'), NOW).allowed, false);
  assert.equal(decide(index, p({ roles: ['reader', 'deployer'] }), 'workflow:create', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, p({ roles: ['reader', 'deployer', 'deployer'] }), 'workflow:create', wf('a'), NOW).allowed, true);
  assert.equal(decide(index, p({ roles: [['deployer']] }), 'workflow:create', wf('a'), NOW).allowed, false, 'nested arrays are not flattened');
  assert.equal(decide(index, p({ roles: { deployer: true } }), 'workflow:create', wf('a'), NOW).allowed, false);
});

test('claims are read as own properties only: inherited names never match', () => {
  const index = buildAccessIndex({
    bindings: [roleBinding('proto', 'a', 'admin', [{ claim: { name: 'toString', value: 'x' } }, { claim: { name: '__proto__', value: 'x' } }])],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a'), NOW).allowed, false);
  const own = JSON.parse('{"__proto__": "x"}') as Record<string, unknown>;
  assert.equal(decide(index, { ...user('ann'), claims: own }, 'workflow:get', wf('a'), NOW).allowed, true, 'an own __proto__ claim is data like any other');
});

test('a deny on a group wins over an allow on the user in the same namespace', () => {
  const index = buildAccessIndex({
    bindings: [
      roleBinding('ann-edits', 'a', 'editor', [{ user: 'ann' }]),
      roleBinding('interns-never-delete', 'a', 'editor', [{ group: 'interns' }, { claim: { name: 'hd', value: 'intern.example.com' } }], { effect: 'deny' }),
    ],
  }, 1);
  assert.equal(decide(index, user('ann', ['interns']), 'workflow:delete', wf('a'), NOW).allowed, false);
  assert.equal(decide(index, user('ann', [], { hd: 'intern.example.com' }), 'workflow:delete', wf('a'), NOW).allowed, false);
  assert.equal(decide(index, user('ann'), 'workflow:delete', wf('a'), NOW).allowed, true);
});

test('when: a prototype name computed at run time is refused by the interpreter: no grant, and a deny still denies', () => {
  const sneaky = 'resource[("__pro" + "to__")] != nil';
  const index = buildAccessIndex({
    bindings: [
      roleBinding('sneaky-allow', 'a', 'admin', [{ user: 'ann' }], { when: sneaky }),
      roleBinding('allow', 'b', 'viewer', [{ user: 'ann' }]),
      roleBinding('sneaky-deny', 'b', 'viewer', [{ user: 'ann' }], { effect: 'deny', when: sneaky }),
    ],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a', 'w'), NOW).allowed, false);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('b', 'w'), NOW).reason.text,
    "denied by RoleBinding b/sneaky-deny (ClusterRole viewer: workflow:get): condition failed: forbidden member name '__proto__' at column 9");
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('when: a condition that would loop for ever is stopped by the step budget and does not grant', () => {
  const index = buildAccessIndex({
    bindings: [roleBinding('slow', 'a', 'viewer', [{ user: 'ann' }], { when: 'len(filter(1..1000000, {# % 2 == 0})) > 0' })],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', wf('a', 'w'), NOW).allowed, false);
});

test("serviceaccount subjects match the built-in IdP's keyflow_serviceaccount claim only from a trusted issuer", () => {
  const bindings = [roleBinding('bot', 'ci', 'submitter', [{ serviceaccount: 'release-bot' }])];
  const trusting = buildAccessIndex({ bindings }, 1, { serviceAccountIssuers: ['https://keyflow.test/oidc'] });
  const plain = buildAccessIndex({ bindings }, 1);
  const client = (issuer: string, claim: unknown, kind: Principal['kind'] = 'serviceaccount'): Principal =>
    ({ issuer, subject: 'ci-client', username: 'ci-client', groups: [], kind, claims: { sub: 'ci-client', keyflow_serviceaccount: claim } });
  const tpl = { kind: 'workflowtemplate', namespace: 'ci' };
  const ok = client('https://keyflow.test/oidc', { namespace: 'ci', name: 'release-bot' });
  assert.equal(decide(trusting, ok, 'workflowtemplate:submit', tpl, NOW).allowed, true);
  assert.equal(decide(plain, ok, 'workflowtemplate:submit', tpl, NOW).allowed, false, 'no trusted issuer configured');
  assert.equal(decide(trusting, client('https://evil.test', { namespace: 'ci', name: 'release-bot' }), 'workflowtemplate:submit', tpl, NOW).allowed, false);
  assert.equal(decide(trusting, client('https://keyflow.test/oidc', { namespace: 'ci', name: 'release-bot' }, 'user'), 'workflowtemplate:submit', tpl, NOW).allowed, false);
  assert.equal(decide(trusting, client('https://keyflow.test/oidc', { namespace: 'ci:release-bot', name: 'x' }), 'workflowtemplate:submit', tpl, NOW).allowed, false);
  assert.equal(decide(trusting, client('https://keyflow.test/oidc', 'ci/release-bot'), 'workflowtemplate:submit', tpl, NOW).allowed, false);
  const updated = updateAccessIndex(trusting, { upsert: [roleBinding('more', 'ci', 'viewer', [{ user: 'x' }])] }, 2);
  assert.equal(decide(updated, ok, 'workflowtemplate:submit', tpl, NOW).allowed, true, 'updates keep the option');
  assert.throws(() => buildAccessIndex({}, 1, { serviceAccountIssuers: [''] }), TypeError);
});

test('an invalid clock is refused rather than letting expired bindings look alive', () => {
  const index = buildAccessIndex({ bindings: [roleBinding('temp', 'a', 'editor', [{ user: 'ann' }], { expiresAt: '2020-01-01T00:00:00Z' })] }, 1);
  for (const now of [new Date(Number.NaN), '2030-01-01' as unknown as Date]) {
    assert.throws(() => decide(index, user('ann'), 'workflow:create', wf('a'), now), { name: 'TypeError', message: 'access decisions need `now` as a valid Date' });
  }
});
