import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqlBool, type SqliteDatabase } from 'kysely';
import type { Backend, Db, SyncConnection } from './backend.js';
import { StoreError } from './errors.js';
import type { Tables } from './tables.js';

/** Longest pause between two attempts to get past SQLITE_BUSY. */
const MAX_BUSY_PAUSE_MS = 25;
/** Prepared statements kept per connection; multi-row inserts use a few fixed sizes, so this is plenty. */
const STATEMENT_CACHE_SIZE = 128;
// SQLite result codes (and their extended forms, e.g. SQLITE_IOERR_WRITE) that mean "this database cannot
// be used right now", as opposed to a bug in a statement.
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|CORRUPT|NOTADB|PERM|PROTOCOL|AUTH)/;

/** Opens (creating if needed) the SQLite file at `path`, or an in-memory database for ':memory:'. */
export function openSqliteBackend(path: string, options: { busyTimeoutMs: number; now: () => Date }): Backend {
  const { now } = options;
  const database = openDatabase(path, options.busyTimeoutMs);
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
    retryWhileBusy: (operation) => retryWhileBusy(operation, options.busyTimeoutMs),
    write: (fn) => writeImmediate(db, database, fn),
    writeSync: syncWriter(db, database),
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

/** busyTimeoutMs: how long a writer waits for another process's write lock before ERR_STORE_UNAVAILABLE. */
function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  let database: Database.Database | undefined;
  try {
    database = new Database(path, { timeout: busyTimeoutMs });
    // WAL lets readers run while one writer commits; NORMAL syncs at checkpoints, which WAL keeps durable
    // against application crashes (only an OS crash can lose the last commits).
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // From here on, waiting for another writer happens in retryWhileBusy, asynchronously. SQLite's own
    // busy_timeout waits inside the synchronous call, freezing the event loop; and with two stores on one
    // file in one process it deadlocks: the waiting call keeps the lock holder from ever reaching COMMIT.
    database.pragma('busy_timeout = 0');
    return database;
  } catch (err) {
    database?.close();
    throw new StoreError('ERR_STORE_UNAVAILABLE', `cannot open SQLite database ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Kysely's SQLite driver prepares every query afresh; reusing them made commit batches 1.3-1.7x faster (bench/store). */
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
 * `Backend.writeSync`: better-sqlite3's own transaction wrapper (BEGIN IMMEDIATE, COMMIT, ROLLBACK on
 * throw), with none of Kysely's per-statement compile and promise hops. Holding Kysely's connection (its
 * driver serialises the single connection with a mutex) is what keeps this out of a Kysely transaction
 * that is awaiting between statements: inside one, better-sqlite3 would silently nest a SAVEPOINT and our
 * writes would commit or roll back with it. SQLITE_BUSY from BEGIN IMMEDIATE is thrown synchronously and
 * rejects the promise, so retryWhileBusy retries it like any other busy write.
 */
function syncWriter(db: Db, database: Database.Database): NonNullable<Backend['writeSync']> {
  // Callers pass static SQL only (no values), so this cache stays as small as the set of statements.
  const statements = new Map<string, Database.Statement>();
  const connection: SyncConnection = {
    prepare: (text) => {
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = database.prepare(text)));
      return statement;
    },
  };
  const immediate = database.transaction((fn: (c: SyncConnection) => unknown) => fn(connection)).immediate;
  return <T>(fn: (c: SyncConnection) => T) => db.connection().execute(async () => {
    if (database.inTransaction) throw new Error('writeSync: a transaction is already open on the SQLite connection');
    return immediate(fn) as T;
  });
}

/**
 * Runs `operation` again while it fails with SQLITE_BUSY, pausing 1, 2, 4 ... 25 ms between attempts,
 * until `busyTimeoutMs` has passed. Retrying the whole operation is safe: a busy statement had no effect,
 * and a write transaction that met one was rolled back.
 */
async function retryWhileBusy<T>(operation: () => Promise<T>, busyTimeoutMs: number): Promise<T> {
  const deadline = Date.now() + busyTimeoutMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, MAX_BUSY_PAUSE_MS)) {
    try {
      return await operation();
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      const left = deadline - Date.now();
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || left <= 0) throw err;
      await sleep(Math.min(pause, left));
    }
  }
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
