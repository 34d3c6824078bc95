import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkflow, SpecError } from '../../src/spec/index.js';
import { yaml } from './lint-yaml.js';

const VALID = yaml`
  apiVersion: argoproj.io/v1alpha1
  kind: Workflow
  metadata: {generateName: hello-}
  spec:
    entrypoint: main
    arguments: {parameters: [{name: count, value: 3}, {name: flag, value: yes}]}
    templates:
    - name: main
      inputs: {parameters: [{name: count}, {name: flag}]}
      container: {image: alpine, command: [echo, "{{inputs.parameters.count}}"]}
`;

test('returns the typed Workflow with parameter values as strings (Argo AnyString)', () => {
  const wf = parseWorkflow(VALID, 'hello.yaml');
  assert.equal(wf.kind, 'Workflow');
  assert.equal(wf.spec.entrypoint, 'main');
  assert.deepEqual(wf.spec.arguments?.parameters, [{ name: 'count', value: '3' }, { name: 'flag', value: 'true' }]);
});

test('throws ERR_SPEC_INVALID listing every error with file:line:column', () => {
  const text = VALID.replace('entrypoint: main', 'entrypoint: mian').replace('{{inputs.parameters.count}}', '{{inputs.parameters.m}}');
  assert.throws(() => parseWorkflow(text, 'hello.yaml'), (err: unknown) => {
    assert.ok(err instanceof SpecError);
    assert.equal(err.code, 'ERR_SPEC_INVALID');
    assert.equal(err.status, 400);
    assert.equal(err.message, [
      'hello.yaml is not a valid Workflow (2 errors):',
      'hello.yaml:5:15: entrypoint "mian" is not a template (did you mean "main"?) (spec.entrypoint)',
      'hello.yaml:10:48: {{inputs.parameters.m}}: template "main" has no input parameter "m" (spec.templates[0].container.command[1])',
    ].join('\n'));
    assert.deepEqual(err.diagnostics.map((d) => d.code), ['unknown-template', 'unresolved-reference']);
    return true;
  });
});

test('throws ERR_SPEC_YAML for text that is not YAML, ERR_SPEC_TOO_LARGE past the limit', () => {
  assert.throws(() => parseWorkflow('a: [\n', 'x.yaml'), { code: 'ERR_SPEC_YAML', message: 'x.yaml cannot be read:\nx.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ] ()' });
  assert.throws(() => parseWorkflow(`a: "${'x'.repeat(4 * 1024 * 1024)}"\n`, 'big.yaml'), { code: 'ERR_SPEC_TOO_LARGE' });
});

test('throws ERR_SPEC_INVALID when the text is not exactly one Workflow', () => {
  assert.throws(() => parseWorkflow(`${VALID}---\n${VALID}`, 'two.yaml'), { code: 'ERR_SPEC_INVALID', message: 'two.yaml: expected one Workflow document, found 2' });
  assert.throws(() => parseWorkflow('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'cm.yaml'), { code: 'ERR_SPEC_INVALID', message: 'cm.yaml: expected kind Workflow, found ConfigMap' });
});

test('unsupported features and warnings do not fail parsing (the caller decides)', () => {
  const wf = parseWorkflow(VALID.replace('container: {image: alpine, command: [echo, "{{inputs.parameters.count}}"]}', 'container: {image: alpine}\n    sidecars: [{name: s, image: x}]'), 'side.yaml');
  assert.equal(wf.spec.templates?.[0]?.sidecars?.length, 1);
});
