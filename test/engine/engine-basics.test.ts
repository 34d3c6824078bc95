import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, wf, phases } from './simulate.js';

test('a single container template runs once and the workflow succeeds', () => {
  const { state, started } = simulate(wf(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: hello}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo, hello world]}
`));
  assert.equal(state.phase, 'Succeeded');
  assert.equal(started.length, 1);
  const root = state.nodes.hello;
  assert.equal(root?.type, 'Pod');
  assert.equal(root?.outputs?.result, 'hello world');
  assert.equal(root?.outputs?.exitCode, '0');
});

test('DAG diamond runs A, then B and C, then D, passing parameters', () => {
  const { state, started } = simulate(wf(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: diamond}
spec:
  entrypoint: diamond
  templates:
  - name: diamond
    dag:
      tasks:
      - {name: A, template: echo, arguments: {parameters: [{name: message, value: A}]}}
      - {name: B, depends: A, template: echo, arguments: {parameters: [{name: message, value: "{{tasks.A.outputs.result}}-B"}]}}
      - {name: C, dependencies: [A], template: echo, arguments: {parameters: [{name: message, value: C}]}}
      - {name: D, depends: B && C, template: echo, arguments: {parameters: [{name: message, value: D}]}}
  - name: echo
    inputs: {parameters: [{name: message}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.message}}"]}
`));
  assert.equal(state.phase, 'Succeeded');
  assert.deepEqual(started.map((t) => t.args.concat(t.command.slice(1)).join(' ')), ['A', 'A-B', 'C', 'D']);
  assert.deepEqual(phases(state), { diamond: 'Succeeded', A: 'Succeeded', B: 'Succeeded', C: 'Succeeded', D: 'Succeeded' });
});

test('steps run group by group and a failing step fails the workflow with the child named', () => {
  const { state } = simulate(wf(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: steps}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: one, template: ok}
    - - {name: two, template: bad}
      - {name: three, template: ok}
    - - {name: four, template: ok}
  - name: ok
    container: {command: [echo, ok]}
  - name: bad
    container: {command: [sh, -c, exit 3]}
`));
  assert.equal(state.phase, 'Failed');
  const p = phases(state);
  assert.equal(p.one, 'Succeeded');
  assert.equal(p.two, 'Failed');
  assert.equal(p.four, undefined);
  const two = Object.values(state.nodes).find((n) => n.displayName === 'two');
  assert.equal(two?.message, 'Error (exit code 3)');
  assert.equal(state.message, "child 'steps[1].two' failed: Error (exit code 3)");
});
