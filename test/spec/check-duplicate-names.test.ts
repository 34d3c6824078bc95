import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

test('templates, steps (across groups), tasks and parameters have unique names', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - {name: s, template: leaf}
    - - {name: s, template: leaf}
  - name: leaf
    inputs: {parameters: [{name: p, value: a}, {name: p, value: b}]}
    dag:
      tasks:
      - {name: t, template: other}
      - {name: t, template: other}
  - name: main
    suspend: {}
  - name: other
    suspend: {}
`));
  assert.deepEqual(findings(diags, 'duplicate-name'), [
    '11:16 duplicate-name: step name "s" is already used (first at spec.templates[0].steps[0][0])',
    '13:55 duplicate-name: inputs parameter name "p" is already used (first at spec.templates[1].inputs.parameters[0])',
    '17:16 duplicate-name: task name "t" is already used (first at spec.templates[1].dag.tasks[0])',
    '18:11 duplicate-name: template name "main" is already used (first at spec.templates[0])',
  ]);
});

test('the same resource defined twice among the linted documents is a warning', () => {
  const wt = 'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: lib}\nspec: {templates: [{name: a, suspend: {}}]}\n';
  const diags = lintYaml(`${wt}---\n${wt}`);
  assert.deepEqual(findings(diags), ['8:18 duplicate-name: WorkflowTemplate "lib" is defined twice; the one in w.yaml:1 would be replaced']);
  assert.equal(diags[0]!.severity, 'warning');
});
