/**
 * An operation written as a generator of SQL steps: it yields { text, params } and receives the rows. The
 * same generator runs on an async handle (runSteps) or a synchronous SQLite handle (runStepsSync), and
 * driver errors that mean "audit schema missing" or "someone else took this seq" become AuditErrors.
 */
import { AuditError } from './errors.js';
import { runSync, type SqlExecutor, type SqlRow, type SyncSqlExecutor } from './sql-executor.js';

export interface SqlStep {
  text: string;
  params: unknown[];
}

export type SqlSteps<T> = Generator<SqlStep, T, SqlRow[]>;

/** Drives `steps` on an async handle. */
export async function runSteps<T>(steps: SqlSteps<T>, db: SqlExecutor, dialect: string): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    let rows: SqlRow[];
    try {
      rows = (await db.query(step.value.text, step.value.params)).rows;
    } catch (err) {
      throw translateError(err, dialect);
    }
    step = steps.next(rows);
  }
  return step.value;
}

/** Drives `steps` on a synchronous SQLite handle. */
export function runStepsSync<T>(steps: SqlSteps<T>, db: SyncSqlExecutor, dialect: string): T {
  let step = steps.next();
  while (!step.done) {
    let rows: SqlRow[];
    try {
      rows = runSync(db, step.value.text, step.value.params);
    } catch (err) {
      throw translateError(err, dialect);
    }
    step = steps.next(rows);
  }
  return step.value;
}

/** Missing audit tables (SQLite "no such table", PostgreSQL 42P01) and a taken seq (unique violation); others unchanged. */
function translateError(err: unknown, dialect: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : '';
  if (code === '42P01' || (code === 'SQLITE_ERROR' && /no such table: audit_/.test(message))) {
    return new AuditError('ERR_AUDIT_SCHEMA', `the audit tables are missing on ${dialect}: run the audit migration (0002_audit)`, { cause: err });
  }
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AuditError('ERR_AUDIT_CHAIN_CONFLICT',
      'another appender took the same audit seq: the transaction did not hold the head lock; roll back and retry', { cause: err });
  }
  return err;
}

/** Runs one statement on an async handle, with the same error translation. */
export function runOne(db: SqlExecutor, dialect: string, text: string, params: unknown[]): Promise<SqlRow[]> {
  return runSteps(oneStep({ text, params }), db, dialect);
}

function* oneStep(step: SqlStep): SqlSteps<SqlRow[]> {
  return yield step;
}
