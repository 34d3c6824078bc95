import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { dumpSchema } from '../../src/store/dump-schema.js';
import { openBackend } from '../../src/store/open-backend.js';
import { redactUrl } from '../../src/store/redact-url.js';
import { registerStoreContract, type FreshDatabase } from './contract.js';
import { createPgTestDatabase, reportPgUnavailable, type PgTestDatabase } from './pg-database.js';

describe('PostgreSQL store without a server', () => {
  test('an unreachable server fails with ERR_STORE_UNAVAILABLE and the password never reaches the message', async () => {
    const url = 'postgres://keyflow:s3cret-pw@127.0.0.1:1/kf?sslpassword=also-secret';
    const err = await openStore({ url }).then(() => assert.fail('opened'), (e: unknown) => e as Error & { code: string });
    assert.equal(err.name, 'StoreError');
    assert.equal(err.code, 'ERR_STORE_UNAVAILABLE');
    assert.equal(err.message, 'cannot connect to PostgreSQL at postgres://keyflow@127.0.0.1:1/kf: connect ECONNREFUSED 127.0.0.1:1');
    assert.doesNotMatch(err.message, /s3cret|also-secret/);
  });
});

function pgDatabase(db: PgTestDatabase): FreshDatabase {
  return {
    location: redactUrl(db.url),
    open: () => openStore({ url: db.url }),
    query: async (statement) => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query(statement)).rows as Array<Record<string, unknown>>;
      } finally {
        await client.end();
      }
    },
    schema: async () => {
      const backend = await openBackend({ url: db.url });
      try {
        return await dumpSchema(backend);
      } finally {
        await backend.close();
      }
    },
    dispose: () => db.drop(),
  };
}

const shared = await createPgTestDatabase();
if ('unavailable' in shared) {
  reportPgUnavailable(shared.unavailable);
} else {
  after(() => shared.drop());
  registerStoreContract('PostgreSQL', {
    dialect: 'postgres',
    location: redactUrl(shared.url),
    open: (options) => openStore({ url: shared.url, ...options }),
    freshDatabase: async () => {
      const fresh = await createPgTestDatabase();
      if ('unavailable' in fresh) throw new Error(fresh.unavailable);
      return pgDatabase(fresh);
    },
  });

  describe('PostgreSQL store', () => {
    test('a database that does not exist fails with ERR_STORE_UNAVAILABLE naming it', async () => {
      const url = new URL(shared.url);
      url.pathname = '/kf_no_such_database';
      await assert.rejects(openStore({ url: url.toString() }), {
        name: 'StoreError', code: 'ERR_STORE_UNAVAILABLE',
        message: `cannot connect to PostgreSQL at ${redactUrl(url.toString())}: database "kf_no_such_database" does not exist`,
      });
    });

    test('times come back as ISO-8601 strings whatever the session time zone', async (t) => {
      const url = new URL(shared.url);
      url.searchParams.set('options', '-c TimeZone=Asia/Kolkata');
      const store = await openStore({ url: url.toString() });
      t.after(() => store.close());
      const resource = await store.putResource({ kind: 'Role', namespace: 'tz', name: 'r', manifest: {} });
      assert.match(resource.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });
  });
}
