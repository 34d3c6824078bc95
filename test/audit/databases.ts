/**
 * Real databases for the audit tests: a fresh SQLite file and a fresh PostgreSQL database per test file
 * (graphile-worker's practice), both migrated with the audit migration exactly as the store will run it,
 * plus a transaction runner with the locking the store guarantees (BEGIN IMMEDIATE; READ COMMITTED).
 * PostgreSQL comes from KEYFLOW_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test); its tests
 * are skipped with the reason when no server answers (and fail under CI=true).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { auditMigration, type SqlExecutor } from '../../src/audit/index.js';

export const PG_TEST_URL = process.env.KEYFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  /** A handle for reads (better-sqlite3 Database, or a pg Pool). */
  reader: SqlExecutor | Database.Database;
  /** Runs `fn` in one write transaction on its own connection; rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a statement outside any transaction, as an attacker with database access would. */
  exec(statement: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** A migrated SQLite file in a temporary directory. */
export function openSqlite(): TestDatabase & { path: string; db: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'kf-audit-'));
  const db = new Database(join(dir, 'audit.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(auditMigration('sqlite').script);
  const executor: SqlExecutor = {
    query: async (text, params) => {
      const statement = db.prepare(text);
      return { rows: statement.reader ? statement.all(...params) as Array<Record<string, unknown>> : (statement.run(...params), []) };
    },
  };
  return {
    dialect: 'sqlite',
    path: join(dir, 'audit.db'),
    db,
    reader: db,
    transaction: async (fn) => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(executor);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
    exec: async (statement, params = []) => (await executor.query(statement, params)).rows,
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Where fresh databases come from: one PostgreSQL database per test file, one schema per fresh(). */
export interface PostgresServer {
  /** URL of this file's database. */
  url: string;
  /** A new, migrated schema in the file's database, reached through a pool whose search_path is that schema. */
  fresh(): Promise<TestDatabase>;
  /** Drops the file's database. */
  drop(): Promise<void>;
}

/** Creates this file's PostgreSQL database, or { unavailable } with the reason. */
export async function openPostgres(): Promise<PostgresServer | { unavailable: string }> {
  let admin: pg.Client;
  try {
    admin = await connectAdmin();
  } catch (err) {
    return { unavailable: `PostgreSQL at ${PG_TEST_URL.replace(/\/\/[^@]*@/, '//')} is unreachable (${(err as Error).message}); set KEYFLOW_TEST_PG_URL` };
  }
  const name = `kf_audit_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  const url = new URL(PG_TEST_URL);
  url.pathname = `/${name}`;
  let schemas = 0;
  return {
    url: url.toString(),
    fresh: async () => {
      const schema = `t${(schemas += 1)}`;
      const setup = new pg.Client({ connectionString: url.toString() });
      await setup.connect();
      await setup.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${auditMigration('postgres').script}`);
      await setup.end();
      const pool = new pg.Pool({ connectionString: url.toString(), max: 8, options: `-c search_path=${schema}` });
      // An idle connection closed by the server is reported by the next query on it, not as a crash.
      pool.on('error', () => {});
      return postgresDatabase(pool);
    },
    drop: async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

function postgresDatabase(pool: pg.Pool): TestDatabase {
  return {
    dialect: 'postgres',
    reader: pool,
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (statement, params = []) => (await pool.query(statement, params)).rows as Array<Record<string, unknown>>,
    close: () => pool.end(),
  };
}

/** Under CI=true a failing test (the suite must not pass by skipping PostgreSQL); locally a skipped one. */
export function reportPgUnavailable(reason: string): void {
  const ci = process.env.CI === 'true';
  test('PostgreSQL is reachable for the audit tests', { skip: ci ? false : reason }, () => {
    throw new Error(`${reason} (CI=true: PostgreSQL tests must run)`);
  });
}

async function connectAdmin(): Promise<pg.Client> {
  for (const database of [null, 'postgres']) {
    const url = new URL(PG_TEST_URL);
    if (database) url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      // The URL names a database that does not exist (the default "test"): use the server's own.
      if ((err as { code?: string }).code !== '3D000' || database) throw err;
    }
  }
  throw new Error('unreachable');
}
