import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

const LEAF = `  - name: leaf
    inputs:
      parameters: [{name: needed}, {name: defaulted, default: x}, {name: fixed, value: y}]
      artifacts: [{name: data, path: /tmp/d}, {name: maybe, path: /tmp/m, optional: true}]
    container: {image: alpine, command: [echo]}
`;

test('a caller supplies every input without a value of its own', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - name: s
        template: leaf
        arguments: {parameters: [{name: defaulted, value: z}]}
${LEAF}`));
  assert.deepEqual(findings(diags), [
    '10:9 missing-argument: step "s" calls template "leaf" without its required input parameter "needed"',
    '10:9 missing-argument: step "s" calls template "leaf" without its required input artifact "data"',
  ]);
});

test("a Workflow's entrypoint gets spec.arguments", () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: who}, {name: greeting}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.greeting}} {{inputs.parameters.who}}"]}
`, '  arguments: {parameters: [{name: who, value: world}]}\n'));
  assert.deepEqual(findings(diags), ['7:14 missing-argument: the entrypoint calls template "main" without its required input parameter "greeting": add it to spec.arguments.parameters']);
});

test('a templateRef call is checked against the referenced template', () => {
  const diags = lintYaml(`apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  templates:
${LEAF}---
${workflow(`  - name: main
    steps:
    - - name: s
        templateRef: {name: lib, template: leaf}
        arguments:
          parameters: [{name: needed, value: "1"}]
          artifacts: [{name: data, raw: {data: hi}}]
`)}`);
  assert.deepEqual(findings(diags), []);
});
