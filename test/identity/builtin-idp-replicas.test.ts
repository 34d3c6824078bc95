/**
 * Two built-in IdP replicas on one PostgreSQL behind one address, requests dealt round-robin as a load
 * balancer would: they start together (one key set wins), bootstrap once, and a login begun on one
 * replica finishes on the other; refresh tokens rotate across them.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createBuiltinIdp, createTokenVerifier, type BuiltinIdp } from '../../src/identity/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createPgTestDatabase, reportPgUnavailable, type PgTestDatabase } from '../store/pg-database.js';
import { listen, loginWithPassword, pkcePair, tokenRequest } from './idp-harness.js';

const pg = await createPgTestDatabase();
if ('unavailable' in pg) {
  reportPgUnavailable(pg.unavailable);
} else {
  const db: PgTestDatabase = pg;
  describe('built-in IdP replicas on PostgreSQL', () => {
    const stores: Store[] = [];
    const replicas: BuiltinIdp[] = [];
    const served: number[] = [0, 0];
    const errors: Error[] = [];
    const server = createServer((req, res) => {
      const i = (served[0]! + served[1]!) % 2;
      served[i]!++;
      replicas[i]!.handle(req, res);
    });
    let serverUrl = '';
    let issuer = '';

    before(async () => {
      serverUrl = await listen(server);
      stores.push(await openStore({ url: db.url }), await openStore({ url: db.url }));
      replicas.push(...await Promise.all(stores.map((store) => createBuiltinIdp({ store, serverUrl, dataDir: '', onError: (e) => errors.push(e) }))));
      issuer = replicas[0]!.issuer;
    });

    after(async () => {
      await Promise.all(replicas.map((idp) => idp.close()));
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
      await Promise.all(stores.map((store) => store.close()));
      await db.drop();
    });

    test('replicas started together share one signing key', () => {
      assert.deepEqual(replicas[0]!.issuerConfig(), replicas[1]!.issuerConfig());
    });

    test('bootstrap runs once across replicas', async () => {
      const results = await Promise.all(replicas.map((idp) => idp.bootstrap({ password: 'admin-password-1' })));
      assert.deepEqual(results.map((r) => r.adminCreated).sort(), [false, true]);
    });

    test('a login begun on one replica finishes on the other, and refresh rotates across them', async () => {
      const { verifier: codeVerifier, challenge } = pkcePair();
      const redirectUri = 'http://127.0.0.1:40000/callback';
      const before = [...served];
      const login = await loginWithPassword(issuer, { username: 'admin', password: 'admin-password-1', challenge, redirectUri });
      assert.ok(login.code, `no code (HTTP ${login.response.status})`);
      assert.ok(served[0]! > before[0]! && served[1]! > before[1]!);
      const first = (await tokenRequest(issuer, { grant_type: 'authorization_code', code: login.code, redirect_uri: redirectUri, client_id: 'keyflow-cli', code_verifier: codeVerifier })).body;
      const verifier = createTokenVerifier({ issuers: [replicas[1]!.issuerConfig()] });
      assert.deepEqual((await verifier.verify(first.access_token as string)).groups, ['keyflow:admins']);
      const refresh = (token: unknown) => tokenRequest(issuer, { grant_type: 'refresh_token', refresh_token: String(token), client_id: 'keyflow-cli' });
      const second = await refresh(first.refresh_token);
      assert.equal(second.status, 200);
      assert.equal((await refresh(first.refresh_token)).body.error, 'invalid_grant');
      assert.equal((await refresh(second.body.refresh_token)).body.error, 'invalid_grant');
    });

    test('a service account created on one replica gets tokens from the other', async () => {
      const sa = await replicas[0]!.createServiceAccountClient({ clientId: 'shared-bot', namespace: 'default', name: 'bot' });
      for (let i = 0; i < 2; i++) {
        const { status } = await tokenRequest(issuer, { grant_type: 'client_credentials', client_id: sa.clientId, client_secret: sa.clientSecret });
        assert.equal(status, 200);
      }
      assert.deepEqual(errors, []);
    });
  });
}
