import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, wf, phases } from './simulate.js';
import { createRun, step, EngineError } from '../../src/engine/index.js';

const HEAD = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n';

test('when false skips a step with Argo\'s message and the workflow still succeeds', () => {
  const { state } = simulate(wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flip, template: coin}
    - - {name: heads, template: ok, when: "{{steps.flip.outputs.result}} == heads"}
      - {name: tails, template: ok, when: "{{steps.flip.outputs.result}} == tails"}
  - name: coin
    container: {command: [echo, tails]}
  - name: ok
    container: {command: [echo, ok]}
`));
  assert.equal(state.phase, 'Succeeded');
  const heads = Object.values(state.nodes).find((n) => n.displayName === 'heads');
  assert.equal(heads?.phase, 'Skipped');
  assert.equal(heads?.message, "when 'tails == heads' evaluated false");
  assert.equal(phases(state).tails, 'Succeeded');
});

test('withItems expands into one node per item and aggregates outputs for withParam', () => {
  const { state, started } = simulate(wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: echo, arguments: {parameters: [{name: m, value: "{{item}}"}]}, withItems: [1, 2, 3]}
    - - {name: use, template: echo, arguments: {parameters: [{name: m, value: "got {{item}}"}]}, withParam: "{{steps.gen.outputs.result}}"}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {command: [echo, "{{inputs.parameters.m}}"]}
`));
  assert.equal(state.phase, 'Succeeded');
  assert.deepEqual(started.map((t) => t.command.join(' ')), ['echo 1', 'echo 2', 'echo 3', 'echo got 1', 'echo got 2', 'echo got 3']);
  assert.ok(phases(state)['gen(0:1)']);
  assert.ok(phases(state)['use(2:3)']);
});

test('withParam that is not a JSON list errors that step only, naming the value', () => {
  const { state } = simulate(wf(`${HEAD}  entrypoint: main
  arguments: {parameters: [{name: list, value: "not json"}]}
  templates:
  - name: main
    steps:
    - - {name: loop, template: ok, withParam: "{{workflow.parameters.list}}"}
  - name: ok
    container: {command: [echo, ok]}
`));
  assert.equal(state.phase, 'Error');
  const loop = Object.values(state.nodes).find((n) => n.displayName === 'loop');
  assert.equal(loop?.phase, 'Error');
  assert.equal(loop?.message, 'w[0].loop.withParam: withParam value could not be parsed as a JSON list: not json');
});

