import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, waitUntil, type TestServer } from './fixture.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

interface ArgoError { code: number; message: string; details: { reason?: string }[] }
type Wf = { metadata: { name: string }; spec: { suspend?: boolean }; status: { phase: string; message?: string; nodes?: Record<string, { displayName: string; phase: string; type: string }> } };

const container = (name: string, command: string[]) => ({ name, container: { image: 'busybox', command } });

function gated(name: string): Record<string, unknown> {
  return {
    metadata: { name },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'approve', template: 'gate' }], [{ name: 'after', template: 'done' }]] },
        { name: 'gate', suspend: {} },
        container('done', ['echo', 'approved']),
      ],
    },
  };
}

function sleeper(name: string): Record<string, unknown> {
  return { metadata: { name }, spec: { entrypoint: 'main', templates: [container('main', ['sleep', '30'])] } };
}

async function create(workflow: Record<string, unknown>): Promise<void> {
  const res = await s.call('POST', '/api/v1/workflows/default', { workflow });
  assert.equal(res.statusCode, 200, res.body);
}

async function phaseOf(name: string): Promise<Wf> {
  return (await s.call('GET', `/api/v1/workflows/default/${name}`)).json() as Wf;
}

async function settled(name: string): Promise<Wf> {
  const run = await s.store.getRun('default', name);
  assert.ok(run);
  await s.controller.waitFor(run.uid);
  return phaseOf(name);
}

async function runningPod(name: string): Promise<void> {
  await waitUntil(async () => Object.values((await phaseOf(name)).status.nodes ?? {}).some((n) => n.type === 'Pod' && n.phase === 'Running'), `${name} to run its task`);
}

test('resume with nodeFieldSelector displayName=... releases a suspend node and the workflow finishes', async () => {
  await create(gated('gate-1'));
  await waitUntil(async () => Object.values((await phaseOf('gate-1')).status.nodes ?? {}).some((n) => n.displayName === 'approve' && n.phase === 'Running'), 'the gate');
  const res = await s.call('PUT', '/api/v1/workflows/default/gate-1/resume', { name: 'gate-1', namespace: 'default', nodeFieldSelector: 'displayName=approve' });
  assert.equal(res.statusCode, 200);
  assert.equal((res.json() as Wf).metadata.name, 'gate-1');
  assert.equal((await settled('gate-1')).status.phase, 'Succeeded');
});

test('suspend holds a workflow (spec.suspend in the answer); resume without a body releases it and its gates', async () => {
  await create(gated('gate-2'));
  const suspended = await s.call('PUT', '/api/v1/workflows/default/gate-2/suspend');
  assert.equal(suspended.statusCode, 200);
  assert.equal((suspended.json() as Wf).spec.suspend, true);
  assert.equal((await phaseOf('gate-2')).spec.suspend, true);
  const resumed = await s.call('PUT', '/api/v1/workflows/default/gate-2/resume');
  assert.equal(resumed.statusCode, 200);
  assert.equal((resumed.json() as Wf).spec.suspend, undefined);
  assert.equal((await settled('gate-2')).status.phase, 'Succeeded');
});

test('resume with nodeFieldSelector name=... releases the node of that name', async () => {
  await create(gated('gate-3'));
  await waitUntil(async () => Object.values((await phaseOf('gate-3')).status.nodes ?? {}).some((n) => n.displayName === 'approve' && n.phase === 'Running'), 'the gate');
  assert.equal((await s.call('PUT', '/api/v1/workflows/default/gate-3/resume', { nodeFieldSelector: 'name=gate-3[0].approve' })).statusCode, 200);
  assert.equal((await settled('gate-3')).status.phase, 'Succeeded');
});

test('stop kills the running task and records the message; terminate ends a workflow at once', async () => {
  await create(sleeper('stop-me'));
  await runningPod('stop-me');
  const stop = await s.call('PUT', '/api/v1/workflows/default/stop-me/stop', { message: 'enough' });
  assert.equal(stop.statusCode, 200);
  const stopped = await settled('stop-me');
  assert.equal(stopped.status.phase, 'Failed');
  assert.equal(stopped.status.message, 'enough');
  await create(sleeper('terminate-me'));
  await runningPod('terminate-me');
  assert.equal((await s.call('PUT', '/api/v1/workflows/default/terminate-me/terminate', {})).statusCode, 200);
  assert.equal((await settled('terminate-me')).status.phase, 'Failed');
});

test('retry re-runs a failed workflow from its failed task', async () => {
  await create({ metadata: { name: 'flaky' }, spec: { entrypoint: 'main', templates: [container('main', ['sh', '-c', 'exit 3'])] } });
  assert.equal((await settled('flaky')).status.phase, 'Failed');
  const res = await s.call('PUT', '/api/v1/workflows/default/flaky/retry', { name: 'flaky', namespace: 'default' });
  assert.equal(res.statusCode, 200);
  assert.equal((res.json() as Wf).status.phase, 'Running');
  assert.equal((await settled('flaky')).status.phase, 'Failed');
});

test('actions on a finished workflow are 409 FailedPrecondition', async () => {
  await create({ metadata: { name: 'over' }, spec: { entrypoint: 'main', templates: [container('main', ['true'])] } });
  assert.equal((await settled('over')).status.phase, 'Succeeded');
  const res = await s.call('PUT', '/api/v1/workflows/default/over/resume', {});
  const err = res.json() as ArgoError;
  assert.deepEqual([res.statusCode, err.code, err.details[0]?.reason, err.message],
    [409, 9, 'ERR_ENGINE_INVALID_TRANSITION', "cannot resume workflow 'over': it has already succeeded (phase Succeeded)"]);
  const retry = await s.call('PUT', '/api/v1/workflows/default/over/retry', {});
  assert.deepEqual([retry.statusCode, (retry.json() as ArgoError).code, (retry.json() as ArgoError).message],
    [409, 9, "cannot retry workflow 'over': only Failed or Error workflows can be retried (phase Succeeded)"]);
});

test('action requests that Keyflow cannot honour or that disagree with the path are 400', async () => {
  const cases: [string, unknown, string][] = [
    ['resume', { nodeFieldSelector: 'inputs.parameters.x.value=1' }, "nodeFieldSelector 'inputs.parameters.x.value=1' is not supported: use displayName=NAME, name=NAME or id=ID"],
    ['stop', { nodeFieldSelector: 'displayName=a' }, 'stop with a nodeFieldSelector is not supported: stop applies to the whole workflow'],
    ['retry', { restartSuccessful: true }, 'retry with restartSuccessful, nodeFieldSelector or parameters is not supported: retry re-runs the failed tasks'],
    ['suspend', { name: 'other' }, "body.name 'other' does not match the name 'over' of the request path"],
    ['terminate', { reason: 'x' }, "body has unknown field 'reason'"],
  ];
  for (const [verb, body, message] of cases) {
    const res = await s.call('PUT', `/api/v1/workflows/default/over/${verb}`, body);
    assert.deepEqual([res.statusCode, (res.json() as ArgoError).code, (res.json() as ArgoError).message], [400, 3, message], verb);
  }
});

test('actions on a workflow that does not exist are 404', async () => {
  for (const verb of ['stop', 'terminate', 'suspend', 'resume', 'retry']) {
    const res = await s.call('PUT', `/api/v1/workflows/default/ghost/${verb}`, {});
    assert.deepEqual([res.statusCode, (res.json() as ArgoError).message], [404, "workflow 'ghost' not found in namespace 'default'"], verb);
  }
});
