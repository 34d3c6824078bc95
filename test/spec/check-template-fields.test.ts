import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

test('a template sets exactly one type', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {}
  - name: both
    container: {image: alpine, command: [echo]}
    script: {image: alpine, command: [sh], source: echo}
`));
  assert.deepEqual(findings(diags, 'template-type'), [
    '8:5 template-type: template "main" has no type: set exactly one of container, script, steps, dag, suspend, resource, http, containerSet, data or plugin',
    '12:5 template-type: template "both" sets container and script: a template has exactly one type',
  ]);
});

test('templates need a name, container and script templates an image, dag templates a task', () => {
  const diags = lintYaml(workflow(`  - name: main
    container: {command: [echo]}
  - script: {image: alpine, command: [sh], source: echo}
  - name: empty
    dag: {tasks: []}
`));
  assert.deepEqual(findings(diags, 'required-field'), [
    '9:16 required-field: container.image is required (Argo refuses a container without an image)',
    '10:5 required-field: template name is required',
    '12:10 required-field: a dag template needs at least one task in dag.tasks',
  ]);
});

test('templateDefaults can provide the image', () => {
  const diags = lintYaml(workflow(`  - name: main
    container: {command: [echo]}
`, '  templateDefaults: {container: {image: alpine}}\n'));
  assert.deepEqual(findings(diags), []);
});

test('leaf-only and non-leaf-only fields are checked', () => {
  const diags = lintYaml(workflow(`  - name: main
    activeDeadlineSeconds: 10
    steps: [[{name: a, template: leaf}]]
  - name: leaf
    parallelism: 2
    timeout: "30"
    container: {image: alpine, command: [echo]}
`));
  assert.deepEqual(findings(diags, 'invalid-value'), [
    '9:5 invalid-value: activeDeadlineSeconds is only valid on leaf templates, not on a steps template (use timeout on the steps inside)',
    '12:5 invalid-value: parallelism is only valid on steps and dag templates',
    '13:14 invalid-value: timeout "30" needs a unit, e.g. "30s"',
  ]);
});
