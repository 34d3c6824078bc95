import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow, yaml } from './lint-yaml.js';

test('metadata.name is a lowercase RFC 1123 subdomain within Argo length limits', () => {
  const long = 'a'.repeat(64);
  const diags = lintYaml(yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: WorkflowTemplate
    metadata: {name: My_Template}
    spec: {templates: [{name: a, suspend: {}}]}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: WorkflowTemplate
    metadata: {name: ${long}}
    spec: {templates: [{name: a, suspend: {}}]}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: CronWorkflow
    metadata: {name: ${'c'.repeat(53)}}
    spec: {schedule: "@daily", workflowSpec: {entrypoint: a, templates: [{name: a, suspend: {}}]}}
  `);
  assert.deepEqual(findings(diags, 'invalid-name'), [
    "3:18 invalid-name: metadata.name \"My_Template\" must be a lowercase RFC 1123 subdomain: a-z, 0-9, '-' and '.', starting and ending with a letter or digit",
    `8:18 invalid-name: metadata.name "${long}" must be at most 63 characters (it has 64)`,
    `13:18 invalid-name: metadata.name "${'c'.repeat(53)}" must be at most 52 characters (it has 53)`,
  ]);
});

test('a template name with shell metacharacters is invalid and names the characters', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps: [[{name: "s; rm -rf /", template: main}]]
  - name: "x$(id)"
    suspend: {}
`));
  assert.deepEqual(findings(diags, 'invalid-name'), [
    "9:21 invalid-name: step name \"s; rm -rf /\" must consist of alphanumeric characters or '-' and start with an alphanumeric character (contains ';', whitespace)",
    "10:11 invalid-name: template name \"x$(id)\" must consist of alphanumeric characters or '-' and start with an alphanumeric character (contains '$', '(', ')')",
  ]);
});

test('Argo field names allow uppercase and digits; parameter names also allow underscores', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: My_Param-1, value: x}]}
    steps: [[{name: Step-2, template: Other1}]]
  - name: Other1
    suspend: {}
`));
  assert.deepEqual(findings(diags), []);
});

test('parameter names and globalNames follow the parameter rule', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: "a.b", value: x}, {value: y}]}
    container: {image: alpine, command: [echo]}
    outputs: {parameters: [{name: o, globalName: "g lobal", valueFrom: {path: /o}}]}
`));
  assert.deepEqual(findings(diags).filter((f) => !f.includes('unresolved')), [
    "9:34 invalid-name: parameter name \"a.b\" must consist of alphanumeric characters, '_' or '-'",
    '9:52 required-field: inputs: parameter name is required',
    "11:50 invalid-name: globalName \"g lobal\" must consist of alphanumeric characters, '_' or '-' (contains whitespace)",
  ]);
});

test('a task name cannot start with a digit in a DAG that uses depends', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - {name: 1st, template: leaf}
      - {name: second, template: leaf, depends: 1st}
  - name: leaf
    suspend: {}
`));
  assert.deepEqual(findings(diags, 'invalid-name'), ['11:16 invalid-name: task name "1st" cannot start with a digit in a DAG that uses depends or dependencies']);
});
