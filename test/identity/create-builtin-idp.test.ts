/**
 * The built-in IdP end to end on a plain node:http server (mounted under /oidc as the server will):
 * discovery, client_credentials, authorization code + PKCE driven like a browser, refresh rotation, the
 * device flow, and keys that survive a restart. Every access token is checked with createTokenVerifier.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBuiltinIdp, createTokenVerifier, type TokenVerifier } from '../../src/identity/index.js';
import { idpSigningKey, sign } from './token-forge.js';
import { browse, CookieJar, submitForm, loginWithPassword, peekClaims, pkcePair, startIdp, tokenRequest, type RunningIdp } from './idp-harness.js';

const PASSWORD = 'correct horse battery staple';
const REDIRECT = 'http://127.0.0.1:53123/callback';

describe('built-in IdP', () => {
  let r: RunningIdp;
  let verifier: TokenVerifier;
  let sa: { clientId: string; clientSecret: string };

  before(async () => {
    r = await startIdp();
    verifier = createTokenVerifier({ issuers: [r.idp.issuerConfig()] });
    await r.idp.createUser({ username: 'alice', password: PASSWORD, groups: ['dev', 'ops'], email: 'alice@example.com' });
    sa = await r.idp.createServiceAccountClient({ clientId: 'ci-bot', namespace: 'team-a', name: 'ci' });
  });

  after(async () => {
    assert.deepEqual(r.errors, []);
    await r.close();
  });

  test('publishes discovery and a JWKS of public keys under the /oidc mount path', async () => {
    assert.equal(r.issuer, `${r.serverUrl}/oidc`);
    const doc = await (await fetch(`${r.issuer}/.well-known/openid-configuration`)).json() as Record<string, unknown>;
    assert.equal(doc.issuer, r.issuer);
    assert.equal(doc.authorization_endpoint, `${r.issuer}/auth`);
    assert.equal(doc.token_endpoint, `${r.issuer}/token`);
    assert.equal(doc.jwks_uri, `${r.issuer}/jwks`);
    assert.equal(doc.device_authorization_endpoint, `${r.issuer}/device/auth`);
    assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(new Set(doc.grant_types_supported as string[]),
      new Set(['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code']));
    const jwks = await (await fetch(`${r.issuer}/jwks`)).json() as { keys: Array<Record<string, unknown>> };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]!.alg, 'ES256');
    assert.equal('d' in jwks.keys[0]!, false);
    assert.deepEqual(jwks, r.idp.issuerConfig().jwks);
  });

  test('answers 404 outside its mount path', async () => {
    const missing: string[] = [];
    r.idp.handle({ url: '/api/v1/info', method: 'GET', headers: {} } as never, {
      writeHead: (status: number) => { missing.push(String(status)); return { end: () => {} }; },
      end: () => {},
    } as never);
    assert.deepEqual(missing, ['404']);
  });

  test('client_credentials: a service account gets a 10-minute JWT for audience keyflow', async () => {
    const basic = Buffer.from(`${sa.clientId}:${sa.clientSecret}`).toString('base64');
    const { status, body } = await tokenRequest(r.issuer, { grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 600);
    assert.equal(body.refresh_token, undefined);
    const token = body.access_token as string;
    assert.equal(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).typ, 'at+jwt');
    const principal = await verifier.verify(token);
    assert.deepEqual({ ...principal, claims: undefined }, {
      issuer: r.issuer, subject: 'ci-bot', username: 'ci-bot', groups: [], kind: 'serviceaccount', claims: undefined,
    });
    const claims = principal.claims;
    assert.equal(claims.aud, 'keyflow');
    assert.equal(claims.client_id, 'ci-bot');
    assert.equal((claims.exp as number) - (claims.iat as number), 600);
    assert.deepEqual(claims.keyflow_serviceaccount, { namespace: 'team-a', name: 'ci' });
  });

  test('client_credentials: client_secret_post works and a wrong secret is invalid_client', async () => {
    const ok = await tokenRequest(r.issuer, { grant_type: 'client_credentials', client_id: sa.clientId, client_secret: sa.clientSecret });
    assert.equal(ok.status, 200);
    const bad = await tokenRequest(r.issuer, { grant_type: 'client_credentials', client_id: sa.clientId, client_secret: `${sa.clientSecret}x` });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_client');
    const unknown = await tokenRequest(r.issuer, { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' });
    assert.equal(unknown.body.error, 'invalid_client');
  });

  test('the store keeps only a hash of a service account\'s secret', async () => {
    const stored = await r.store.getResource('oidc/Client', '', 'ci-bot');
    const text = JSON.stringify(stored?.manifest);
    assert.ok(!text.includes(sa.clientSecret));
    assert.match((stored?.manifest.payload as { client_secret: string }).client_secret, /^sha256:[0-9a-f]{64}$/);
  });

  test('authorization code + PKCE: a user signs in through the form and gets tokens with groups', async () => {
    const { verifier: codeVerifier, challenge } = pkcePair();
    const login = await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge, redirectUri: REDIRECT });
    assert.ok(login.code, `no code (HTTP ${login.response.status})`);
    const { status, body } = await tokenRequest(r.issuer, {
      grant_type: 'authorization_code', code: login.code, redirect_uri: REDIRECT, client_id: 'keyflow-cli', code_verifier: codeVerifier,
    });
    assert.equal(status, 200);
    assert.equal(typeof body.refresh_token, 'string');
    assert.equal(peekClaims(body.id_token as string).sub, 'alice');
    const principal = await verifier.verify(body.access_token as string);
    assert.equal(principal.username, 'alice');
    assert.deepEqual(principal.groups, ['dev', 'ops']);
    assert.equal(principal.kind, 'user');
    assert.equal(principal.claims.client_id, 'keyflow-cli');
    assert.equal((principal.claims.exp as number) - (principal.claims.iat as number), 600);
  });

  test('authorization code: a wrong code_verifier is invalid_grant, and a redeemed code cannot be replayed', async () => {
    const { verifier: codeVerifier, challenge } = pkcePair();
    const login = await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge, redirectUri: REDIRECT });
    const exchange = (v: string) => tokenRequest(r.issuer, { grant_type: 'authorization_code', code: login.code!, redirect_uri: REDIRECT, client_id: 'keyflow-cli', code_verifier: v });
    const wrong = await exchange(pkcePair().verifier);
    assert.equal(wrong.body.error, 'invalid_grant');
    assert.equal(wrong.body.error_description, 'grant request is invalid');
    assert.equal((await exchange(codeVerifier)).status, 200);
    const replay = await exchange(codeVerifier);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
  });

  test('an ID token, or any JWT of the IdP without typ at+jwt, is not accepted as an access token', async () => {
    const { verifier: codeVerifier, challenge } = pkcePair();
    const login = await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge, redirectUri: REDIRECT });
    const { body } = await tokenRequest(r.issuer, { grant_type: 'authorization_code', code: login.code!, redirect_uri: REDIRECT, client_id: 'keyflow-cli', code_verifier: codeVerifier });
    await assert.rejects(verifier.verify(body.id_token as string), { code: 'ERR_AUTH_INVALID_TOKEN' });
    const key = await idpSigningKey(r.store);
    const forged = await sign(key, { iss: r.issuer, aud: 'keyflow', sub: 'alice' }, { typ: 'JWT' });
    await assert.rejects(verifier.verify(forged), {
      code: 'ERR_AUTH_INVALID_TOKEN', message: `invalid bearer token: its "typ" header is "JWT"; issuer ${r.issuer} issues "at+jwt" access tokens`,
    });
    assert.equal((await verifier.verify(await sign(key, { iss: r.issuer, aud: 'keyflow', sub: 'alice' }))).username, 'alice');
  });

  test('a signed-in browser gets the next code without the form (first-party consent is automatic)', async () => {
    const jar = new CookieJar();
    assert.ok((await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge: pkcePair().challenge, jar })).code);
    const posts = r.requests.filter((line) => line.endsWith('/login')).length;
    const again = await loginWithPassword(r.issuer, { username: 'unused', password: 'unused', challenge: pkcePair().challenge, jar });
    assert.ok(again.code);
    assert.equal(r.requests.filter((line) => line.endsWith('/login')).length, posts);
  });

  test('a NUL character in a request parameter is invalid_request, not a server error', async () => {
    const auth = new URL(`${r.issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: 'keyflow-cli', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid', state: 'a\u0000b',
      code_challenge: pkcePair().challenge, code_challenge_method: 'S256',
    }).toString();
    const response = await browse(new CookieJar(), auth.href);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('error_description'), 'request parameters must not contain NUL characters');
  });

  test('PKCE is required: an authorization request without code_challenge is refused', async () => {
    const auth = new URL(`${r.issuer}/auth`);
    auth.search = new URLSearchParams({ client_id: 'keyflow-cli', response_type: 'code', redirect_uri: REDIRECT, scope: 'openid' }).toString();
    const response = await browse(new CookieJar(), auth.href);
    assert.equal(response.status, 303);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('error_description'), 'Authorization Server policy requires PKCE to be used for this request');
  });

  test('keyflow-cli accepts any loopback port (RFC 8252) but no other redirect host', async () => {
    const { challenge } = pkcePair();
    const other = await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge, redirectUri: 'http://127.0.0.1:61999/callback' });
    assert.ok(other.code);
    const evil = await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge, redirectUri: 'http://evil.example/callback' });
    assert.equal(evil.code, undefined);
    assert.equal(evil.response.status, 400);
    assert.match(await evil.response.text(), /redirect_uri did not match any of the client&#39;s registered redirect_uris/);
  });

  test('keyflow-ui signs in with its ${serverUrl}/oauth2/callback redirect', async () => {
    const { verifier: codeVerifier, challenge } = pkcePair();
    const redirectUri = `${r.serverUrl}/oauth2/callback`;
    const login = await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge, clientId: 'keyflow-ui', redirectUri, scope: 'openid' });
    const { body } = await tokenRequest(r.issuer, { grant_type: 'authorization_code', code: login.code!, redirect_uri: redirectUri, client_id: 'keyflow-ui', code_verifier: codeVerifier });
    assert.equal((await verifier.verify(body.access_token as string)).claims.client_id, 'keyflow-ui');
  });

  test('refresh tokens rotate: the old one is refused after use, and reusing it revokes the new one', async () => {
    const { verifier: codeVerifier, challenge } = pkcePair();
    const login = await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge, redirectUri: REDIRECT });
    const first = (await tokenRequest(r.issuer, { grant_type: 'authorization_code', code: login.code!, redirect_uri: REDIRECT, client_id: 'keyflow-cli', code_verifier: codeVerifier })).body;
    const refresh = (token: unknown) => tokenRequest(r.issuer, { grant_type: 'refresh_token', refresh_token: String(token), client_id: 'keyflow-cli' });
    const second = await refresh(first.refresh_token);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, first.refresh_token);
    assert.deepEqual((await verifier.verify(second.body.access_token as string)).groups, ['dev', 'ops']);
    const reused = await refresh(first.refresh_token);
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');
    const revoked = await refresh(second.body.refresh_token);
    assert.equal(revoked.body.error, 'invalid_grant');
  });

  test('logout: revoking the refresh token (RFC 7009) ends the CLI\'s session', async () => {
    const { verifier: codeVerifier, challenge } = pkcePair();
    const login = await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge, redirectUri: REDIRECT });
    const tokens = (await tokenRequest(r.issuer, { grant_type: 'authorization_code', code: login.code!, redirect_uri: REDIRECT, client_id: 'keyflow-cli', code_verifier: codeVerifier })).body;
    const revoke = await fetch(`${r.issuer}/token/revocation`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: String(tokens.refresh_token), token_type_hint: 'refresh_token', client_id: 'keyflow-cli' }).toString(),
    });
    assert.equal(revoke.status, 200);
    const refreshed = await tokenRequest(r.issuer, { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: 'keyflow-cli' });
    assert.equal(refreshed.body.error, 'invalid_grant');
  });

  test('device flow: the CLI polls while the user enters the code and signs in', async () => {
    const start = await fetch(`${r.issuer}/device/auth`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'keyflow-cli', scope: 'openid offline_access' }).toString(),
    });
    const device = await start.json() as Record<string, string>;
    assert.equal(device.verification_uri, `${r.issuer}/device`);
    const poll = () => tokenRequest(r.issuer, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code!, client_id: 'keyflow-cli' });
    assert.equal((await poll()).body.error, 'authorization_pending');

    const jar = new CookieJar();
    const inputPage = await (await browse(jar, device.verification_uri!)).text();
    assert.doesNotMatch(inputPage, /https?:\/\/(?!127\.0\.0\.1)/);
    // Enter the code, confirm it, then sign in: each page is a form whose hidden fields (xsrf) go back.
    let response = await submitForm(jar, r.issuer, inputPage, { user_code: device.user_code! });
    const confirmPage = await response.text();
    assert.match(confirmPage, new RegExp(`<code>${device.user_code}</code>`));
    response = await submitForm(jar, r.issuer, confirmPage, {});
    response = await browse(jar, new URL(response.headers.get('location')!, r.issuer).href);
    response = await submitForm(jar, r.issuer, await response.text(), { username: 'alice', password: PASSWORD });
    for (let hops = 0; response.status === 303 && hops < 5; hops++) {
      response = await browse(jar, new URL(response.headers.get('location')!, r.issuer).href);
    }
    assert.match(await response.text(), /Device signed in/);
    const { status, body } = await poll();
    assert.equal(status, 200);
    assert.equal((await verifier.verify(body.access_token as string)).username, 'alice');
  });

  test('keys and cookie secrets survive a restart on the same store', async () => {
    const again = await createBuiltinIdp({ store: r.store, serverUrl: r.serverUrl, dataDir: '/nonexistent' });
    try {
      assert.deepEqual(again.issuerConfig(), r.idp.issuerConfig());
      const { body } = await tokenRequest(r.issuer, { grant_type: 'client_credentials', client_id: sa.clientId, client_secret: sa.clientSecret });
      const restarted = createTokenVerifier({ issuers: [again.issuerConfig()] });
      assert.equal((await restarted.verify(body.access_token as string)).subject, 'ci-bot');
    } finally {
      await again.close();
    }
  });

  test('refuses a serverUrl with a path, query or credentials', async () => {
    for (const serverUrl of ['https://k.example.com/keyflow', 'https://k.example.com?x=1', 'https://u:p@k.example.com', 'ftp://k.example.com', 'nope']) {
      await assert.rejects(createBuiltinIdp({ store: r.store, serverUrl, dataDir: '' }), {
        name: 'TypeError',
        message: 'createBuiltinIdp: serverUrl must be an http(s) origin without path, query or credentials, e.g. https://keyflow.example.com',
      });
    }
  });
});
