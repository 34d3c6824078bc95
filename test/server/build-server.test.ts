import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildServer } from '../../src/server/index.js';
import type { Store } from '../../src/store/index.js';
import { startTestServer, type TestServer } from './fixture.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

/** The real store, except that listing runs fails the way a lost database connection would. */
function failingStore(inner: Store): Store {
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'listRuns') return async () => { throw new Error('connection to 10.1.2.3:5432 lost (password=hunter2)'); };
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

test('a failure inside a route is 500 "internal error" with nothing of its cause; readiness reports 503', async () => {
  const app = await buildServer({ controller: s.controller, store: failingStore(s.store), executor: s.executor, dataDir: s.dataDir, verifier: s.keys.verifier });
  try {
    const res = await app.inject({ method: 'GET', url: '/api/v1/workflows/default', headers: s.auth });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { code: 13, message: 'internal error', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ERR_SERVER_INTERNAL', domain: 'keyflow.dev' }] });
    assert.doesNotMatch(res.body, /hunter2|10\.1\.2\.3/);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    assert.deepEqual([ready.statusCode, ready.body], [503, 'store unavailable']);
    assert.deepEqual([(await app.inject({ method: 'GET', url: '/healthz' })).statusCode], [200]);
  } finally {
    await app.close();
  }
});

test('/api/v1/info and /api/v1/version describe the server', async () => {
  assert.deepEqual((await s.call('GET', '/api/v1/info')).json(), { managedNamespace: '', links: [], columns: [], modals: {}, navColor: '', version: '0.1.0' });
  const version = (await s.call('GET', '/api/v1/version')).json() as { version: string; nodeVersion: string };
  assert.deepEqual([version.version, version.nodeVersion], ['v0.1.0', process.version]);
});

test('the IdP mount receives /oidc requests untouched, bodies unread, without authentication', async () => {
  const seen: { url: string | undefined; method: string | undefined; body: string }[] = [];
  const idp = {
    handle(req: IncomingMessage, res: ServerResponse) {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => { body += chunk; });
      req.on('end', () => {
        seen.push({ url: req.url, method: req.method, body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('from idp');
      });
    },
  };
  const app = await buildServer({ controller: s.controller, store: s.store, executor: s.executor, dataDir: s.dataDir, verifier: s.keys.verifier, idp });
  try {
    const form = await app.inject({ method: 'POST', url: '/oidc/token?x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' });
    assert.deepEqual([form.statusCode, form.body], [200, 'from idp']);
    const root = await app.inject({ method: 'GET', url: '/oidc' });
    assert.equal(root.statusCode, 200);
    assert.deepEqual(seen, [
      { url: '/oidc/token?x=1', method: 'POST', body: 'grant_type=client_credentials' },
      { url: '/oidc', method: 'GET', body: '' },
    ]);
  } finally {
    await app.close();
  }
});
