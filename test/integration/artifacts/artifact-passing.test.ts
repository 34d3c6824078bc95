/**
 * Artifacts by path between tasks through the real controller and sandboxed executor (Argo's default
 * tar+gzip archive in the local artifact store), and the guard that keeps `from` inside the run.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Controller } from '../../../src/controller/index.js';
import { openTestEngine, type TestEngine } from '../../fixtures/engine.js';
import type { Workflow } from '../../../src/spec/index.js';

let engine: TestEngine;
let controller: Controller;

before(async () => {
  engine = await openTestEngine('keyflow-art-');
  ({ controller } = engine);
});

after(() => engine.close());

test('a file and a directory artifact flow from one task to the next', { timeout: 60_000 }, async () => {
  const wf = parse(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: pass-artifacts}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: make, template: make}
      - name: use
        depends: make
        template: use
        arguments:
          artifacts:
          - {name: file, from: "{{tasks.make.outputs.artifacts.file}}"}
          - {name: dir, from: "{{tasks.make.outputs.artifacts.dir}}"}
  - name: make
    container:
      image: busybox
      command: [sh, -c, "echo hello > /tmp/hello.txt && mkdir -p /tmp/out/sub && echo a > /tmp/out/a && echo b > /tmp/out/sub/b"]
    outputs:
      artifacts:
      - {name: file, path: /tmp/hello.txt}
      - {name: dir, path: /tmp/out}
  - name: use
    inputs:
      artifacts:
      - {name: file, path: /tmp/in/hello.txt}
      - {name: dir, path: /tmp/tree}
    container:
      image: busybox
      command: [sh, -c, "cat /tmp/in/hello.txt /tmp/tree/a /tmp/tree/sub/b"]
`) as Workflow;
  const state = await controller.submit(wf);
  const final = await controller.waitFor(state.uid);
  assert.equal(final.phase, 'Succeeded', final.message);
  const use = Object.values(final.nodes).find((n) => n.displayName === 'use');
  assert.equal(use?.outputs?.result, 'hello\na\nb');
  const make = Object.values(final.nodes).find((n) => n.displayName === 'make');
  assert.deepEqual(make?.outputs?.artifacts?.map((a) => a.name), ['file', 'dir']);
});

test('an artifact `from` that points outside the run is refused, not read', { timeout: 60_000 }, async () => {
  const wf = parse(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: steal}
spec:
  entrypoint: main
  arguments: {parameters: [{name: src, value: /etc/shadow}]}
  templates:
  - name: main
    steps:
    - - name: read
        template: read
        arguments: {artifacts: [{name: x, from: "{{workflow.parameters.src}}"}]}
  - name: read
    inputs: {artifacts: [{name: x, path: /tmp/x}]}
    container: {image: busybox, command: [cat, /tmp/x]}
`) as Workflow;
  const final = await controller.waitFor((await controller.submit(wf)).uid);
  assert.equal(final.phase, 'Error');
  const read = Object.values(final.nodes).find((n) => n.displayName === 'read');
  assert.equal(read?.message, "input artifact 'x': source is not an artifact of this workflow");
});
