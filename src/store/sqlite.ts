import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqlBool, type SqliteDatabase } from 'kysely';
import type { Backend, Db } from './backend.js';
import { StoreError } from './errors.js';
import type { Tables } from './tables.js';

/** How long a writer waits for another process's write lock before ERR_STORE_UNAVAILABLE. */
const BUSY_TIMEOUT_MS = 5000;
/** Prepared statements kept per connection; multi-row inserts use a few fixed sizes, so this is plenty. */
const STATEMENT_CACHE_SIZE = 128;
// SQLite result codes (primary code before the first '_' extension) that mean "this database cannot be
// used right now", as opposed to a bug in a statement.
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|CORRUPT|NOTADB|PERM|PROTOCOL|AUTH)/;

/** Opens (creating if needed) the SQLite file at `path`, or an in-memory database for ':memory:'. */
export function openSqliteBackend(path: string, now: () => Date): Backend {
  const database = openDatabase(path);
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: cacheStatements(database) }) });
  const unavailable = (err: unknown): unknown => {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !UNAVAILABLE_CODES.test(code)) return err;
    return new StoreError('ERR_STORE_UNAVAILABLE', `SQLite database ${path} is unavailable: ${(err as Error).message}`, { cause: err });
  };
  return {
    dialect: 'sqlite',
    location: path,
    db,
    now,
    write: (fn) => writeImmediate(db, database, fn),
    decodeJson: (value) => JSON.parse(value as string) as Record<string, unknown>,
    decodeTime: (value) => value as string,
    typedParam: (value, type) => (type === 'integer' ? sql`cast(${value} as integer)` : sql`${value}`),
    labelsInclude: (labels) => sql<SqlBool>`(${sql.join(
      Object.entries(labels).map(([key, value]) =>
        sql`exists (select 1 from json_each(${sql.ref('runs.labels')}) as l where l.key = ${key} and l.type = 'text' and l.value = ${value})`),
      sql` and `,
    )})`,
    runScript: async (_trx, script) => {
      // better-sqlite3 prepares one statement at a time; exec runs a whole script on the same (single)
      // connection, which the caller's transaction already holds.
      database.exec(script);
    },
    lockMigrations: async () => {},
    translateError: unavailable,
    close: () => db.destroy(),
  };
}

function openDatabase(path: string): Database.Database {
  let database: Database.Database | undefined;
  try {
    database = new Database(path);
    // WAL lets readers run while one writer commits; NORMAL syncs at checkpoints, which WAL keeps durable
    // against application crashes (only an OS crash can lose the last commits).
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
    return database;
  } catch (err) {
    database?.close();
    throw new StoreError('ERR_STORE_UNAVAILABLE', `cannot open SQLite database ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Kysely's SQLite driver prepares every query afresh; reusing prepared statements halves the hot path. */
function cacheStatements(database: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare: (text) => {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = database.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

/**
 * BEGIN IMMEDIATE takes the write lock up front, so a transaction that reads before it writes cannot fail
 * with SQLITE_BUSY when another process committed in between (a deferred BEGIN would have to give up).
 */
async function writeImmediate<T>(db: Db, database: Database.Database, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      // Some errors (SQLITE_FULL, SQLITE_IOERR) already rolled the transaction back.
      if (database.inTransaction) await sql`rollback`.execute(conn);
      throw err;
    }
  });
}
