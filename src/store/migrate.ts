import { readdir, readFile } from 'node:fs/promises';
import type { Backend, Db } from './backend.js';
import { StoreError } from './errors.js';

/**
 * Schema migrations, graphile-worker style: plain numbered SQL files in `migrations/<dialect>/`
 * (`0001_initial.sql`, ...), applied in order, each in its own transaction together with the row in
 * `migrations` that records it. Every transaction first takes the migration lock (a PostgreSQL advisory
 * lock; BEGIN IMMEDIATE on SQLite) and re-reads `migrations`, so processes starting at once apply each
 * file exactly once and the others wait, then find nothing left to do.
 */
export interface Migration {
  version: number;
  file: string;
  script: string;
}

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Applies every pending migration; a no-op (one short transaction) when the schema is current. */
export async function migrate(backend: Backend): Promise<void> {
  const migrations = await loadMigrations(backend.dialect);
  while (await applyNext(backend, migrations)) { /* one migration per transaction */ }
}

/** The migration files of `dialect`, ordered by version; ERR_STORE_MIGRATION when numbering has gaps. */
export async function loadMigrations(dialect: Backend['dialect']): Promise<Migration[]> {
  const folder = new URL(`./migrations/${dialect}/`, import.meta.url);
  const files = (await readdir(folder)).filter((f) => MIGRATION_FILE.test(f)).sort();
  const migrations: Migration[] = [];
  for (const [index, file] of files.entries()) {
    const version = Number(MIGRATION_FILE.exec(file)?.[1]);
    if (version !== index + 1) {
      throw new StoreError('ERR_STORE_MIGRATION', `migration ${file} should be numbered ${String(index + 1).padStart(4, '0')}`);
    }
    migrations.push({ version, file, script: await readFile(new URL(file, folder), 'utf8') });
  }
  return migrations;
}

/** Applies the first pending migration, if any, and says whether it did. */
async function applyNext(backend: Backend, migrations: Migration[]): Promise<boolean> {
  return backend.write(async (trx) => {
    await backend.lockMigrations(trx);
    await createMigrationsTable(backend, trx);
    const applied = new Set((await trx.selectFrom('migrations').select('version').execute()).map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    if (newest > migrations.length) {
      throw new StoreError('ERR_STORE_MIGRATION',
        `the database at ${backend.location} is at schema version ${newest}, newer than this Keyflow knows (${migrations.length}); upgrade Keyflow`);
    }
    const next = migrations.find((m) => !applied.has(m.version));
    if (!next) return false;
    try {
      await backend.runScript(trx, next.script);
    } catch (err) {
      const translated = backend.translateError(err);
      if (translated instanceof StoreError) throw translated;
      throw new StoreError('ERR_STORE_MIGRATION', `migration ${next.file} failed on ${backend.location}: ${(err as Error).message}`, { cause: err });
    }
    await trx.insertInto('migrations')
      .values({ version: next.version, name: next.file, applied_at: backend.now().toISOString() })
      .execute();
    return true;
  });
}

async function createMigrationsTable(backend: Backend, trx: Db): Promise<void> {
  await trx.schema.createTable('migrations').ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', backend.dialect === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
    .execute();
}
