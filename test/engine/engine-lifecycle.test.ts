import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, wf, phases } from './simulate.js';
import { applyPatch, createRun, retryRun, step, EngineError, type RunState } from '../../src/engine/index.js';

const HEAD = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n';

const TWO_STEPS = wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: first, template: ok}
    - - {name: second, template: flaky}
  - name: ok
    container: {command: [echo, ok]}
  - name: flaky
    container: {command: [flaky]}
`);

test('retry re-runs only what failed: succeeded steps keep their nodes and do not run again', () => {
  const failed = simulate(TWO_STEPS, (t) => ({ exitCode: t.templateName === 'flaky' ? 1 : 0 }));
  assert.equal(failed.state.phase, 'Failed');
  const first = Object.values(failed.state.nodes).find((n) => n.displayName === 'first');
  const now = new Date('2026-01-01T01:00:00Z');
  let state: RunState = applyPatch(failed.state, retryRun(failed.state, { now }));
  assert.equal(state.phase, 'Running');
  assert.equal(phases(state).second, undefined);
  const started: string[] = [];
  for (let i = 0; i < 10 && state.phase === 'Running'; i++) {
    const r = step(state, i === 0 ? [{ type: 'tick' }] : [], { now });
    state = applyPatch(state, r.patch);
    for (const c of r.commands) {
      if (c.type !== 'startTask') continue;
      started.push(c.task.templateName);
      state = applyPatch(state, step(state, [{ type: 'taskResult', nodeId: c.task.nodeId, result: { exitCode: 0, outputParameters: {}, outputArtifacts: {} } }], { now }).patch);
    }
  }
  assert.equal(state.phase, 'Succeeded');
  assert.deepEqual(started, ['flaky']);
  assert.deepEqual(Object.values(state.nodes).find((n) => n.displayName === 'first'), first);
});

test('retry refuses a workflow that did not fail', () => {
  const ok = simulate(TWO_STEPS);
  assert.throws(() => retryRun(ok.state, { now: new Date() }), (err: unknown) => err instanceof EngineError
    && err.code === 'ERR_ENGINE_INVALID_TRANSITION' && err.message === "cannot retry workflow 'w': only Failed or Error workflows can be retried (phase Succeeded)");
});

test('stop kills running tasks and still runs the exit handler; terminate skips it', () => {
  const workflow = wf(`${HEAD}  entrypoint: main
  onExit: cleanup
  templates:
  - name: main
    container: {command: [sleep, forever]}
  - name: cleanup
    container: {command: [echo, cleanup]}
`);
  for (const strategy of ['Stop', 'Terminate'] as const) {
    const { state, started } = simulate(workflow, (t) => (t.templateName === 'main' ? 'hang' : { exitCode: 0 }), {
      events: (_s, n) => (n === 2 ? [{ type: 'stop', strategy }] : []), maxSteps: 20,
    });
    assert.equal(state.phase, 'Failed', strategy);
    assert.equal(state.message, `Stopped with strategy '${strategy}'`);
    assert.equal(state.nodes.w?.phase, 'Failed');
    assert.equal(state.nodes.w?.message, `Stopped with strategy '${strategy}'`);
    assert.deepEqual(started.map((t) => t.templateName), strategy === 'Stop' ? ['main', 'cleanup'] : ['main']);
  }
});

test('a timed suspend resumes by itself; a manual one waits for resume, which supplies outputs', () => {
  const workflow = wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: nap, template: nap}
    - - {name: gate, template: gate}
    - - {name: use, template: echo, arguments: {parameters: [{name: m, value: "{{steps.gate.outputs.parameters.answer}}"}]}}
  - name: nap
    suspend: {duration: "20s"}
  - name: gate
    suspend: {}
    outputs: {parameters: [{name: answer, valueFrom: {supplied: {}}}]}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {command: [echo, "{{inputs.parameters.m}}"]}
`);
  const t0 = new Date('2026-01-01T00:00:00Z');
  let state = createRun(workflow, { uid: 'u', name: 'w', namespace: 'd', now: t0 });
  let r = step(state, [{ type: 'tick' }], { now: t0 });
  state = applyPatch(state, r.patch);
  assert.deepEqual(r.commands, [{ type: 'wakeAt', at: '2026-01-01T00:00:20.000Z' }]);
  const t1 = new Date('2026-01-01T00:00:20Z');
  r = step(state, [{ type: 'tick' }], { now: t1 });
  state = applyPatch(state, r.patch);
  assert.equal(phases(state).nap, 'Succeeded');
  assert.equal(phases(state).gate, 'Running');
  assert.throws(() => step(state, [{ type: 'resume', nodeName: 'gate' }], { now: t1 }), (err: unknown) => err instanceof EngineError
    && err.message === "w[1].gate: output parameter 'answer' was not supplied on resume");
  r = step(state, [{ type: 'resume', nodeName: 'gate', outputs: { answer: 'yes' } }], { now: t1 });
  state = applyPatch(state, r.patch);
  const start = r.commands.find((c) => c.type === 'startTask');
  assert.ok(start && start.type === 'startTask');
  assert.deepEqual(start.task.command, ['echo', 'yes']);
});

test('the workflow deadline stops running tasks and fails the workflow', () => {
  const workflow = wf(`${HEAD}  entrypoint: main
  activeDeadlineSeconds: 5
  templates:
  - name: main
    container: {command: [sleep, forever]}
`);
  const t0 = new Date('2026-01-01T00:00:00Z');
  let state = createRun(workflow, { uid: 'u', name: 'w', namespace: 'd', now: t0 });
  let r = step(state, [{ type: 'tick' }], { now: t0 });
  state = applyPatch(state, r.patch);
  const start = r.commands.find((c) => c.type === 'startTask');
  assert.ok(start && start.type === 'startTask');
  assert.equal(start.task.timeoutMs, 5000);
  r = step(state, [{ type: 'tick' }], { now: new Date('2026-01-01T00:00:05Z') });
  state = applyPatch(state, r.patch);
  assert.deepEqual(r.commands.filter((c) => c.type === 'killTask'), [{ type: 'killTask', nodeId: 'w', reason: 'Step exceeded its deadline' }]);
  r = step(state, [{ type: 'taskResult', nodeId: 'w', result: { exitCode: null, reason: 'killed', outputParameters: {}, outputArtifacts: {} } }], { now: new Date('2026-01-01T00:00:06Z') });
  state = applyPatch(state, r.patch);
  assert.equal(state.phase, 'Failed');
  assert.equal(state.message, 'Workflow exceeded its deadline (activeDeadlineSeconds 5)');
  assert.equal(state.nodes.w?.message, 'Step exceeded its deadline');
});

test('a retried run no longer carries the failed run\'s message, finish time or main phase', () => {
  const failed = simulate(TWO_STEPS, (t) => ({ exitCode: t.templateName === 'flaky' ? 1 : 0 }));
  assert.equal(failed.state.message, "child 'w[1].second' failed: Error (exit code 1)");
  const state = applyPatch(failed.state, retryRun(failed.state, { now: new Date('2026-01-01T01:00:00Z') }));
  assert.equal(state.phase, 'Running');
  assert.equal(state.message, undefined);
  assert.equal(state.finishedAt, undefined);
  assert.equal(state.mainPhase, undefined);
});
