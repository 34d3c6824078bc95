import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { startTestServer, waitUntil, type TestServer } from './fixture.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

interface LogLine { result: { content: string; podName: string } }

const container = (name: string, script: string) => ({ name, container: { image: 'busybox', command: ['sh', '-c', script] } });

function twoTasks(name: string, first: string, second: string): Record<string, unknown> {
  return {
    metadata: { name },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'one', template: 'one' }], [{ name: 'two', template: 'two' }]] },
        container('one', first), container('two', second),
      ],
    },
  };
}

function parse(body: string): LogLine[] {
  return body.split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine);
}

async function podIds(name: string): Promise<Record<string, string>> {
  const state = await s.controller.get('default', name);
  return Object.fromEntries(Object.values(state.nodes).filter((n) => n.type === 'Pod').map((n) => [n.displayName, n.id]));
}

async function runToEnd(workflow: Record<string, unknown>): Promise<void> {
  assert.equal((await s.call('POST', '/api/v1/workflows/default', { workflow })).statusCode, 200);
  const run = await s.store.getRun('default', (workflow.metadata as { name: string }).name);
  await s.controller.waitFor(run!.uid);
}

test('GET .../log streams every task\'s lines as newline-delimited {"result":{content,podName}} in start order', async () => {
  await runToEnd(twoTasks('logged', 'echo one-a; echo one-b', "printf 'two-a\\ntwo-b'"));
  const res = await s.call('GET', '/api/v1/workflows/default/logged/log');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  const pods = await podIds('logged');
  assert.deepEqual(parse(res.body), [
    { result: { content: 'one-a', podName: pods.one } },
    { result: { content: 'one-b', podName: pods.one } },
    { result: { content: 'two-a', podName: pods.two } },
    { result: { content: 'two-b', podName: pods.two } },
  ]);
});

test('podName (query or path) selects one task\'s log', async () => {
  const pods = await podIds('logged');
  const byQuery = await s.call('GET', `/api/v1/workflows/default/logged/log?podName=${pods.two}`);
  assert.deepEqual(parse(byQuery.body).map((l) => l.result.content), ['two-a', 'two-b']);
  const byPath = await s.call('GET', `/api/v1/workflows/default/logged/${pods.one}/log`);
  assert.deepEqual(parse(byPath.body).map((l) => l.result.content), ['one-a', 'one-b']);
});

test('an unknown pod is 404, an unknown workflow is 404, another container has no lines', async () => {
  const pod = await s.call('GET', '/api/v1/workflows/default/logged/log?podName=logged-nope');
  assert.deepEqual([pod.statusCode, pod.json()], [404, { code: 5, message: "workflow 'logged' has no pod 'logged-nope'", details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ERR_SERVER_NOT_FOUND', domain: 'keyflow.dev' }] }]);
  const wf = await s.call('GET', '/api/v1/workflows/default/ghost/log');
  assert.deepEqual([wf.statusCode, (wf.json() as { message: string }).message], [404, "workflow 'ghost' not found in namespace 'default'"]);
  const init = await s.call('GET', '/api/v1/workflows/default/logged/log?logOptions.container=init');
  assert.deepEqual([init.statusCode, init.body], [200, '']);
});

test('logOptions.follow=true streams lines as they are written and ends when the workflow finishes', async () => {
  const workflow = twoTasks('followed', 'for i in 1 2 3; do echo tick-$i; sleep 0.3; done', 'echo last');
  assert.equal((await s.call('POST', '/api/v1/workflows/default', { workflow })).statusCode, 200);
  const res = await s.call('GET', '/api/v1/workflows/default/followed/log?logOptions.follow=true');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(parse(res.body).map((l) => l.result.content), ['tick-1', 'tick-2', 'tick-3', 'last']);
  const state = await s.controller.get('default', 'followed');
  assert.equal(state.phase, 'Succeeded');
});

test('a followed stream delivers lines before the workflow ends, and server shutdown ends it', async () => {
  const own = await startTestServer();
  try {
    await own.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(own.app.server.address() as AddressInfo).port}`;
    const workflow = { metadata: { name: 'endless' }, spec: { entrypoint: 'main', templates: [container('main', 'echo started; sleep 30')] } };
    assert.equal((await own.call('POST', '/api/v1/workflows/default', { workflow })).statusCode, 200);
    const res = await fetch(`${base}/api/v1/workflows/default/endless/log?logOptions.follow=true`, { headers: own.auth });
    const reader = res.body!.getReader();
    let text = '';
    await waitUntil(async () => {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
      return text.includes('started');
    }, 'the first line');
    assert.equal(parse(text)[0]?.result.content, 'started');
    const closed = own.app.close();
    for (;;) if ((await reader.read()).done) break;
    await closed;
  } finally {
    await own.controller.delete('default', 'endless').catch(() => undefined);
    await own.close();
  }
});
