import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

const LEAF = `  - name: leaf
    inputs: {parameters: [{name: p, value: d}]}
    container: {image: alpine, command: [echo]}
`;

test('steps and tasks need a name and exactly one of template, templateRef or inline', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - template: leaf
      - name: none
      - name: two
        template: leaf
        templateRef: {name: lib}
${LEAF}`));
  assert.deepEqual(findings(diags, 'required-field'), [
    '11:9 required-field: task name is required',
    '12:9 required-field: task "none" needs template, templateRef or inline',
    '15:22 required-field: templateRef.template is required',
  ]);
  assert.deepEqual(findings(diags, 'invalid-value'), ['15:9 invalid-value: task "two" sets template and templateRef: use only one']);
});

test('a loop uses one of withItems, withParam and withSequence', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - name: s
        template: leaf
        withItems: [1, 2]
        withParam: "[3]"
      - name: seq
        template: leaf
        withSequence: {count: "2", end: "5"}
${LEAF}`));
  assert.deepEqual(findings(diags, 'invalid-value'), [
    '13:9 invalid-value: step "s" sets withItems and withParam: use only one',
    '16:23 invalid-value: withSequence takes count or end, not both',
  ]);
});

test('callers give argument values; hooks other than exit need an expression', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - name: s
        template: leaf
        arguments:
          parameters: [{name: p}]
          artifacts: [{name: a}]
        hooks:
          running: {template: leaf}
          exit: {template: leaf}
${LEAF}`));
  assert.deepEqual(findings(diags, 'required-field'), [
    '13:24 required-field: argument parameter "p" needs a value or valueFrom',
    '14:23 required-field: argument artifact "a" needs from, fromExpression, raw or an artifact store',
    '16:20 required-field: hook "running" needs an expression (only the "exit" hook runs without one)',
  ]);
});

test('workflow arguments may be left without a value (supplied at submit time)', () => {
  const diags = lintYaml(workflow(`  - name: main
    container: {image: alpine, command: [echo, "{{workflow.parameters.later}}"]}
`, '  arguments: {parameters: [{name: later}]}\n'));
  assert.deepEqual(findings(diags), []);
});
