import type { Backend } from './backend.js';
import { openPostgresBackend } from './postgres.js';
import { openSqliteBackend } from './sqlite.js';

/** Where the store lives: exactly one of a PostgreSQL URL or a SQLite path. */
export interface OpenStoreOptions {
  /** postgres:// or postgresql:// URL; credentials never appear in error messages. */
  url?: string;
  /** SQLite file path (created if missing; its directory must exist), or ':memory:'. */
  sqlitePath?: string;
  /** SQLite only: how long a write waits for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Clock for the times the store stamps itself (resource createdAt/updatedAt); defaults to the system clock. */
  now?: () => Date;
}

/** The backend named by `options`, connected; TypeError for options that name none or both. */
export async function openBackend(options: OpenStoreOptions): Promise<Backend> {
  if (typeof options !== 'object' || options === null) throw new TypeError('openStore: options must be an object');
  const { url, sqlitePath, busyTimeoutMs = 5000, now = () => new Date() } = options;
  if (typeof now !== 'function') throw new TypeError('openStore: now must be a function returning a Date');
  if (url !== undefined && sqlitePath !== undefined) throw new TypeError('openStore: give either url or sqlitePath, not both');
  if (url !== undefined) {
    // Never echo the URL, nor keep the parser's error (its `input` holds the URL): it may carry a password.
    if (typeof url !== 'string' || !/^postgres(ql)?:\/\//i.test(url)) {
      throw new TypeError('openStore: url must be a postgres:// or postgresql:// URL');
    }
    if (!URL.canParse(url)) throw new TypeError('openStore: url is not a valid URL');
    return openPostgresBackend(url, now);
  }
  if (typeof sqlitePath !== 'string' || sqlitePath === '') {
    throw new TypeError('openStore: give url (PostgreSQL) or sqlitePath (a file path or \':memory:\')');
  }
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new TypeError('openStore: busyTimeoutMs must be a non-negative integer');
  return openSqliteBackend(sqlitePath, { busyTimeoutMs, now });
}
