import { readFileSync } from 'node:fs';

/** The audit statements: one plain SQL file per statement and dialect, in `sql/<dialect>/<name>.sql`. */
export const SQLITE_STATEMENTS = [
  'read-head', 'insert-records', 'move-head', 'read-records-asc', 'read-records-desc',
  'read-checkpoints', 'read-last-checkpoint', 'insert-checkpoint',
] as const;
export const POSTGRES_STATEMENTS = [
  'lock-head', 'append-records', 'read-head', 'read-records-asc', 'read-records-desc',
  'read-checkpoints', 'read-last-checkpoint', 'insert-checkpoint',
] as const;

export type Dialect = 'sqlite' | 'postgres';

/** Reads the named statements of `dialect` (once per createAuditSql call; the text is then immutable). */
export function loadStatements<N extends string>(dialect: Dialect, names: readonly N[]): Readonly<Record<N, string>> {
  const statements = {} as Record<N, string>;
  for (const name of names) {
    statements[name] = readFileSync(new URL(`./sql/${dialect}/${name}.sql`, import.meta.url), 'utf8');
  }
  return Object.freeze(statements);
}

/** The audit migration text for `dialect`, for the store's migrator to run (see docs/audit.md). */
export function auditMigration(dialect: Dialect): { file: string; script: string } {
  const file = '0002_audit.sql';
  return { file, script: readFileSync(new URL(`./migrations/${dialect}/${file}`, import.meta.url), 'utf8') };
}
