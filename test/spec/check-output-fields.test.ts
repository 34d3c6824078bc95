import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

test('outputs say where their value comes from, as the template type allows', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps: [[{name: s, template: leaf}]]
    outputs:
      parameters:
      - name: from-step
        valueFrom: {path: /tmp/x}
      - name: fine
        valueFrom: {parameter: "{{steps.s.outputs.parameters.out}}"}
  - name: leaf
    container: {image: alpine, command: [echo]}
    outputs:
      parameters:
      - name: none
      - name: both
        value: x
        valueFrom: {path: /tmp/x}
      - name: out
        valueFrom: {path: /tmp/out, jsonPath: "{.a}"}
      artifacts:
      - name: nowhere
`));
  assert.deepEqual(findings(diags).filter((f) => !f.includes('unresolved')), [
    '13:20 invalid-value: output parameter "from-step": a steps template needs valueFrom.parameter or valueFrom.expression',
    '20:9 required-field: output parameter "none" needs value or valueFrom',
    '21:9 invalid-value: output parameter "both" sets both value and valueFrom: choose one',
    '25:20 invalid-value: output parameter "out": valueFrom sets path and jsonPath: choose one',
    '27:9 required-field: output artifact "nowhere" needs a path (the file or directory to save)',
  ]);
});

test('artifact paths belong to leaf templates and from to arguments', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs:
      artifacts:
      - {name: a, path: /tmp/a, from: "{{x}}"}
    steps: [[{name: s, template: main}]]
`));
  assert.deepEqual(findings(diags, 'invalid-value'), [
    '11:19 invalid-value: inputs artifact "a": path is only valid in container and script templates',
    '11:33 invalid-value: input artifact "a": from is not valid in inputs (pass it as a step or task argument)',
  ]);
});
