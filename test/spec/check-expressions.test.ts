import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

const LEAF = `  - name: leaf
    inputs: {parameters: [{name: p, value: x}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.p}}"]}
`;

test('when is checked after {{...}} substitution (govaluate syntax)', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - {name: a, template: leaf}
    - - {name: ok, template: leaf, when: "{{steps.a.outputs.result}} == heads && '{{steps.a.status}}' != Failed"}
      - {name: bad, template: leaf, when: "{{steps.a.outputs.result}} =="}
${LEAF}`));
  assert.deepEqual(findings(diags), ['12:43 invalid-expression: when "{{steps.a.outputs.result}} ==": unexpected end of expression at column 11']);
});

test('{{= }} expressions, expression fields and unterminated placeholders must parse', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: num, value: "1"}]}
    retryStrategy: {limit: 2, expression: "asInt(lastRetry.exitCode) >"}
    container:
      image: alpine
      command: [echo, "{{=asInt(inputs.parameters.num) + }}", "{{=asInt(inputs.parameters.num) + 1}}", "{{inputs.parameters.num"]
`));
  assert.deepEqual(findings(diags), [
    '10:43 invalid-expression: expression "asInt(lastRetry.exitCode) >": unexpected end of expression at column 28',
    '13:23 invalid-expression: {{=asInt(inputs.parameters.num) +}}: unexpected end of expression at column 31',
    '13:104 invalid-expression: "{{inputs.parameters.num": unterminated \'{{\' (no matching \'}}\') at column 1',
  ]);
});

test('valid expressions of every kind pass', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - {name: a, template: leaf}
    - - name: b
        template: leaf
        when: "{{=steps.a.outputs.result == 'x' || asInt(steps.a.exitCode) > 0}}"
    outputs:
      parameters:
      - name: o
        valueFrom: {expression: "steps['a'].outputs.result"}
${LEAF}`));
  assert.deepEqual(findings(diags), []);
});
