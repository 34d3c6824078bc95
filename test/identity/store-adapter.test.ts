/**
 * The oidc-provider adapter over the store, on SQLite and (when reachable) PostgreSQL: the contract of
 * oidc-provider's example adapter (upsert/find/consume/destroy/revokeByGrantId/findByUid/findByUserCode),
 * with expiry by an injected clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStoreAdapters } from '../../src/identity/store-adapter.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createPgTestDatabase, reportPgUnavailable, type PgTestDatabase } from '../store/pg-database.js';

function adapterContract(label: string, open: () => Promise<Store>): void {
  describe(`oidc adapter on ${label}`, () => {
    let store: Store;
    let clock = 1_800_000_000_000;
    const adapters = () => createStoreAdapters(store, () => clock);

    before(async () => { store = await open(); });
    after(async () => { await store.close(); });

    test('upsert then find returns the payload; an unknown id is undefined', async () => {
      const codes = adapters().factory('AuthorizationCode');
      await codes.upsert('c1', { accountId: 'alice', clientId: 'keyflow-cli', grantId: 'g1', exp: 1 }, 60);
      assert.deepEqual(await codes.find('c1'), { accountId: 'alice', clientId: 'keyflow-cli', grantId: 'g1', exp: 1 });
      assert.equal(await codes.find('nope'), undefined);
    });

    test('an expired entry is invisible and deleted with its indexes when looked up', async () => {
      const sessions = adapters().factory('Session');
      await sessions.upsert('s-old', { uid: 'u-old', accountId: 'alice' }, 10);
      clock += 11_000;
      assert.equal(await sessions.find('s-old'), undefined);
      assert.equal(await store.getResource('oidc/Session', '', 's-old'), undefined);
      assert.equal(await store.getResource('oidc/Session#uid', '', 'u-old'), undefined);
    });

    test('an entry without expiresIn never expires', async () => {
      const clients = adapters().factory('Client');
      await clients.upsert('forever', { client_id: 'forever' });
      clock += 10 * 365 * 86_400_000;
      assert.deepEqual(await clients.find('forever'), { client_id: 'forever' });
    });

    test('consume marks the entry consumed and keeps the rest', async () => {
      const tokens = adapters().factory('RefreshToken');
      await tokens.upsert('rt1', { accountId: 'alice', grantId: 'g2' }, 600);
      await tokens.consume('rt1');
      const found = await tokens.find('rt1');
      assert.equal(found?.accountId, 'alice');
      assert.equal(found?.consumed, Math.floor(clock / 1000));
      await tokens.consume('missing');
    });

    test('findByUid and findByUserCode go through their indexes and re-check the target', async () => {
      const set = adapters();
      const sessions = set.factory('Session');
      await sessions.upsert('s1', { uid: 'u1', accountId: 'alice' }, 600);
      assert.equal((await sessions.findByUid('u1'))?.accountId, 'alice');
      assert.equal(await sessions.findByUid('u-unknown'), undefined);
      // The session id rotates (new jti) but the uid stays: the index follows the newest entry.
      await sessions.upsert('s2', { uid: 'u1', accountId: 'alice', loginTs: 5 }, 600);
      await sessions.destroy('s1');
      assert.equal((await sessions.findByUid('u1'))?.loginTs, 5);
      const devices = set.factory('DeviceCode');
      await devices.upsert('d1', { userCode: 'ABCD-EFGH', clientId: 'keyflow-cli' }, 600);
      assert.equal((await devices.findByUserCode('ABCD-EFGH'))?.clientId, 'keyflow-cli');
      await devices.destroy('d1');
      assert.equal(await devices.findByUserCode('ABCD-EFGH'), undefined);
    });

    test('revokeByGrantId destroys every entry of the grant and nothing else', async () => {
      const tokens = adapters().factory('RefreshToken');
      await tokens.upsert('a1', { grantId: 'gA' }, 600);
      await tokens.upsert('a2', { grantId: 'gA' }, 600);
      await tokens.upsert('b1', { grantId: 'gB' }, 600);
      await tokens.revokeByGrantId('gA');
      assert.equal(await tokens.find('a1'), undefined);
      assert.equal(await tokens.find('a2'), undefined);
      assert.deepEqual(await tokens.find('b1'), { grantId: 'gB' });
      assert.deepEqual(await store.listResources({ kind: 'oidc/RefreshToken#grant', namespace: 'gA' }), []);
    });

    test('sweepExpired deletes expired entries and index entries of every model in use', async () => {
      const set = adapters();
      const interactions = set.factory('Interaction');
      const sessions = set.factory('Session');
      await interactions.upsert('i1', { uid: 'x' }, 5);
      await sessions.upsert('s9', { uid: 'u9' }, 5);
      await sessions.upsert('s10', { uid: 'u10' }, 5000);
      clock += 6000;
      // i1, s9 and the uid index entry of s9 (only sessions are indexed by uid).
      assert.equal(await set.sweepExpired(), 3);
      assert.equal(await store.getResource('oidc/Interaction', '', 'i1'), undefined);
      assert.equal((await sessions.find('s10'))?.uid, 'u10');
      assert.equal(await set.sweepExpired(), 0);
    });

    test('a second adapter set on the same store (another replica) sees the same entries', async () => {
      await adapters().factory('Grant').upsert('g-shared', { accountId: 'alice', clientId: 'keyflow-cli' }, 600);
      assert.equal((await adapters().factory('Grant').find('g-shared'))?.accountId, 'alice');
    });
  });
}

adapterContract('SQLite', () => openStore({ sqlitePath: ':memory:' }));

const pg = await createPgTestDatabase();
if ('unavailable' in pg) {
  reportPgUnavailable(pg.unavailable);
} else {
  const db: PgTestDatabase = pg;
  after(() => db.drop());
  adapterContract('PostgreSQL', () => openStore({ url: db.url }));
}
