import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

test('an unknown field is a warning with a suggestion', () => {
  const diags = lintYaml(workflow(`  - name: main
    contianer: {image: alpine, command: [echo]}
    container: {image: alpine, command: [echo], imagePullPolicy: Always, resources: {limits: {cpu: 1}}}
`));
  assert.deepEqual(findings(diags, 'unknown-field'), ['9:5 unknown-field: unknown field "contianer" (did you mean "container"?)']);
  assert.equal(diags.find((d) => d.code === 'unknown-field')?.severity, 'warning');
});

test('Kubernetes container and pod fields are known, so real Argo YAML stays quiet', () => {
  const diags = lintYaml(workflow(`  - name: main
    nodeSelector: {disk: ssd}
    tolerations: [{key: a, operator: Exists}]
    podSpecPatch: '{"containers":[{"name":"main"}]}'
    container:
      image: alpine
      command: [echo]
      env: [{name: A, value: b}]
      securityContext: {runAsNonRoot: true}
      livenessProbe: {exec: {command: [true]}}
      volumeMounts: []
`, '  ttlStrategy: {secondsAfterCompletion: 10}\n  podGC: {strategy: OnPodSuccess}\n'));
  assert.deepEqual(findings(diags, 'unknown-field'), []);
});

test('a field of the wrong type is an error', () => {
  const diags = lintYaml(workflow(`  - name: main
    container:
      image: alpine
      command: echo hello
      args: [1]
    retryStrategy: {limit: [2]}
`));
  assert.deepEqual(findings(diags, 'invalid-type'), [
    '11:16 invalid-type: field "command" must be a list of strings, not a string',
    '12:14 invalid-type: this entry must be a string, not an integer',
    '13:28 invalid-type: field "limit" must be an integer or a string, not a list',
  ]);
});

test('steps must be a list of parallel groups', () => {
  const diags = lintYaml(workflow(`  - name: main
    steps:
    - name: not-a-group
      template: main
`));
  assert.deepEqual(findings(diags, 'invalid-type'), ['10:7 invalid-type: this entry must be a list of steps (a parallel group), not a mapping']);
});

test('a YAML 1.1 boolean where a string belongs gets a hint to quote it', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: n, value: x}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.n}}"]}
`));
  assert.deepEqual(findings(diags), [
    '9:34 invalid-type: field "name" must be a string, not a boolean (YAML reads y/n/yes/no/on/off/true/false as booleans: quote the value)',
    '10:48 unresolved-reference: {{inputs.parameters.n}}: template "main" has no input parameter "n"',
  ]);
});
