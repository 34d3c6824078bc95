import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Controller } from '../../src/controller/index.js';
import { openSseStream } from '../../src/server/sse-stream.js';
import type { Workflow } from '../../src/spec/index.js';
import { startTestServer, echoWorkflow, waitUntil, type TestServer } from './fixture.js';

let s: TestServer;
let base: string;
before(async () => {
  s = await startTestServer({ eventPollMs: 200 });
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
});
after(async () => { await s.close(); });

interface Event { type: string; object: { metadata: { name: string; labels?: Record<string, string> }; status: { phase: string } } }

/** An SSE client: collects `data:` events until `until` says stop, then disconnects. */
async function collect(query: string, until: (events: Event[]) => boolean, during?: () => Promise<void>): Promise<{ events: Event[]; contentType: string | null; comments: string[] }> {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/workflow-events/default${query}`, { headers: { ...s.auth, accept: 'text/event-stream' }, signal: abort.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const events: Event[] = [];
  const comments: string[] = [];
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += new TextDecoder().decode(value);
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of frame.split('\n')) {
          if (line.startsWith('data: ')) events.push((JSON.parse(line.slice(6)) as { result: Event }).result);
          else if (line.startsWith(':')) comments.push(line);
        }
      }
      if (until(events)) return;
    }
  })();
  await during?.();
  await Promise.race([pump, waitUntil(() => until(events), 'the expected events')]);
  abort.abort();
  await pump.catch(() => undefined);
  return { events, contentType: res.headers.get('content-type'), comments };
}

const finishedEvent = (name: string) => (events: Event[]) => events.some((e) => e.object.metadata.name === name && e.type === 'MODIFIED' && e.object.status.phase === 'Succeeded');

test('the event stream is text/event-stream and carries ADDED then MODIFIED events until the workflow finishes', async () => {
  const result = await collect('?listOptions.fieldSelector=metadata.name%3Dsse-one', finishedEvent('sse-one'), async () => {
    // Long enough that the run is seen running before it ends (events are coalesced per 100 ms).
    const slowEcho = { ...echoWorkflow('sse-one'), spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['sh', '-c', 'echo hi; sleep 0.5'] } }] } };
    assert.equal((await s.call('POST', '/api/v1/workflows/default', { workflow: slowEcho })).statusCode, 200);
    assert.equal((await s.call('POST', '/api/v1/workflows/default', { workflow: echoWorkflow('sse-other') })).statusCode, 200);
  });
  assert.equal(result.contentType, 'text/event-stream; charset=utf-8');
  assert.ok(result.events.length >= 2);
  assert.deepEqual(new Set(result.events.map((e) => e.object.metadata.name)), new Set(['sse-one']));
  assert.equal(result.events[0]?.type, 'ADDED');
  assert.ok(result.events.slice(1).every((e) => e.type === 'MODIFIED'));
  assert.equal(result.events.at(-1)?.object.status.phase, 'Succeeded');
});

test('a client that leaves takes its listeners with it', async () => {
  await waitUntil(() => s.controller.listenerCount('update') === 0, 'the hub to stop listening');
  assert.equal(s.controller.listenerCount('update'), 0);
});

test('a new stream first lists matching workflows as ADDED (label selector applied)', async () => {
  assert.equal((await s.call('POST', '/api/v1/workflows/default', { workflow: echoWorkflow('sse-labelled', 'x', { labels: { app: 'sse' } }) })).statusCode, 200);
  const run = await s.store.getRun('default', 'sse-labelled');
  await s.controller.waitFor(run!.uid);
  const { events } = await collect('?listOptions.labelSelector=app%3Dsse', (e) => e.length >= 1);
  assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name, e.object.status.phase]), [['ADDED', 'sse-labelled', 'Succeeded']]);
});

test('runs driven by another controller (another replica) reach the stream through the store', async () => {
  const other = new Controller({ store: s.store, executor: s.executor, dataDir: s.dataDir });
  await other.start();
  try {
    // Polled: depending on timing the run is first seen running (ADDED, MODIFIED...) or already finished (ADDED).
    const done = (events: Event[]) => events.some((e) => e.object.metadata.name === 'sse-remote' && e.object.status.phase === 'Succeeded');
    const result = await collect('?listOptions.fieldSelector=metadata.name%3Dsse-remote', done, async () => {
      await other.submit(echoWorkflow('sse-remote') as unknown as Workflow, { namespace: 'default' });
    });
    assert.equal(result.events.at(-1)?.object.status.phase, 'Succeeded');
    assert.equal(result.events[0]?.type, 'ADDED');
    assert.ok(result.events.slice(1).every((e) => e.type === 'MODIFIED'));
    assert.equal(s.controller.activeRuns().some((r) => r.name === 'sse-remote'), false);
  } finally {
    await other.close();
  }
});

test('a run another replica creates and finishes between two polls still reaches the stream', async () => {
  const slow = await startTestServer({ eventPollMs: 4000 });
  const other = new Controller({ store: slow.store, executor: slow.executor, dataDir: slow.dataDir });
  await other.start();
  try {
    await slow.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`http://127.0.0.1:${(slow.app.server.address() as AddressInfo).port}/api/v1/workflow-events/default`, { headers: slow.auth });
    const reader = res.body!.getReader();
    let text = '';
    await new Promise((r) => setTimeout(r, 300));
    const state = await other.submit(echoWorkflow('sse-between') as unknown as Workflow, { namespace: 'default' });
    assert.equal((await other.waitFor(state.uid)).phase, 'Succeeded');
    await waitUntil(async () => {
      text += new TextDecoder().decode((await reader.read()).value);
      return text.includes('"phase":"Succeeded"');
    }, 'the finished run', 20_000);
    const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => (JSON.parse(l.slice(6)) as { result: Event }).result);
    assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name, e.object.status.phase]), [['ADDED', 'sse-between', 'Succeeded']]);
    await reader.cancel();
  } finally {
    await other.close();
    await slow.close();
  }
});

