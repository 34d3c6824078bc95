import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_ACTIONS, BUILTIN_CLUSTER_ROLES, buildAccessIndex, builtinClusterRoleManifests, decide, validateRole,
} from '../../src/access/index.js';
import { clusterBinding, clusterRole, NOW, roleBinding, user } from './make-manifests.js';

const ROLES = ['admin', 'editor', 'viewer', 'log-viewer', 'submitter', 'approver'] as const;

// Every built-in role × every action: Y = allowed, - = denied. Columns in the order of ROLES.
const MATRIX = `
workflow:create                 Y Y - - - -
workflow:get                    Y Y Y Y Y Y
workflow:list                   Y Y Y Y Y Y
workflow:logs                   Y Y - Y - -
workflow:cancel                 Y Y - - - -
workflow:retry                  Y Y - - - -
workflow:resume                 Y Y - - - -
workflow:suspend                Y Y - - - -
workflow:delete                 Y Y - - - -
workflow:approve                Y - - - - Y
workflowtemplate:create         Y Y - - - -
workflowtemplate:get            Y Y Y - Y -
workflowtemplate:list           Y Y Y - Y -
workflowtemplate:update         Y Y - - - -
workflowtemplate:delete         Y Y - - - -
workflowtemplate:submit         Y Y - - Y -
clusterworkflowtemplate:create  Y - - - - -
clusterworkflowtemplate:get     Y Y Y - Y -
clusterworkflowtemplate:list    Y Y Y - Y -
clusterworkflowtemplate:update  Y - - - - -
clusterworkflowtemplate:delete  Y - - - - -
clusterworkflowtemplate:submit  Y Y - - Y -
cronworkflow:create             Y Y - - - -
cronworkflow:get                Y Y Y - - -
cronworkflow:list               Y Y Y - - -
cronworkflow:update             Y Y - - - -
cronworkflow:delete             Y Y - - - -
cronworkflow:submit             Y Y - - - -
serviceaccount:create           Y - - - - -
serviceaccount:get              Y Y Y - - -
serviceaccount:list             Y Y Y - - -
serviceaccount:delete           Y - - - - -
serviceaccount:use              Y Y - - - -
secret:create                   Y Y - - - -
secret:list                     Y Y - - - -
secret:delete                   Y Y - - - -
secret:read                     Y Y - - - -
role:create                     Y - - - - -
role:get                        Y - - - - -
role:list                       Y - - - - -
role:update                     Y - - - - -
role:delete                     Y - - - - -
rolebinding:create              Y - - - - -
rolebinding:get                 Y - - - - -
rolebinding:list                Y - - - - -
rolebinding:update              Y - - - - -
rolebinding:delete              Y - - - - -
audit:read                      Y - - - - -
namespace:create                Y - - - - -
namespace:get                   Y Y Y - - -
namespace:list                  Y Y Y - - -
`;

const ROWS = MATRIX.trim().split('\n').map((line) => {
  const [action, ...cells] = line.trim().split(/\s+/);
  return { action: action!, expected: cells.map((c) => c === 'Y') };
});

test('the matrix lists every action of the catalogue exactly once', () => {
  assert.deepEqual(ROWS.map((r) => r.action), [...ALL_ACTIONS]);
  for (const row of ROWS) assert.equal(row.expected.length, ROLES.length, row.action);
});

test('each built-in role bound in namespace a allows exactly its matrix actions in a and nothing in b', () => {
  const bindings = ROLES.map((name) => roleBinding(`${name}-in-a`, 'a', name, [{ user: `u-${name}` }]));
  const index = buildAccessIndex({ bindings }, 1);
  const unexpected: string[] = [];
  ROLES.forEach((name, column) => {
    for (const { action, expected } of ROWS) {
      const own = decide(index, user(`u-${name}`), action, { kind: 'x', namespace: 'a', name: 'w' }, NOW).allowed;
      const other = decide(index, user(`u-${name}`), action, { kind: 'x', namespace: 'b', name: 'w' }, NOW).allowed;
      if (own !== expected[column]) unexpected.push(`${name} ${action} in a: ${own}`);
      if (other) unexpected.push(`${name} ${action} in b: ${other}`);
    }
  });
  assert.deepEqual(unexpected, []);
});

test('each built-in role bound cluster-wide allows its matrix actions in every namespace and cluster-wide', () => {
  const clusterBindings = ROLES.map((name) => clusterBinding(`${name}-everywhere`, name, [{ user: `u-${name}` }]));
  const index = buildAccessIndex({ clusterBindings }, 1);
  const unexpected: string[] = [];
  ROLES.forEach((name, column) => {
    for (const { action, expected } of ROWS) {
      for (const namespace of ['a', 'b', undefined]) {
        const got = decide(index, user(`u-${name}`), action, { kind: 'x', ...(namespace ? { namespace } : {}) }, NOW).allowed;
        if (got !== expected[column]) unexpected.push(`${name} ${action} in ${namespace ?? 'cluster'}: ${got}`);
      }
    }
  });
  assert.deepEqual(unexpected, []);
});

test('built-in roles are system ClusterRoles and their manifests validate back to the same actions', () => {
  assert.deepEqual(BUILTIN_CLUSTER_ROLES.map((r) => r.name), [...ROLES]);
  for (const builtin of BUILTIN_CLUSTER_ROLES) {
    assert.equal(builtin.system, true);
    assert.ok(Object.isFrozen(builtin));
  }
  for (const manifest of builtinClusterRoleManifests()) {
    const validated = validateRole(manifest, 'ClusterRole');
    const builtin = BUILTIN_CLUSTER_ROLES.find((r) => r.name === validated.name)!;
    assert.deepEqual(validated.actions, builtin.actions);
    assert.deepEqual((manifest.metadata as { labels: unknown }).labels, { 'keyflow.dev/system': 'true' });
  }
});

test('a stored ClusterRole named like a built-in cannot widen it: the index uses the built-in definition', () => {
  const index = buildAccessIndex({
    clusterRoles: [clusterRole('viewer', ['*'])],
    bindings: [roleBinding('v', 'a', 'viewer', [{ user: 'ann' }])],
  }, 1);
  assert.equal(decide(index, user('ann'), 'workflow:get', { kind: 'workflow', namespace: 'a' }, NOW).allowed, true);
  assert.equal(decide(index, user('ann'), 'secret:read', { kind: 'secret', namespace: 'a' }, NOW).allowed, false);
});
