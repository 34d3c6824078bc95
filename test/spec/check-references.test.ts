import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

const LEAF = `  - name: leaf
    inputs: {parameters: [{name: p, value: x}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.p}}"]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
`;

test('inputs must be declared by the template', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: msg, value: hi}], artifacts: [{name: data, path: /tmp/d, raw: {data: hello}}]}
    container:
      image: alpine
      command: [cat, "{{inputs.artifacts.data.path}}", "{{inputs.parameters.msg}}", "{{inputs.parameters.mgs}}"]
`));
  assert.deepEqual(findings(diags), ['12:85 unresolved-reference: {{inputs.parameters.mgs}}: template "main" has no input parameter "mgs"']);
});

test('a step may read outputs of steps in EARLIER groups only', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - {name: a, template: leaf}
      - {name: b, template: leaf, arguments: {parameters: [{name: p, value: "{{steps.a.outputs.result}}"}]}}
    - - {name: c, template: leaf, arguments: {parameters: [{name: p, value: "{{steps.a.outputs.parameters.out}} {{steps.d.outputs.result}}"}]}}
    - - {name: d, template: leaf, arguments: {parameters: [{name: p, value: "{{steps.a.outputs.parameters.nope}}"}]}}
${LEAF}`));
  assert.deepEqual(findings(diags), [
    '11:77 unresolved-reference: {{steps.a.outputs.result}}: step "a" runs in parallel with "b" (same group), so its outputs are not ready',
    '12:77 unresolved-reference: {{steps.d.outputs.result}}: step "d" runs after "c" (a later group)',
    '13:77 unresolved-reference: {{steps.a.outputs.parameters.nope}}: step "a" (template "leaf") has no "outputs.parameters.nope"',
  ]);
});

test('a task may read outputs of the tasks it depends on, directly or indirectly', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - {name: a, template: leaf}
      - {name: b, template: leaf, depends: a}
      - {name: c, template: leaf, depends: b, arguments: {parameters: [{name: p, value: "{{tasks.a.outputs.parameters.out}}"}]}}
      - {name: d, template: leaf, arguments: {parameters: [{name: p, value: "{{tasks.c.outputs.result}} {{tasks.zz.status}}"}]}}
${LEAF}`));
  assert.deepEqual(findings(diags), [
    '14:77 unresolved-reference: {{tasks.c.outputs.result}}: task "c" is not a dependency of "d": add it to depends or dependencies',
    '14:77 unresolved-reference: {{tasks.zz.status}}: template "main" has no task named "zz"',
  ]);
});

test('{{item}} exists only inside withItems, withParam or withSequence', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - {name: a, template: leaf, withItems: [{k: 1}], arguments: {parameters: [{name: p, value: "{{item.k}} {{item.j}}"}]}}
      - {name: b, template: leaf, withParam: "[1]", arguments: {parameters: [{name: p, value: "{{item.anything}}"}]}}
      - {name: c, template: leaf, arguments: {parameters: [{name: p, value: "{{item}}"}]}}
  - name: leaf
    inputs: {parameters: [{name: p}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.p}} {{item}}"]}
`));
  assert.deepEqual(findings(diags), [
    '10:98 unresolved-reference: {{item.j}}: the withItems entries have no such key',
    '12:77 unresolved-reference: {{item}} is only defined in a step or task with withItems, withParam or withSequence',
    '15:48 unresolved-reference: {{item}} is only defined in a step or task with withItems, withParam or withSequence',
  ]);
});

test('workflow parameters must be declared, except in WorkflowTemplates whose callers may pass any', () => {
  const diags = lintYaml(workflow(`  - name: main
    container: {image: alpine, command: [echo, "{{workflow.parameters.a}} {{workflow.parameters.b}} {{workflow.name}}"]}
`, '  arguments: {parameters: [{name: a, value: "1"}]}\n'));
  assert.deepEqual(findings(diags), ['10:48 unresolved-reference: {{workflow.parameters.b}}: the workflow has no parameter "b" in spec.arguments.parameters']);
  const wt = lintYaml(`apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: t}\nspec:\n  templates:\n  - name: main\n    container: {image: alpine, command: [echo, "{{workflow.parameters.b}}"]}\n`);
  assert.deepEqual(findings(wt), []);
});

test('expression variables are checked like placeholders', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: num, value: "1"}]}
    container: {image: alpine, command: [echo, "{{=asInt(inputs.parameters.num) + asInt(inputs.parameters['m'])}}"]}
`));
  assert.deepEqual(findings(diags), ['10:48 unresolved-reference: inputs.parameters.m: template "main" has no input parameter "m"']);
});

test('an inline template sees its own inputs and the loop variables of its step', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - name: s
        withItems: [a, b]
        inline:
          inputs: {parameters: [{name: q, value: "{{item}}"}]}
          container: {image: alpine, command: [echo, "{{inputs.parameters.q}} {{item}} {{inputs.parameters.nope}}"]}
`));
  assert.deepEqual(findings(diags), ['14:54 unresolved-reference: {{inputs.parameters.nope}}: the inline template has no input parameter "nope"']);
});

test('a hook may read the outputs of its own step', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - - name: s
        template: leaf
        hooks:
          exit: {template: leaf, arguments: {parameters: [{name: p, value: "{{steps.s.outputs.parameters.out}} {{steps.s.status}}"}]}}
${LEAF}`));
  assert.deepEqual(findings(diags), []);
});
