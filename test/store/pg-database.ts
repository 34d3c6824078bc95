/**
 * A fresh PostgreSQL database per test file (graphile-worker's practice), so files can run in parallel
 * against one server. The server comes from KEYFLOW_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test); the database is created from that URL's database, or from the
 * server's `postgres` database when that one does not exist, and dropped (WITH (FORCE)) by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { redactUrl } from '../../src/store/redact-url.js';

export const PG_TEST_URL = process.env.KEYFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PgTestDatabase {
  /** URL of the new, empty database. */
  url: string;
  drop(): Promise<void>;
}

/** Creates `kf_test_<random>`; { unavailable } with the reason when no server answers. */
export async function createPgTestDatabase(): Promise<PgTestDatabase | { unavailable: string }> {
  let admin: pg.Client;
  try {
    admin = await connectAdmin(PG_TEST_URL);
  } catch (err) {
    return { unavailable: `PostgreSQL at ${redactUrl(PG_TEST_URL)} is unreachable (${(err as Error).message || (err as { code?: string }).code}); set KEYFLOW_TEST_PG_URL` };
  }
  const name = `kf_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  const url = new URL(PG_TEST_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * Registers what a test file does when PostgreSQL is unreachable: under CI=true a failing test (the
 * suite must not pass by skipping its database), locally a skipped test carrying the reason.
 */
export function reportPgUnavailable(reason: string): void {
  const ci = process.env.CI === 'true';
  test('PostgreSQL is reachable for the PostgreSQL store tests', { skip: ci ? false : reason }, () => {
    throw new Error(`${reason} (CI=true: PostgreSQL tests must run)`);
  });
}

async function connectAdmin(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    if ((err as { code?: string }).code !== '3D000') throw err;
    // The URL names a database that does not exist (the default "test"): use the server's own.
    const fallback = new URL(url);
    fallback.pathname = '/postgres';
    const second = new pg.Client({ connectionString: fallback.toString(), connectionTimeoutMillis: 5000 });
    await second.connect().catch(async (e: unknown) => { await second.end().catch(() => {}); throw e; });
    return second;
  }
}
