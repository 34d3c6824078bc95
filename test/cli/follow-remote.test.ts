import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followRemote } from '../../src/cli/follow-remote.js';
import { fromArgoWorkflow } from '../../src/cli/from-argo.js';
import { ApiClient, HttpTransport } from '../../src/cli/remote/index.js';
import { json, startFakeServer } from './fake-server.js';

const wf = (phase: string, nodePhase: string) => ({
  metadata: { name: 'wf', namespace: 'default', uid: 'u1' },
  spec: {},
  status: { phase, nodes: { wf: { id: 'wf', name: 'wf', displayName: 'wf', type: 'Steps', phase: nodePhase } } },
});

test('follows SSE events to the end, reporting only changes', async () => {
  const s = await startFakeServer({
    'GET /api/v1/workflows/default/wf': (_req, res) => json(res, 200, wf('Running', 'Running')),
    'GET /api/v1/workflow-events/default': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const [p, n] of [['Running', 'Running'], ['Running', 'Running'], ['Succeeded', 'Succeeded']]) {
        res.write(`data: ${JSON.stringify({ result: { type: 'MODIFIED', object: wf(p!, n!) } })}\n\n`);
      }
      // Left open, as a live stream is: the follower must stop by itself once the run is over.
    },
  });
  try {
    const api = new ApiClient({ server: new URL(s.url), transport: new HttpTransport() });
    const updates: string[] = [];
    const final = await followRemote(api, fromArgoWorkflow(wf('Pending', 'Pending')), (state) => updates.push(state.phase));
    assert.equal(final.phase, 'Succeeded');
    assert.deepEqual(updates, ['Running', 'Succeeded']);
  } finally {
    await s.close();
  }
});

test('a stream that goes quiet is backed by reading the workflow, so a lost event cannot hang the CLI', async () => {
  let reads = 0;
  const s = await startFakeServer({
    'GET /api/v1/workflows/default/wf': (_req, res) => json(res, 200, ++reads >= 3 ? wf('Succeeded', 'Succeeded') : wf('Running', 'Running')),
    'GET /api/v1/workflow-events/default': (_req, res) => { res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': open\n\n'); },
  });
  try {
    const api = new ApiClient({ server: new URL(s.url), transport: new HttpTransport() });
    const final = await followRemote(api, fromArgoWorkflow(wf('Running', 'Running')), () => undefined, 50);
    assert.equal(final.phase, 'Succeeded');
    assert.equal(reads, 3);
  } finally {
    await s.close();
  }
});

test('a workflow deleted while watched ends the watch with an error saying so', async () => {
  const s = await startFakeServer({
    'GET /api/v1/workflows/default/wf': (_req, res) => json(res, 200, wf('Running', 'Running')),
    'GET /api/v1/workflow-events/default': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write(`data: ${JSON.stringify({ result: { type: 'DELETED', object: wf('Running', 'Running') } })}\n\n`);
    },
  });
  try {
    const api = new ApiClient({ server: new URL(s.url), transport: new HttpTransport() });
    await assert.rejects(followRemote(api, fromArgoWorkflow(wf('Running', 'Running')), () => undefined), { code: 'ERR_CLI_REMOTE', message: "workflow 'wf' was deleted while it was being watched" });
  } finally {
    await s.close();
  }
});
