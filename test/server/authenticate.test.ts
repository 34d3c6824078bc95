import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair } from 'jose';
import { startTestServer, AUDIENCE, ISSUER, type TestServer } from './fixture.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url, headers });

function errorOf(res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }) {
  const body = res.json() as { code: number; message: string; details: { reason?: string }[] };
  return { status: res.statusCode, code: body.code, message: body.message, reason: body.details[0]?.reason, challenge: res.headers['www-authenticate'] };
}

test('an /api request without a token is 401 Unauthenticated with a Bearer challenge', async () => {
  assert.deepEqual(errorOf(await get('/api/v1/workflows/default')), {
    status: 401, code: 16, reason: 'ERR_SERVER_UNAUTHENTICATED', challenge: 'Bearer realm="keyflow"',
    message: 'this request needs a bearer token: send Authorization: Bearer <token> (get one with keyflow login)',
  });
});

test('a malformed Authorization header is 401 and says what is expected', async () => {
  for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Bearer <script>']) {
    assert.deepEqual(errorOf(await get('/api/v1/info', { authorization: header })), {
      status: 401, code: 16, reason: 'ERR_SERVER_UNAUTHENTICATED', challenge: 'Bearer realm="keyflow", error="invalid_token"',
      message: "malformed Authorization header: expected 'Bearer <token>'",
    }, header);
  }
});

test('a token signed by another key is 401 with the verifier\'s reason', async () => {
  const { privateKey } = await generateKeyPair('ES256');
  const forged = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'test-key' }).setIssuer(ISSUER).setAudience(AUDIENCE)
    .setSubject('mallory').setExpirationTime('5m').sign(privateKey);
  assert.deepEqual(errorOf(await get('/api/v1/userinfo', { authorization: `Bearer ${forged}` })), {
    status: 401, code: 16, reason: 'ERR_AUTH_INVALID_TOKEN', challenge: 'Bearer realm="keyflow", error="invalid_token"',
    message: `invalid bearer token: signature does not verify with the keys of issuer ${ISSUER}`,
  });
});

test('an expired token, a wrong audience and an unknown issuer are each refused with 401', async () => {
  const expired = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'test-key' }).setIssuer(ISSUER).setAudience(AUDIENCE)
    .setSubject('alice').setIssuedAt(1_000_000).setExpirationTime(1_000_600).sign(s.keys.privateKey);
  const res = errorOf(await get('/api/v1/info', { authorization: `Bearer ${expired}` }));
  assert.deepEqual([res.status, res.code, res.reason, res.message], [401, 16, 'ERR_AUTH_EXPIRED', 'bearer token expired at 1970-01-12T13:56:40.000Z']);
  const wrongAud = errorOf(await get('/api/v1/info', { authorization: `Bearer ${await s.keys.token('alice', { aud: 'other' })}` }));
  assert.deepEqual([wrongAud.status, wrongAud.reason, wrongAud.message], [401, 'ERR_AUTH_AUDIENCE', 'bearer token audience "other" does not include "keyflow"']);
  const otherIssuer = errorOf(await get('/api/v1/info', { authorization: `Bearer ${await s.keys.token('alice', { iss: 'https://evil.test' })}` }));
  assert.deepEqual([otherIssuer.status, otherIssuer.reason, otherIssuer.message], [401, 'ERR_AUTH_UNKNOWN_ISSUER', 'bearer token issuer "https://evil.test" is not a configured issuer']);
});

test('a refused token changes nothing: no workflow is created', async () => {
  const res = await s.app.inject({ method: 'POST', url: '/api/v1/workflows/default', headers: { authorization: 'Bearer not.a.jwt', 'content-type': 'application/json' },
    payload: JSON.stringify({ workflow: { metadata: { name: 'sneaky' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'x', command: ['true'] } }] } } }) });
  assert.equal(res.statusCode, 401);
  assert.equal(await s.store.getRun('default', 'sneaky'), undefined);
});

test('an unknown /api path without a token is 401, not 404 (routes are not revealed)', async () => {
  assert.equal((await get('/api/v1/no-such-thing')).statusCode, 401);
  const found = errorOf(await get('/api/v1/no-such-thing', s.auth));
  assert.deepEqual([found.status, found.code, found.message], [404, 5, 'no route for GET /api/v1/no-such-thing']);
});

test('a valid token reaches the route and becomes the principal /api/v1/userinfo shows', async () => {
  const res = await get('/api/v1/userinfo', { authorization: `Bearer ${await s.keys.token('bob', { groups: ['ops', 'dev'] })}` });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { issuer: ISSUER, subject: 'bob', username: 'bob', groups: ['ops', 'dev'], kind: 'user' });
});

test('the scheme is case-insensitive (RFC 7235) and surrounding spaces are ignored', async () => {
  const token = await s.keys.token();
  assert.equal((await get('/api/v1/info', { authorization: `bearer ${token}` })).statusCode, 200);
  assert.equal((await get('/api/v1/info', { authorization: `  Bearer  ${token} ` })).statusCode, 200);
});

test('health checks are public; other paths outside /api are plain 404s', async () => {
  const live = await get('/healthz');
  assert.deepEqual([live.statusCode, live.body], [200, 'ok']);
  const ready = await get('/readyz');
  assert.deepEqual([ready.statusCode, ready.body], [200, 'ok']);
  const other = errorOf(await get('/favicon.ico'));
  assert.deepEqual([other.status, other.code, other.message], [404, 5, 'no route for GET /favicon.ico']);
});

test('API responses are not cacheable and never sniffed', async () => {
  const res = await get('/api/v1/info', s.auth);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
});

test('a verifier that fails unexpectedly fails closed with 401', async () => {
  const { buildServer } = await import('../../src/server/index.js');
  const app = await buildServer({ controller: s.controller, store: s.store, executor: s.executor, dataDir: s.dataDir,
    verifier: { verify: async () => { throw new Error('jwks cache corrupted'); } } });
  try {
    const res = errorOf(await app.inject({ method: 'GET', url: '/api/v1/info', headers: s.auth }));
    assert.deepEqual([res.status, res.code, res.reason, res.message], [401, 16, 'ERR_SERVER_UNAUTHENTICATED', 'the bearer token could not be verified']);
  } finally {
    await app.close();
  }
});
