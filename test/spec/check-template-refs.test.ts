import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintManifests, parseManifests } from '../../src/spec/index.js';
import { findings, lintYaml, workflow } from './lint-yaml.js';

const fixture = (name: string) => {
  const file = `test/fixtures/workflows/${name}`;
  return parseManifests(readFileSync(new URL(`../fixtures/workflows/${name}`, import.meta.url), 'utf8'), file);
};

test('entrypoint, onExit, steps, tasks and hooks must name existing templates', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - {name: a, template: lefa}
      - name: b
        template: leaf
        onExit: nothing
        hooks: {exit: {template: gone}}
  - name: leaf
    suspend: {}
`, '  onExit: cleanup\n'));
  assert.deepEqual(findings(diags, 'unknown-template'), [
    '7:11 unknown-template: onExit "cleanup" is not a template',
    '12:29 unknown-template: template "lefa" is not defined in spec.templates (did you mean "leaf"?)',
    '15:17 unknown-template: template "nothing" is not defined in spec.templates',
    '16:34 unknown-template: template "gone" is not defined in spec.templates',
  ]);
});

test('an entrypoint that is not a template is an error with a suggestion', () => {
  const diags = lintYaml(workflow('  - name: mian\n    suspend: {}\n'));
  assert.deepEqual(findings(diags), ['6:15 unknown-template: entrypoint "main" is not a template (did you mean "mian"?)']);
});

test('templateRef resolves against WorkflowTemplates in other files of the same run', () => {
  const diags = lintManifests([...fixture('library.yaml'), ...fixture('uses-library.yaml')]);
  assert.deepEqual(findings(diags), []);
});

test('a templateRef to a WorkflowTemplate not among the linted files is a warning (an error when strict)', () => {
  const docs = fixture('uses-library.yaml');
  assert.deepEqual(findings(lintManifests(docs)), [
    '12:22 unresolved-template-ref: templateRef: WorkflowTemplate "library" not found among the linted files (it may exist on the server)',
    '16:22 unresolved-template-ref: templateRef: WorkflowTemplate "library" not found among the linted files (it may exist on the server)',
    '28:11 unresolved-template-ref: workflowTemplateRef: ClusterWorkflowTemplate "cluster-library" not found among the linted files (it may exist on the server)',
  ]);
  assert.deepEqual(lintManifests(docs).map((d) => d.severity), ['warning', 'warning', 'warning']);
  assert.deepEqual(lintManifests(docs, { strictRefs: true }).map((d) => d.severity), ['error', 'error', 'error']);
});

test('a templateRef to a missing template of a linted WorkflowTemplate is an error', () => {
  const text = readFileSync(new URL('../fixtures/workflows/uses-library.yaml', import.meta.url), 'utf8').replace('template: say}\n        arguments:\n          parameters: [', 'template: shout}\n        arguments:\n          parameters: [');
  const diags = lintManifests([...fixture('library.yaml'), ...parseManifests(text, 'u.yaml')]);
  assert.deepEqual(findings(diags, 'unknown-template'), [
    '12:22 unknown-template: templateRef: WorkflowTemplate "library" (test/fixtures/workflows/library.yaml) has no template "shout"',
  ]);
});

test('templates referenced by a placeholder are only known at run time', () => {
  const diags = lintYaml(workflow(`  - name: main
    inputs: {parameters: [{name: which, value: leaf}]}
    steps: [[{name: s, template: "{{inputs.parameters.which}}"}]]
  - name: leaf
    suspend: {}
`));
  assert.deepEqual(findings(diags), []);
});

test('spec.templates must be empty when workflowTemplateRef is set', () => {
  const diags = lintYaml(workflow('  - name: main\n    suspend: {}\n', '  workflowTemplateRef: {name: other}\n'));
  assert.deepEqual(findings(diags, 'invalid-value'), ['8:3 invalid-value: spec.templates must be empty when spec.workflowTemplateRef is set']);
});
