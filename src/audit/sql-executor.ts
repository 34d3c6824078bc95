/**
 * The two shapes of database handle the audit SQL runs on, so that it joins the caller's transaction
 * instead of opening its own: an async `query` (pg's Client/PoolClient/Pool, or a Kysely transaction
 * through kyselyExecutor) and a synchronous `prepare` (better-sqlite3's Database, or the store's
 * SyncConnection inside `writeSync`). Statements are static SQL text with positional parameters.
 */
import { CompiledQuery, type Kysely } from 'kysely';

export type SqlRow = Record<string, unknown>;

/** An async handle: the caller's open transaction (or a pool, for reads). */
export interface SqlExecutor {
  query(text: string, params: unknown[]): Promise<{ rows: SqlRow[] }>;
}

/** A synchronous SQLite handle (better-sqlite3): the caller's open BEGIN IMMEDIATE transaction. */
export interface SyncSqlExecutor {
  prepare(text: string): { readonly reader: boolean; all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
}

/** An SqlExecutor over a Kysely handle: the store passes its transaction `trx` (any dialect). */
export function kyselyExecutor<DB>(db: Kysely<DB>): SqlExecutor {
  return {
    query: async (text, params) => {
      const result = await db.executeQuery<SqlRow>(CompiledQuery.raw(text, params));
      return { rows: [...result.rows] };
    },
  };
}

/** An SqlExecutor over a synchronous SQLite handle (for reads through the same code as PostgreSQL). */
export function syncExecutor(db: SyncSqlExecutor): SqlExecutor {
  return { query: async (text, params) => ({ rows: runSync(db, text, params) }) };
}

type SyncStatement = ReturnType<SyncSqlExecutor['prepare']>;

// Prepared statements per handle: preparing the audit statements anew cost more than running them. The
// texts are the fixed SQL files, so each cache holds at most one entry per file.
const prepared = new WeakMap<SyncSqlExecutor, Map<string, SyncStatement>>();

/** Runs one statement on a synchronous handle: rows for a statement that returns any, [] otherwise. */
export function runSync(db: SyncSqlExecutor, text: string, params: unknown[]): SqlRow[] {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map()));
  let statement = statements.get(text);
  if (!statement) statements.set(text, (statement = db.prepare(text)));
  if (statement.reader) return statement.all(...params) as SqlRow[];
  statement.run(...params);
  return [];
}

/** True for a synchronous handle. */
export function isSyncExecutor(db: SqlExecutor | SyncSqlExecutor): db is SyncSqlExecutor {
  return typeof (db as Partial<SyncSqlExecutor>).prepare === 'function' && typeof (db as Partial<SqlExecutor>).query !== 'function';
}
