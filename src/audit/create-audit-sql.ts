/**
 * The audit log on SQLite and PostgreSQL: AuditSink (append in the caller's transaction) and AuditSource
 * (reads) over the plain SQL files in `sql/<dialect>/`. The append logic is written once as a generator of
 * SQL steps (run-sql-steps.ts) so the same code runs on an async handle (pg, Kysely) and, on SQLite, on
 * better-sqlite3's synchronous one inside the store's writeSync transaction.
 *
 * Serialisation: the appender reads the head inside the caller's write transaction. SQLite: that
 * transaction is BEGIN IMMEDIATE, so no other writer runs until COMMIT. PostgreSQL: lock-head.sql takes the
 * head row FOR UPDATE, so other appenders wait for COMMIT and then chain onto the new head. The seq primary
 * key and the head's expected-seq check catch a caller that broke the contract (ERR_AUDIT_CHAIN_CONFLICT).
 */
import { chainRecords } from './chain-record.js';
import { AuditError } from './errors.js';
import { decodeCheckpoint, decodeRecord, recordColumns } from './audit-rows.js';
import { checkQuery, pageLimit, seqBound } from './check-query.js';
import { POSTGRES_STATEMENTS, SQLITE_STATEMENTS, loadStatements, type Dialect } from './load-statements.js';
import { runOne, runSteps, runStepsSync, type SqlSteps } from './run-sql-steps.js';
import { isSyncExecutor, syncExecutor, type SqlExecutor, type SqlRow, type SyncSqlExecutor } from './sql-executor.js';
import type { AuditCheckpoint, AuditEntry, AuditRecord, AuditSink, AuditSource, ChainHead, SyncAuditSink } from './types.js';

/** The SQL side of the audit log for one dialect: a sink, and sources over any handle. */
export interface AuditSql<S extends AuditSink = AuditSink> {
  readonly sink: S;
  /** Reads through `db`: a pool or connection (PostgreSQL), better-sqlite3's Database or an async handle (SQLite). */
  source(db: SqlExecutor | SyncSqlExecutor): AuditSource;
}

/** The audit SQL of `dialect`; SQLite's sink can also append synchronously. */
export function createAuditSql(dialect: 'sqlite'): AuditSql<SyncAuditSink>;
export function createAuditSql(dialect: 'postgres'): AuditSql;
export function createAuditSql(dialect: Dialect): AuditSql {
  if (dialect === 'sqlite') {
    const s = loadStatements('sqlite', SQLITE_STATEMENTS);
    const append = (entries: readonly AuditEntry[]): SqlSteps<AuditRecord[]> => appendSqlite(s, entries);
    const sink: SyncAuditSink = {
      dialect,
      append: (tx, entries) => runSteps(append(entries), tx, dialect),
      appendSync: (tx, entries) => runStepsSync(append(entries), tx, dialect),
      saveCheckpoint: (tx, checkpoint) => saveCheckpoint(s['insert-checkpoint'], tx, checkpoint, dialect),
    };
    return { sink, source: (db) => createSource(dialect, s, db) };
  }
  if (dialect !== 'postgres') throw new TypeError("createAuditSql: dialect must be 'sqlite' or 'postgres'");
  const s = loadStatements('postgres', POSTGRES_STATEMENTS);
  const sink: AuditSink = {
    dialect,
    append: (tx, entries) => runSteps(appendPostgres(s, entries), tx, dialect),
    saveCheckpoint: (tx, checkpoint) => saveCheckpoint(s['insert-checkpoint'], tx, checkpoint, dialect),
  };
  return { sink, source: (db) => createSource(dialect, s, db) };
}

type Statements<N extends string> = Readonly<Record<N, string>>;

function* appendSqlite(s: Statements<(typeof SQLITE_STATEMENTS)[number]>, entries: readonly AuditEntry[]): SqlSteps<AuditRecord[]> {
  if (entries.length === 0) return [];
  const prev = headOf(yield { text: s['read-head'], params: [] });
  const records = chainRecords(prev, entries);
  const last = records[records.length - 1]!;
  yield { text: s['insert-records'], params: [JSON.stringify(records.map(recordColumns))] };
  const moved = yield { text: s['move-head'], params: [last.seq, last.hash, prev.seq] };
  if (moved.length !== 1) throw headMoved(prev);
  return records;
}

function* appendPostgres(s: Statements<(typeof POSTGRES_STATEMENTS)[number]>, entries: readonly AuditEntry[]): SqlSteps<AuditRecord[]> {
  if (entries.length === 0) return [];
  const prev = headOf(yield { text: s['lock-head'], params: [] });
  const records = chainRecords(prev, entries);
  const last = records[records.length - 1]!;
  const rows = records.map(recordColumns);
  // One array per column for unnest(): the batch is one statement whatever its size.
  const columns = rows[0]!.map((_, i) => rows.map((row) => row[i]));
  const [result] = yield { text: s['append-records'], params: [...columns, last.seq, last.hash, prev.seq] };
  if (Number(result?.moved) !== 1 || Number(result?.inserted) !== records.length) throw headMoved(prev);
  return records;
}

function headOf(rows: SqlRow[]): ChainHead {
  const row = rows[0];
  if (!row) throw new AuditError('ERR_AUDIT_SCHEMA', 'the audit_head row is missing: the audit migration (0002_audit) did not complete');
  return { seq: Number(row.seq), hash: String(row.hash) };
}

function headMoved(prev: ChainHead): AuditError {
  return new AuditError('ERR_AUDIT_CHAIN_CONFLICT',
    `the audit head moved past record ${prev.seq} while appending: the transaction did not hold the head lock; roll back and retry`);
}

async function saveCheckpoint(text: string, tx: SqlExecutor, c: AuditCheckpoint, dialect: Dialect): Promise<boolean> {
  const rows = await runOne(tx, dialect, text, [c.seq, c.hash, c.time, c.keyId, c.signature]);
  return rows.length === 1;
}

function createSource(dialect: Dialect, s: Statements<'read-head' | 'read-records-asc' | 'read-records-desc' | 'read-checkpoints' | 'read-last-checkpoint'>, handle: SqlExecutor | SyncSqlExecutor): AuditSource {
  const db = isSyncExecutor(handle) ? syncExecutor(handle) : handle;
  const query = (text: string, params: unknown[]): Promise<SqlRow[]> => runOne(db, dialect, text, params);
  return {
    readRecords: async (q) => {
      const c = checkQuery(q);
      const params = [c.bound, c.since, c.principal, c.action, c.namespace, c.decision, c.limit];
      return (await query(c.order === 'asc' ? s['read-records-asc'] : s['read-records-desc'], params)).map(decodeRecord);
    },
    readCheckpoints: async (q = {}) => {
      const params = [seqBound(q.afterSeq, 'afterSeq', 0), pageLimit(q.limit, 1000)];
      return (await query(s['read-checkpoints'], params)).map(decodeCheckpoint);
    },
    readLastCheckpoint: async () => (await query(s['read-last-checkpoint'], [])).map(decodeCheckpoint)[0],
    readHead: async () => headOf(await query(s['read-head'], [])),
  };
}