test('deleting a workflow sends DELETED', async () => {
  const { events } = await collect('?listOptions.fieldSelector=metadata.name%3Dsse-one', (e) => e.some((x) => x.type === 'DELETED'), async () => {
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await s.call('DELETE', '/api/v1/workflows/default/sse-one')).statusCode, 200);
  });
  assert.deepEqual(events.map((e) => e.type), ['ADDED', 'DELETED']);
  assert.equal(events[1]?.object.metadata.name, 'sse-one');
});

test('a bad selector is a 400 before the stream opens; no token is a 401', async () => {
  const bad = await s.call('GET', '/api/v1/workflow-events/default?listOptions.fieldSelector=spec.x%3D1');
  assert.deepEqual([bad.statusCode, (bad.json() as { message: string }).message], [400, "listOptions.fieldSelector: cannot use 'spec.x=1': only metadata.name and metadata.namespace can be selected (=, ==, !=)"]);
  const anonymous = await fetch(`${base}/api/v1/workflow-events/default`);
  assert.equal(anonymous.status, 401);
});

test('an event stream sends heartbeat comments while idle and ends on server shutdown', async () => {
  const app = Fastify();
  let finish: () => void = () => undefined;
  const closing = new Promise<void>((resolve) => { finish = resolve; });
  app.get('/events', async (_request, reply) => { openSseStream(reply, closing, 50); return reply; });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const res = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/events`);
    const reader = res.body!.getReader();
    let text = '';
    await waitUntil(async () => {
      text += new TextDecoder().decode((await reader.read()).value);
      return (text.match(/: heartbeat\n\n/g) ?? []).length >= 2;
    }, 'two heartbeats');
    assert.ok(text.startsWith(': keyflow workflow events\n\n'));
    finish();
    for (;;) if ((await reader.read()).done) break;
  } finally {
    await app.close();
  }
});
