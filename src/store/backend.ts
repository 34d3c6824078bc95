import type Database from 'better-sqlite3';
import type { Expression, Kysely, RawBuilder, SqlBool } from 'kysely';
import type { Tables } from './tables.js';

/** A Kysely handle on the store's tables: the whole database, or one connection inside a transaction. */
export type Db = Kysely<Tables>;

/**
 * What differs between SQLite and PostgreSQL, and nothing else: the statements in `sql/` are written once
 * against Kysely and ask the backend only for these few dialect decisions.
 */
export interface Backend {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where the data lives (a file path, or a URL without credentials), for messages. */
  readonly location: string;
  readonly db: Db;
  /** The clock for times the store stamps itself (resource createdAt/updatedAt, migration applied_at). */
  readonly now: () => Date;
  /** Runs one store operation, retrying it while the database is transiently busy (SQLite). */
  retryWhileBusy<T>(operation: () => Promise<T>): Promise<T>;
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE on SQLite); rolls back when `fn` throws. */
  write<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  /**
   * SQLite only: runs the synchronous `fn` in one BEGIN IMMEDIATE transaction on the raw connection while
   * holding Kysely's connection, so it never interleaves with `write`; rolls back when `fn` throws. Absent
   * on PostgreSQL, where every statement is a network round trip anyway.
   */
  writeSync?<T>(fn: (connection: SyncConnection) => T): Promise<T>;
  /** A JSON column's value as read by the driver, parsed into an object. */
  decodeJson(value: unknown): Record<string, unknown>;
  /** A time column's value as read by the driver, as an ISO-8601 string. */
  decodeTime(value: unknown): string;
  /**
   * A bind parameter of the given column type, for places with no column to infer the type from (a VALUES
   * list): PostgreSQL needs explicit casts there, SQLite only for integers.
   */
  typedParam(value: unknown, type: 'integer' | 'json' | 'time'): RawBuilder<unknown>;
  /** A condition true when the run's labels contain every given key with the given value. */
  labelsInclude(labels: Record<string, string>): Expression<SqlBool>;
  /** Executes a migration script (several statements) inside the transaction `trx`. */
  runScript(trx: Db, script: string): Promise<void>;
  /** Keeps other processes' migrators out until `trx` ends (BEGIN IMMEDIATE already does it on SQLite). */
  lockMigrations(trx: Db): Promise<void>;
  /** Turns a driver failure meaning "the database cannot be used" into a StoreError; others pass unchanged. */
  translateError(err: unknown): unknown;
  close(): Promise<void>;
}

/** The raw SQLite connection inside `writeSync`: statements from static SQL text, prepared once per store. */
export interface SyncConnection {
  prepare(text: string): Database.Statement;
}
