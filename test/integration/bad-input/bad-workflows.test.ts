/**
 * Bad input of issue 3, through the real controller and sandboxed executor, all at once next to a good
 * workflow: each bad workflow fails clearly on its own and the engine keeps running the others.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Controller } from '../../../src/controller/index.js';
import type { Store } from '../../../src/store/index.js';
import { openTestEngine, type TestEngine } from '../../fixtures/engine.js';
import { EngineError, type RunState } from '../../../src/engine/index.js';
import type { Workflow } from '../../../src/spec/index.js';

let engine: TestEngine;
let store: Store;
let controller: Controller;

before(async () => {
  engine = await openTestEngine('keyflow-bad-');
  ({ store, controller } = engine);
});

after(() => engine.close());

function wf(name: string, templates: string, extra = ''): Workflow {
  return parse(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ${name}}
spec:
  entrypoint: main
${extra}  templates:
${templates}`) as Workflow;
}

const single = (container: string, more = '') => `  - name: main\n${more}    container: ${container}\n`;

async function run(w: Workflow, parameters?: Record<string, string>): Promise<RunState> {
  const s = await controller.submit(w, { parameters });
  return controller.waitFor(s.uid);
}

test('bad workflows fail one by one while a good one succeeds alongside', { timeout: 120_000 }, async () => {
  const evil = '$(rm -rf /) "double" \'single\' `id` ; echo pwned';
  const results = await Promise.all([
    run(wf('good', single('{image: busybox, command: [sh, -c, "sleep 1; echo fine"]}'))),
    run(wf('big-output', single('{image: busybox, command: [sh, -c, "head -c 2000000 /dev/zero | tr \\"\\\\0\\" x > /tmp/out"]}',
      '    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}\n'))),
    run(wf('huge-log', single('{image: busybox, command: [sh, -c, "yes 0123456789abcdef | head -c 1073741824; echo done"]}'))),
    run(wf('never-exits', single('{image: busybox, command: [sleep, "100000"]}', '    activeDeadlineSeconds: 2\n'))),
    run(wf('injection', `  - name: main\n    inputs: {parameters: [{name: p}]}\n    container: {image: busybox, command: [echo, "{{inputs.parameters.p}}"]}\n`,
      '  arguments: {parameters: [{name: p}]}\n'), { p: evil }),
    run(wf('unknown-template', `  - name: main\n    steps: [[{name: a, template: nope}]]\n`)),
    run(wf('cycle', `  - name: main\n    dag: {tasks: [{name: a, template: t, depends: b}, {name: b, template: t, depends: a}]}\n  - name: t\n    container: {image: busybox, command: ["true"]}\n`)),
    run(wf('not-a-list', `  - name: main\n    steps: [[{name: a, template: t, withParam: "{\\"a\\": 1}"}]]\n  - name: t\n    container: {image: busybox, command: ["true"]}\n`)),
  ]);
  const by = Object.fromEntries(results.map((r) => [r.name, r]));
  assert.equal(by.good?.phase, 'Succeeded');
  assert.equal(by.good?.nodes.good?.outputs?.result, 'fine');

  assert.equal(by['big-output']?.phase, 'Error');
  assert.equal(by['big-output']?.nodes['big-output']?.message,
    'output parameter "out": /tmp/out is 2000000 bytes, larger than the 1048576-byte limit for output parameters (use an output artifact)');

  assert.equal(by['huge-log']?.phase, 'Succeeded');
  assert.ok((by['huge-log']?.nodes['huge-log']?.outputs?.result?.length ?? Infinity) <= 256 * 1024, 'result is capped');

  assert.equal(by['never-exits']?.phase, 'Failed');
  assert.equal(by['never-exits']?.nodes['never-exits']?.message, 'exceeded its time limit of 2000 ms and was stopped');

  assert.equal(by.injection?.phase, 'Succeeded');
  assert.equal(by.injection?.nodes.injection?.outputs?.result, evil);

  assert.equal(by['unknown-template']?.phase, 'Error');
  const unknown = Object.values(by['unknown-template']?.nodes ?? {}).find((n) => n.displayName === 'a');
  assert.equal(unknown?.message, "template 'nope' not found");

  assert.equal(by.cycle?.phase, 'Error');
  assert.equal(by.cycle?.nodes.cycle?.message, 'dependency cycle: a -> b -> a');

  assert.equal(by['not-a-list']?.phase, 'Error');
  const notList = Object.values(by['not-a-list']?.nodes ?? {}).find((n) => n.displayName === 'a');
  assert.equal(notList?.message, 'not-a-list[0].a.withParam: withParam value could not be parsed as a JSON list: {"a": 1}');
});

test('a missing required parameter is refused at submission and nothing is stored', async () => {
  const w = wf('needs-param', single('{image: busybox, command: [echo, "{{workflow.parameters.x}}"]}'), '  arguments: {parameters: [{name: x}]}\n');
  await assert.rejects(controller.submit(w), (err: unknown) => err instanceof EngineError && err.code === 'ERR_ENGINE_PARAMETER_MISSING'
    && err.message === 'spec.arguments.parameters.x: no value supplied (pass -p x=VALUE)');
  assert.equal(await store.getRun('default', 'needs-param'), undefined);
});
