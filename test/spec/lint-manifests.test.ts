import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintManifests, lintText, parseManifests, validateManifest } from '../../src/spec/index.js';

const WT = { apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', metadata: { name: 'lib' }, spec: { templates: [{ name: 'say', container: { image: 'alpine', command: ['echo'] } }] } };
const WF = {
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: 'x-' },
  spec: { entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 's', templateRef: { name: 'lib', template: 'say' } }]] }] },
};

test('validateManifest checks JSON objects; positions are 0 without a source', () => {
  const bad = { ...WF, spec: { ...WF.spec, entrypoint: 'mian' } };
  assert.deepEqual(validateManifest(bad, 'api'), [
    { severity: 'error', code: 'unknown-template', message: 'entrypoint "mian" is not a template (did you mean "main"?)', file: 'api', line: 0, column: 0, path: 'spec.entrypoint' },
    { severity: 'warning', code: 'unresolved-template-ref', message: 'templateRef: WorkflowTemplate "lib" not found among the linted files (it may exist on the server)', file: 'api', line: 0, column: 0, path: 'spec.templates[0].steps[0][0].templateRef' },
  ]);
});

test('validateManifest resolves templateRefs against manifests the caller already has (e.g. stored ones)', () => {
  assert.deepEqual(validateManifest(WF, 'api', { references: [{ file: 'store', manifest: WT }] }), []);
});

test('validateManifest refuses a value that is not an object', () => {
  assert.deepEqual(validateManifest([] as unknown as object, 'api').map((d) => `${d.code}: ${d.message}`), [
    'not-a-mapping: the manifest must be a JSON object with apiVersion, kind, metadata and spec',
  ]);
});

test('lintManifests reports parse problems of every file and keeps checking the others', () => {
  const docs = [...parseManifests('a: [\n', 'broken.yaml'), ...parseManifests(JSON.stringify(WT), 'lib.json'), ...parseManifests(JSON.stringify(WF), 'wf.json')];
  assert.deepEqual(lintManifests(docs).map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`), ['broken.yaml:2:1 yaml-syntax']);
});

test('lintText lints every document of one text, sorted by position', () => {
  const text = `${JSON.stringify(WF)}\n---\n${JSON.stringify(WT)}\n`;
  assert.deepEqual(lintText(text, 'both.yaml'), []);
});
