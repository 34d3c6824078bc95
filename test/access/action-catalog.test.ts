import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_ACTIONS, checkActionPattern, expandActionPattern, isAction, RESOURCE_VERBS } from '../../src/access/index.js';

test('the catalogue holds the resources and verbs of issue 5', () => {
  assert.deepEqual(Object.keys(RESOURCE_VERBS), [
    'workflow', 'workflowtemplate', 'clusterworkflowtemplate', 'cronworkflow', 'serviceaccount', 'secret', 'role', 'rolebinding', 'audit', 'namespace',
  ]);
  assert.equal(ALL_ACTIONS.length, 51);
  assert.ok(Object.isFrozen(ALL_ACTIONS));
  assert.equal(new Set(ALL_ACTIONS).size, ALL_ACTIONS.length);
});

test('isAction accepts concrete actions only', () => {
  assert.equal(isAction('workflow:logs'), true);
  for (const bad of ['workflow:*', '*', 'workflow', 'workflow:get ', 'toString', 'constructor:get', 42, undefined]) assert.equal(isAction(bad), false);
});

test('patterns expand to concrete actions', () => {
  assert.deepEqual(expandActionPattern('secret:*'), ['secret:create', 'secret:list', 'secret:delete', 'secret:read']);
  assert.deepEqual(expandActionPattern('audit:read'), ['audit:read']);
  assert.equal(expandActionPattern('*'), ALL_ACTIONS);
  assert.equal(checkActionPattern('namespace:*'), undefined);
  assert.equal(checkActionPattern('namespace:delete'), "unknown verb 'delete' for resource 'namespace'");
  assert.equal(checkActionPattern('*:get'), "unknown resource '*'");
  assert.equal(checkActionPattern(':'), "unknown resource ''");
});
