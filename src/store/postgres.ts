import pg from 'pg';
import { Kysely, PostgresDialect, sql, type SqlBool } from 'kysely';
import type { Backend } from './backend.js';
import { StoreError } from './errors.js';
import { redactUrl, scrubPassword } from './redact-url.js';
import type { Tables } from './tables.js';

const POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 10_000;
/** Key of the advisory lock that serialises migrators; arbitrary but fixed ("KFMIGR" in ASCII). */
const MIGRATION_LOCK_KEY = 0x4b464d494752;
/** Fixed SQL type names (never input) for Backend.typedParam. */
const PG_TYPES = { integer: 'integer', json: 'jsonb', time: 'timestamptz' } as const;
// SQLSTATE classes meaning the server cannot serve us: 08 connection exception, 28 invalid authorization,
// 3D000 unknown database, 53 insufficient resources (too many connections), 57P0x shutdown in progress.
const UNAVAILABLE_SQLSTATE = /^(08|28|3D000|53|57P0)/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);

/** Connects a pool to the PostgreSQL database at `url`; ERR_STORE_UNAVAILABLE when it cannot be reached. */
export async function openPostgresBackend(url: string, now: () => Date): Promise<Backend> {
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'keyflow',
  });
  // An idle client that loses its server emits 'error' on the pool; unhandled, that would kill the process.
  // The next query reports the outage instead.
  pool.on('error', () => {});
  const unavailable = (err: unknown): unknown => translatePgError(err, url, location);
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => {});
    // Whatever failed the first query (refused, unknown database, bad password, TLS) means unavailable.
    throw new StoreError('ERR_STORE_UNAVAILABLE', `cannot connect to PostgreSQL at ${location}: ${describe(err, url)}`, { cause: err });
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    location,
    db,
    now,
    // Waiting for row locks is the server's job; nothing to retry.
    retryWhileBusy: (operation) => operation(),
    write: (fn) => db.transaction().execute(fn),
    decodeJson: (value) => value as Record<string, unknown>,
    decodeTime: (value) => (value as Date).toISOString(),
    typedParam: (value, type) => sql`cast(${value} as ${sql.raw(PG_TYPES[type])})`,
    labelsInclude: (labels) => sql<SqlBool>`${sql.ref('runs.labels')} @> ${JSON.stringify(labels)}::jsonb`,
    // Without parameters pg uses the simple query protocol, which accepts several statements at once.
    runScript: async (trx, script) => { await sql.raw(script).execute(trx); },
    lockMigrations: async (trx) => { await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx); },
    translateError: unavailable,
    close: () => db.destroy(),
  };
}

function translatePgError(err: unknown, url: string, location: string): unknown {
  if (!(err instanceof Error) || err instanceof StoreError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === '40P01' || code === '40001') {
    // Two batches locking shared runs in different orders: PostgreSQL aborted ours, so nothing was
    // applied, which is what a conflict means to the caller (re-read, retry).
    return new StoreError('ERR_STORE_CONFLICT', `a concurrent transaction on ${location} touched the same rows (${err.message}); nothing was applied, retry`, { cause: err });
  }
  const lost = typeof code === 'string'
    ? UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code)
    : /^Connection terminated|^timeout exceeded when trying to connect|Client has encountered a connection error/.test(err.message);
  if (!lost) return err;
  return new StoreError('ERR_STORE_UNAVAILABLE', `cannot reach PostgreSQL at ${location}: ${describe(err, url)}`, { cause: err });
}

function describe(err: unknown, url: string): string {
  const message = err instanceof Error ? err.message || err.name : String(err);
  // AggregateError (every address refused) has an empty message; its parts carry the reason.
  const parts = err instanceof AggregateError ? err.errors.map((e: Error) => e.message).join('; ') : '';
  return scrubPassword(parts || message, url);
}
