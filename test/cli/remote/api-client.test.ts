import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, HttpTransport } from '../../../src/cli/remote/index.js';
import { json, startFakeServer, type FakeServer } from '../fake-server.js';

const servers: FakeServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

async function serve(routes: Parameters<typeof startFakeServer>[0]): Promise<FakeServer> {
  const s = await startFakeServer(routes);
  servers.push(s);
  return s;
}

function client(server: FakeServer, token?: () => Promise<string | undefined>, refresh?: () => Promise<boolean>, prefix = ''): ApiClient {
  return new ApiClient({ server: new URL(`${server.url}${prefix}`), transport: new HttpTransport(), ...(token ? { token } : {}), ...(refresh ? { refresh } : {}) });
}

test('sends the bearer token, JSON bodies, and path segments encoded', async () => {
  const s = await serve({ 'PUT /api/v1/workflows/team%20a/wf%2F1/resume': (req, res) => json(res, 200, { metadata: { name: 'wf/1' }, echo: JSON.parse(req.body) }) });
  const out = await client(s, async () => 'tok-1').act('team a', 'wf/1', 'resume', { nodeFieldSelector: 'displayName=approve' });
  assert.deepEqual((out as unknown as { echo: unknown }).echo, { name: 'wf/1', namespace: 'team a', nodeFieldSelector: 'displayName=approve' });
  const req = s.requests[0]!;
  assert.equal(req.headers.authorization, 'Bearer tok-1');
  assert.equal(req.headers['content-type'], 'application/json');
});

test('no token stored means no Authorization header', async () => {
  const s = await serve({ 'GET /api/v1/info': (_req, res) => json(res, 200, {}) });
  await client(s).info();
  assert.equal(s.requests[0]!.headers.authorization, undefined);
});

test('a list with items null is an empty list; the phase filter goes out as a label selector', async () => {
  const s = await serve({ 'GET /api/v1/workflows/default': (_req, res) => json(res, 200, { metadata: {}, items: null }) });
  assert.deepEqual(await client(s).listWorkflows('default', { labelSelector: 'workflows.argoproj.io/phase in (Running)' }), []);
  assert.equal(s.requests[0]!.url, '/api/v1/workflows/default?listOptions.labelSelector=workflows.argoproj.io%2Fphase+in+%28Running%29');
});

test('a server under a path prefix keeps its prefix', async () => {
  const s = await serve({ 'GET /keyflow/api/v1/userinfo': (_req, res) => json(res, 200, { username: 'u' }) });
  assert.equal((await client(s, undefined, undefined, '/keyflow/').userinfo()).username, 'u');
});

test("an Argo error becomes CliRemoteError with the server's message and status", async () => {
  const s = await serve({ 'GET /api/v1/workflows/default/nope': (_req, res) => json(res, 404, { code: 5, message: "workflow 'nope' not found", details: [] }) });
  await assert.rejects(client(s, async () => 'tok').getWorkflow('default', 'nope'), (err: unknown) => {
    assert.equal((err as { code: string }).code, 'ERR_CLI_REMOTE');
    assert.equal((err as { httpStatus: number }).httpStatus, 404);
    assert.equal((err as Error).message, "server said 404 NotFound: workflow 'nope' not found");
    return true;
  });
});

test('after a 401 the client renews the token once and retries; a second 401 is reported with the login hint', async () => {
  let calls = 0;
  const s = await serve({ 'GET /api/v1/userinfo': (req, res) => (req.headers.authorization === 'Bearer new' ? json(res, 200, { username: 'u' }) : json(res, 401, { code: 16, message: 'token expired' })) });
  let token = 'old';
  const refresh = async () => {
    calls++;
    token = 'new';
    return true;
  };
  assert.equal((await client(s, async () => token, refresh).userinfo()).username, 'u');
  assert.equal(calls, 1);
  token = 'bad';
  const stubborn = async () => {
    calls++;
    return true;
  };
  await assert.rejects(client(s, async () => token, stubborn).userinfo(), {
    code: 'ERR_CLI_UNAUTHENTICATED',
    message: `not logged in to ${s.url}, or the session expired (server said 401 Unauthenticated: token expired); run 'keyflow login --server ${s.url}'`,
  });
  assert.equal(calls, 2);
});

test('an answer that is not JSON is reported as not being a Keyflow server', async () => {
  const s = await serve({ 'GET /api/v1/info': (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'); } });
  await assert.rejects(client(s).info(), { code: 'ERR_CLI_CONNECT', message: `${s.url} did not answer GET /api/v1/info with JSON (is it a Keyflow server?)` });
});

test('logs are read as NDJSON records; an error record mid-stream throws the server error', async () => {
  const s = await serve({
    'GET /api/v1/workflows/default/wf/log': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":{"content":"one","podName":"wf-a"}}\n');
      res.end(req.url.includes('follow=true') ? '{"error":{"code":13,"message":"disk gone"}}\n' : '{"result":{"content":"two","podName":"wf-b"}}\n');
    },
  });
  const lines = [];
  for await (const e of await client(s).logs('default', 'wf')) lines.push(e);
  assert.deepEqual(lines, [{ content: 'one', podName: 'wf-a' }, { content: 'two', podName: 'wf-b' }]);
  assert.equal(s.requests[0]!.url, '/api/v1/workflows/default/wf/log?logOptions.container=main');
  const followed: string[] = [];
  await assert.rejects(async () => {
    for await (const e of await client(s).logs('default', 'wf', { follow: true })) followed.push(e.content);
  }, { code: 'ERR_CLI_REMOTE', message: 'server said 500 Internal: disk gone' });
  assert.deepEqual(followed, ['one']);
});

test('watch resolves once the stream is open, then yields the SSE events with the name filter sent', async () => {
  const s = await serve({
    'GET /api/v1/workflow-events/default': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
      res.write(`data: ${JSON.stringify({ result: { type: 'ADDED', object: { metadata: { name: 'wf' } } } })}\n\n`);
      res.end(`data: ${JSON.stringify({ result: { type: 'MODIFIED', object: { metadata: { name: 'wf' }, status: { phase: 'Succeeded' } } } })}\n\n`);
    },
  });
  const events = await client(s).watch('default', { name: 'wf' });
  assert.equal(s.requests[0]!.headers.accept, 'text/event-stream');
  assert.equal(s.requests[0]!.url, '/api/v1/workflow-events/default?listOptions.fieldSelector=metadata.name%3Dwf');
  const types = [];
  for await (const e of events) types.push(e.type);
  assert.deepEqual(types, ['ADDED', 'MODIFIED']);
});

test('templates use the namespaced or the cluster path', async () => {
  const s = await serve({
    'POST /api/v1/workflow-templates/ns1': (_req, res) => json(res, 200, { metadata: { name: 't' } }),
    'PUT /api/v1/cluster-workflow-templates/c': (req, res) => json(res, 200, JSON.parse(req.body)),
  });
  await client(s).createTemplate({ cluster: false, namespace: 'ns1' }, { metadata: { name: 't' } });
  const updated = await client(s).updateTemplate({ cluster: true, namespace: 'ignored' }, 'c', { metadata: { name: 'c' } });
  assert.deepEqual(updated, { name: 'c', template: { metadata: { name: 'c' } } } as unknown);
  assert.deepEqual(JSON.parse(s.requests[0]!.body), { template: { metadata: { name: 't' } } });
});
