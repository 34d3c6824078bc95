import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { listRoutes, ROUTE_TABLE } from '../../src/server/index.js';
import { startTestServer, type TestServer } from './fixture.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

test('every /api route the server registered declares an action', () => {
  const api = listRoutes(s.app).filter((r) => r.url.startsWith('/api/'));
  assert.ok(api.length >= ROUTE_TABLE.filter((e) => e.url.startsWith('/api/')).length);
  assert.deepEqual(api.filter((r) => !r.action).map((r) => `${r.method} ${r.url}`), []);
  for (const r of api) assert.match(r.action ?? '', /^[a-z]+:[a-z]+$/);
});

test('the registered routes are exactly the route table (plus HEAD twins of GET routes)', () => {
  const registered = listRoutes(s.app).filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/oidc'))
    .map((r) => `${r.method} ${r.url} ${r.action ?? '-'}`).sort();
  const table = ROUTE_TABLE.map((e) => `${e.method} ${e.url} ${e.action}`).sort();
  assert.deepEqual(registered, table);
});

test('only the health checks are public among the table routes', () => {
  assert.deepEqual(ROUTE_TABLE.filter((e) => e.public).map((e) => e.url), ['/healthz', '/readyz']);
  const publicApi = listRoutes(s.app).filter((r) => r.public && r.url.startsWith('/api/'));
  assert.deepEqual(publicApi, []);
});

test('no two table entries share a method and url', () => {
  const keys = ROUTE_TABLE.map((e) => `${e.method} ${e.url}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('an /api route registered without an action is refused when it is added', async () => {
  const fresh = await startTestServer();
  try {
    assert.throws(() => fresh.app.get('/api/v1/sneaky', async () => ({})), {
      name: 'TypeError', message: 'route GET /api/v1/sneaky has no action: declare it in route-table.ts',
    });
  } finally {
    await fresh.close();
  }
});
