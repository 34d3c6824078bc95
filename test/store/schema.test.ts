import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, test } from 'node:test';
import { dumpSchema } from '../../src/store/dump-schema.js';
import { migrate } from '../../src/store/migrate.js';
import { openBackend } from '../../src/store/open-backend.js';
import { createPgTestDatabase, reportPgUnavailable } from './pg-database.js';

const HOW_TO_FIX = 'the migrations changed the schema: run `node --import tsx scripts/dump-schema.ts` and commit the new dump';

async function migratedDump(options: { url?: string; sqlitePath?: string }): Promise<string> {
  const backend = await openBackend(options);
  try {
    await migrate(backend);
    return await dumpSchema(backend);
  } finally {
    await backend.close();
  }
}

async function committed(dialect: string): Promise<string> {
  return readFile(new URL(`../../src/store/schema.${dialect}.sql`, import.meta.url), 'utf8');
}

test('src/store/schema.sqlite.sql is the schema the SQLite migrations produce', async () => {
  assert.equal(await migratedDump({ sqlitePath: ':memory:' }), await committed('sqlite'), HOW_TO_FIX);
});

const pg = await createPgTestDatabase();
if ('unavailable' in pg) {
  reportPgUnavailable(pg.unavailable);
} else {
  after(() => pg.drop());
  test('src/store/schema.postgres.sql is the schema the PostgreSQL migrations produce', async () => {
    assert.equal(await migratedDump({ url: pg.url }), await committed('postgres'), HOW_TO_FIX);
  });
}
