import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyPatch, createRun, step } from '../../src/engine/index.js';
import { toArgoWorkflow } from '../../src/controller/index.js';
import { parseManifests, type Workflow } from '../../src/spec/index.js';
import { argoObjectOf, diffRuns, fromArgoWorkflow } from '../../src/cli/from-argo.js';
import { summaryLines, treeLines } from '../../src/cli/render-tree.js';
import type { ArgoObject } from '../../src/cli/remote/index.js';

function startedRun() {
  const text = readFileSync(new URL('../../examples/hello-dag.yaml', import.meta.url), 'utf8');
  const wf = parseManifests(text, 'hello-dag.yaml')[0]!.manifest as Workflow;
  const now = new Date('2026-01-01T00:00:00Z');
  const state = createRun(wf, { uid: 'u-1', name: 'hello-dag-x', namespace: 'default', now, storedTemplates: {}, parameters: { greeting: 'hey' } });
  // step is pure: the started run is the patch applied to the initial state.
  return applyPatch(state, step(state, [{ type: 'tick' }], { now }).patch);
}

test('an Argo Workflow from the API draws the same summary and tree as the engine state it came from', () => {
  const state = startedRun();
  const remote = fromArgoWorkflow(JSON.parse(JSON.stringify(toArgoWorkflow(state))) as ArgoObject);
  const now = Date.parse('2026-01-01T00:00:05Z');
  assert.deepEqual(treeLines(remote, now, true), treeLines(state, now, true));
  assert.deepEqual(summaryLines(remote, now), summaryLines(state, now));
  assert.ok(Object.keys(state.nodes).length > 1);
  assert.equal(remote.uid, 'u-1');
});

test('-o json prints the server object itself, not a re-encoding of it', () => {
  const obj: ArgoObject = { metadata: { name: 'w', namespace: 'n' }, spec: { suspend: true }, status: { phase: 'Running', progress: '0/1', nodes: {} }, kind: 'Workflow', extra: 1 } as ArgoObject;
  const state = fromArgoWorkflow(obj);
  assert.equal(argoObjectOf(state), obj);
  assert.equal(state.suspended, true);
  assert.equal(state.phase, 'Running');
});

test('an unknown or empty phase reads as Pending; nodes get id, name and display name', () => {
  const state = fromArgoWorkflow({ metadata: { name: 'w' }, status: { phase: '', nodes: { n1: { type: 'Pod', phase: 'Running' } } } });
  assert.equal(state.phase, 'Pending');
  assert.equal(state.namespace, 'default');
  assert.deepEqual(state.nodes.n1, { id: 'n1', name: 'n1', displayName: 'n1', type: 'Pod', phase: 'Running' });
});

test('diffRuns reports nodes whose phase or message changed, new nodes and removed nodes', () => {
  const a = fromArgoWorkflow({ metadata: { name: 'w' }, status: { phase: 'Running', nodes: { x: { phase: 'Running' }, y: { phase: 'Pending' }, z: { phase: 'Running' } } } });
  const b = fromArgoWorkflow({ metadata: { name: 'w' }, status: { phase: 'Running', nodes: { x: { phase: 'Running' }, y: { phase: 'Running' }, n: { phase: 'Pending' } } } });
  const patch = diffRuns(a, b);
  assert.deepEqual(patch.nodes.map((n) => n.id), ['y', 'n']);
  assert.deepEqual(patch.deletedNodeIds, ['z']);
  assert.equal(patch.run.phase, 'Running');
});