test('withSequence supports count, start/end in both directions and printf formats', () => {
  const { started } = simulate(wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: echo, arguments: {parameters: [{name: m, value: "{{item}}"}]}, withSequence: {count: "3"}}
      - {name: b, template: echo, arguments: {parameters: [{name: m, value: "{{item}}"}]}, withSequence: {start: "3", end: "1"}}
      - {name: c, template: echo, arguments: {parameters: [{name: m, value: "{{item}}"}]}, withSequence: {count: "2", start: "10", format: "user%02X"}}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {command: [echo, "{{inputs.parameters.m}}"]}
`));
  assert.deepEqual(started.map((t) => t.command[1]), ['0', '1', '2', '3', '2', '1', 'user0A', 'user0B']);
});

test('retryStrategy retries a failing task up to the limit with {{retries}} and then fails', () => {
  const { state, started } = simulate(wf(`${HEAD}  entrypoint: flaky
  templates:
  - name: flaky
    retryStrategy: {limit: "2"}
    container: {command: [sh, -c, "exit 1"], args: ["{{retries}}"]}
`), (task) => ({ exitCode: 1, result: task.args[0] }));
  assert.equal(state.phase, 'Failed');
  assert.deepEqual(started.map((t) => t.args[0]), ['0', '1', '2']);
  const retry = state.nodes.w;
  assert.equal(retry?.type, 'Retry');
  assert.equal(retry?.children?.length, 3);
  assert.equal(retry?.message, 'Error (exit code 1)');
});

test('retryStrategy succeeds when a later attempt succeeds, and OnError does not retry plain failures', () => {
  const ok = simulate(wf(`${HEAD}  entrypoint: flaky
  templates:
  - name: flaky
    retryStrategy: {limit: 5}
    container: {command: [work]}
`), (_t, attempt) => ({ exitCode: attempt < 2 ? 1 : 0 }));
  assert.equal(ok.state.phase, 'Succeeded');
  assert.equal(ok.started.length, 3);
  const onError = simulate(wf(`${HEAD}  entrypoint: flaky
  templates:
  - name: flaky
    retryStrategy: {limit: 5, retryPolicy: OnError}
    container: {command: [work]}
`), () => ({ exitCode: 1 }));
  assert.equal(onError.state.phase, 'Failed');
  assert.equal(onError.started.length, 1);
});

test('retry backoff waits: the engine asks to be woken and starts the next attempt only then', () => {
  const workflow = wf(`${HEAD}  entrypoint: flaky
  templates:
  - name: flaky
    retryStrategy: {limit: 1, backoff: {duration: "10s"}}
    container: {command: [work]}
`);
  const t0 = new Date('2026-01-01T00:00:00Z');
  let state = createRun(workflow, { uid: 'u', name: 'w', namespace: 'default', now: t0 });
  let r = step(state, [{ type: 'tick' }], { now: t0 });
  state = { ...state, ...r.patch.run, nodes: Object.fromEntries(r.patch.nodes.map((n) => [n.id, n])) };
  const first = r.commands.find((c) => c.type === 'startTask');
  assert.ok(first && first.type === 'startTask');
  const failedAt = new Date(t0.getTime() + 1000);
  r = step(state, [{ type: 'taskResult', nodeId: first.task.nodeId, result: { exitCode: 1, outputParameters: {}, outputArtifacts: {}, finishedAt: failedAt.toISOString() } }], { now: failedAt });
  assert.deepEqual(r.commands, [{ type: 'wakeAt', at: '2026-01-01T00:00:11.000Z' }]);
});

test('exit handler sees workflow.status and workflow.failures; its failure fails a succeeded workflow', () => {
  const { state, started } = simulate(wf(`${HEAD}  entrypoint: main
  onExit: report
  templates:
  - name: main
    container: {command: [sh, -c, exit 2]}
  - name: report
    container: {command: [echo, "{{workflow.status}}", "{{workflow.failures}}"]}
`));
  assert.equal(state.phase, 'Failed');
  const report = started.find((t) => t.templateName === 'report');
  assert.equal(report?.command[1], 'Failed');
  const failures = JSON.parse(report?.command[2] ?? '[]') as { displayName: string; message: string }[];
  assert.equal(failures[0]?.displayName, 'w');
  assert.equal(failures[0]?.message, 'Error (exit code 2)');
  const exitFails = simulate(wf(`${HEAD}  entrypoint: main
  onExit: bad
  templates:
  - name: main
    container: {command: [echo, ok]}
  - name: bad
    container: {command: [sh, -c, exit 1]}
`));
  assert.equal(exitFails.state.phase, 'Failed');
  assert.equal(exitFails.state.message, 'exit handler failed: Error (exit code 1)');
});

test('continueOn.failed lets steps carry on and {{steps.X.exitCode}} reports the code', () => {
  const { state, started } = simulate(wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: bad, template: bad, continueOn: {failed: true}}
    - - {name: next, template: echo, arguments: {parameters: [{name: m, value: "code={{steps.bad.exitCode}} status={{steps.bad.status}}"}]}}
  - name: bad
    container: {command: [sh, -c, exit 123]}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {command: [echo, "{{inputs.parameters.m}}"]}
`));
  assert.equal(state.phase, 'Succeeded');
  assert.equal(started[1]?.command[1], 'code=123 status=Failed');
});

test('DAG depends on .Failed runs the handler and omits the success path', () => {
  const { state } = simulate(wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: bad}
      - {name: onFail, depends: A.Failed, template: ok}
      - {name: onOk, depends: A, template: ok}
  - name: bad
    container: {command: [sh, -c, exit 1]}
  - name: ok
    container: {command: [echo, ok]}
`));
  const p = phases(state);
  assert.equal(p.A, 'Failed');
  assert.equal(p.onFail, 'Succeeded');
  assert.equal(p.onOk, 'Omitted');
  assert.equal(state.phase, 'Failed');
});

test('DAG failFast stops scheduling after a failure; failFast false lets independent branches finish', () => {
  const yaml = (failFast: boolean) => `${HEAD}  entrypoint: main
  templates:
  - name: main
    dag:
      failFast: ${failFast}
      tasks:
      - {name: A, template: bad}
      - {name: B, template: slow}
      - {name: C, depends: B, template: ok}
  - name: bad
    container: {command: [sh, -c, exit 1]}
  - name: slow
    container: {command: [slow]}
  - name: ok
    container: {command: [echo, ok]}
`;
  const fast = simulate(wf(yaml(true)));
  assert.equal(fast.state.phase, 'Failed');
  assert.equal(phases(fast.state).C, undefined);
  const slow = simulate(wf(yaml(false)));
  assert.equal(slow.state.phase, 'Failed');
  assert.equal(phases(slow.state).C, 'Succeeded');
});

test('dag.target runs only the target and its ancestors', () => {
  const { state } = simulate(wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    dag:
      target: C
      tasks:
      - {name: A, template: ok}
      - {name: B, depends: A, template: ok}
      - {name: C, depends: A, template: ok}
  - name: ok
    container: {command: [echo, ok]}
`));
  assert.equal(state.phase, 'Succeeded');
  assert.deepEqual(Object.keys(phases(state)).sort(), ['A', 'C', 'w']);
});

