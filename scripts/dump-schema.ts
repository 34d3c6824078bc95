/**
 * Regenerates the committed schema dumps src/store/schema.sqlite.sql and src/store/schema.postgres.sql
 * from the migrations. The PostgreSQL dump needs a server: KEYFLOW_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test; its server's `postgres` database is used when that database
 * does not exist) and is skipped with a message when none is reachable.
 *
 *   node --import tsx scripts/dump-schema.ts
 */
import { writeFile } from 'node:fs/promises';
import { dumpSchema } from '../src/store/dump-schema.js';
import { migrate } from '../src/store/migrate.js';
import { openBackend } from '../src/store/open-backend.js';
import { createPgTestDatabase } from '../test/store/pg-database.js';

async function dumpTo(file: URL, options: { url?: string; sqlitePath?: string }): Promise<void> {
  const backend = await openBackend(options);
  try {
    await migrate(backend);
    await writeFile(file, await dumpSchema(backend));
    console.log(`wrote ${file.pathname}`);
  } finally {
    await backend.close();
  }
}

await dumpTo(new URL('../src/store/schema.sqlite.sql', import.meta.url), { sqlitePath: ':memory:' });
const pg = await createPgTestDatabase();
if ('unavailable' in pg) {
  console.error(`schema.postgres.sql not regenerated: ${pg.unavailable}`);
  process.exitCode = 1;
} else {
  try {
    await dumpTo(new URL('../src/store/schema.postgres.sql', import.meta.url), { url: pg.url });
  } finally {
    await pg.drop();
  }
}
