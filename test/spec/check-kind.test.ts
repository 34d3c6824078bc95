import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, yaml } from './lint-yaml.js';

test('apiVersion and kind are required', () => {
  assert.deepEqual(findings(lintYaml('metadata: {name: x}\n')), [
    '1:1 required-field: apiVersion is required',
    '1:1 required-field: kind is required',
  ]);
});

test('other Kubernetes objects are info (ignored-kind), not errors', () => {
  const diags = lintYaml(yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: params}
    data: {a: b}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: WorkflowEventBinding
    metadata: {name: e}
  `);
  assert.deepEqual(findings(diags, 'ignored-kind'), [
    '2:7 ignored-kind: ConfigMap (v1) is not a workflow resource; lint skips it',
    '7:7 ignored-kind: WorkflowEventBinding (argoproj.io/v1alpha1) is not a workflow resource; lint skips it',
  ]);
  assert.deepEqual(diags.map((d) => d.severity), ['info', 'info']);
});

test('a workflow kind with the wrong Argo apiVersion is an error', () => {
  assert.deepEqual(findings(lintYaml('apiVersion: argoproj.io/v1\nkind: Workflow\nmetadata: {name: x}\n')), [
    '1:13 invalid-value: Workflow must have apiVersion argoproj.io/v1alpha1, not argoproj.io/v1',
  ]);
});