test('a parameter value with shell metacharacters reaches argv verbatim, never re-parsed', () => {
  const evil = '$(rm -rf /) "; echo pwned \' `id` {{workflow.name}}';
  const { started } = simulate(wf(`${HEAD}  entrypoint: main
  arguments: {parameters: [{name: p}]}
  templates:
  - name: main
    inputs: {parameters: [{name: p}]}
    container: {command: [echo, "{{inputs.parameters.p}}"]}
`), undefined, { parameters: { p: evil } });
  assert.deepEqual(started[0]?.command, ['echo', evil]);
});

test('missing workflow parameter and enum violation are refused before the run exists', () => {
  const base = wf(`${HEAD}  entrypoint: main
  arguments: {parameters: [{name: env, enum: [dev, prod]}]}
  templates:
  - name: main
    container: {command: [echo]}
`);
  const now = new Date();
  assert.throws(() => createRun(base, { uid: 'u', name: 'w', namespace: 'd', now }), (err: unknown) => err instanceof EngineError
    && err.code === 'ERR_ENGINE_PARAMETER_MISSING' && err.message === 'spec.arguments.parameters.env: no value supplied (pass -p env=VALUE)');
  assert.throws(() => createRun(base, { uid: 'u', name: 'w', namespace: 'd', now, parameters: { env: 'staging' } }), (err: unknown) => err instanceof EngineError
    && err.code === 'ERR_ENGINE_PARAMETER_INVALID' && err.message === 'spec.arguments.parameters.env: value "staging" is not one of the allowed values [dev, prod]');
  assert.throws(() => createRun(wf(`${HEAD}  entrypoint: nope\n  templates: [{name: main, container: {command: [echo]}}]\n`), { uid: 'u', name: 'w', namespace: 'd', now }),
    (err: unknown) => err instanceof EngineError && err.code === 'ERR_ENGINE_TEMPLATE_NOT_FOUND' && err.message === "spec.entrypoint: template 'nope' not found");
});

test('an unresolvable variable errors that node with the variable named', () => {
  const { state } = simulate(wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    container: {command: [echo, "{{inputs.parameters.nope}}"]}
`));
  assert.equal(state.phase, 'Error');
  assert.equal(state.nodes.w?.message, 'w.command[1]: failed to resolve {{inputs.parameters.nope}}');
});

test('output parameters come from the task, fall back to default, and a missing one errors the task', () => {
  const { state } = simulate(wf(`${HEAD}  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: out}
    - - {name: b, template: echo, arguments: {parameters: [{name: m, value: "{{steps.a.outputs.parameters.x}}/{{steps.a.outputs.parameters.y}}"}]}}
    - - {name: c, template: missing}
  - name: out
    container: {command: [work]}
    outputs:
      parameters:
      - {name: x, valueFrom: {path: /tmp/x}}
      - {name: y, globalName: why, valueFrom: {path: /tmp/y, default: fallback}}
  - name: missing
    container: {command: [work]}
    outputs: {parameters: [{name: z, valueFrom: {path: /tmp/z}}]}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {command: [echo, "{{inputs.parameters.m}}"]}
`), (task) => (task.templateName === 'out' ? { exitCode: 0, outputParameters: { x: 'from-file' } } : { exitCode: 0, result: task.command[1] }));
  const b = Object.values(state.nodes).find((n) => n.displayName === 'b');
  assert.equal(b?.outputs?.result, 'from-file/fallback');
  assert.equal(state.outputs.parameters.why, 'fallback');
  const c = Object.values(state.nodes).find((n) => n.displayName === 'c');
  assert.equal(c?.phase, 'Error');
  assert.equal(c?.message, "output parameter 'z': no file at /tmp/z and no default");
});
