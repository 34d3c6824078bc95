import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

const LEAF = `  - name: leaf
    inputs: {parameters: [{name: level, enum: [info, warn]}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.level}}"]}
`;

test('a literal argument must be one of the input enum values', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: dynamic, value: info}]}
    steps:
    - - {name: ok, template: leaf, arguments: {parameters: [{name: level, value: warn}]}}
      - {name: bad, template: leaf, arguments: {parameters: [{name: level, value: debug}]}}
      - {name: later, template: leaf, arguments: {parameters: [{name: level, value: "{{inputs.parameters.dynamic}}"}]}}
${LEAF}`));
  assert.deepEqual(findings(diags), ['12:83 enum-violation: step "bad" passes "debug" for parameter "level" of template "leaf", which allows only "info", "warn"']);
});

test("a parameter's own value and default must be in its enum, and the enum not empty", () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs:
      parameters:
      - {name: a, default: c, enum: [a, b]}
      - {name: b, value: z, enum: []}
    container: {image: alpine, command: [echo, "{{inputs.parameters.a}} {{inputs.parameters.b}}"]}
`, '  arguments: {parameters: [{name: a, value: x, enum: [a, b]}]}\n'));
  assert.deepEqual(findings(diags), [
    '7:45 enum-violation: parameter "a": value "x" is not one of its enum values "a", "b"',
    '12:28 enum-violation: parameter "a": default "c" is not one of its enum values "a", "b"',
    '13:35 invalid-value: parameter "b": enum must be a non-empty list of values',
  ]);
});

test('workflow arguments are checked against the entrypoint inputs', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: level, enum: [info, warn]}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.level}}"]}
`, '  arguments: {parameters: [{name: level, value: error}]}\n'));
  assert.deepEqual(findings(diags), ['7:49 enum-violation: the entrypoint passes "error" for parameter "level" of template "main", which allows only "info", "warn"']);
});
