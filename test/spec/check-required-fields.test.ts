import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, yaml } from './lint-yaml.js';

test('metadata with name or generateName and a spec are required', () => {
  assert.deepEqual(findings(lintYaml('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  labels: {a: b}\n')), [
    '4:3 required-field: metadata.name or metadata.generateName is required',
    '1:1 required-field: spec is required',
  ].sort());
});

test('a Workflow needs an entrypoint; a WorkflowTemplate does not', () => {
  const wf = lintYaml(yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: x-}
    spec:
      templates: [{name: a, suspend: {}}]
  `);
  assert.deepEqual(findings(wf, 'required-field'), ['5:3 required-field: spec.entrypoint is required (the template to start with)']);
  const wt = lintYaml(yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: WorkflowTemplate
    metadata: {name: lib}
    spec:
      templates: [{name: a, suspend: {}}]
  `);
  assert.deepEqual(findings(wt), []);
});

test('workflowTemplateRef brings the entrypoint of the referenced template', () => {
  const text = yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: WorkflowTemplate
    metadata: {name: no-entry}
    spec:
      templates: [{name: a, suspend: {}}]
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: x-}
    spec:
      workflowTemplateRef: {name: no-entry}
  `;
  assert.deepEqual(findings(lintYaml(text)), ['11:3 required-field: spec.entrypoint is required: WorkflowTemplate "no-entry" (w.yaml) does not set one either']);
});

test('a CronWorkflow needs a schedule and a workflowSpec with an entrypoint', () => {
  const diags = lintYaml(yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: CronWorkflow
    metadata: {name: nightly}
    spec:
      concurrencyPolicy: Forbid
      workflowSpec:
        templates: [{name: a, suspend: {}}]
  `);
  assert.deepEqual(findings(diags), [
    '5:3 required-field: spec.schedules (or the older spec.schedule) is required in a CronWorkflow',
    '7:5 required-field: spec.workflowSpec.entrypoint is required (the template to start with)',
  ]);
});

test('a CronWorkflow cannot set both schedule and schedules', () => {
  const diags = lintYaml(yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: CronWorkflow
    metadata: {name: nightly}
    spec:
      schedule: "0 1 * * *"
      schedules: ["0 2 * * *"]
      workflowSpec:
        entrypoint: a
        templates: [{name: a, suspend: {}}]
  `);
  assert.deepEqual(findings(diags), ['5:13 invalid-value: a CronWorkflow cannot set both spec.schedule and spec.schedules']);
});
