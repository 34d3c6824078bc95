import { openBackend, type OpenStoreOptions } from './open-backend.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './types.js';

/**
 * Opens the store at `options.url` (PostgreSQL) or `options.sqlitePath` (SQLite) and brings its schema up
 * to date before returning. ERR_STORE_UNAVAILABLE when the database cannot be reached or opened,
 * ERR_STORE_MIGRATION when its schema cannot be migrated.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = new SqlStore(await openBackend(options));
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
