/**
 * A separate process appending to an audit SQLite file (sqlite-audit.test.ts runs two at once):
 * argv = <file> <writer name> <count>. Each record is its own BEGIN IMMEDIATE transaction.
 */
import Database from 'better-sqlite3';
import { createAuditSql } from '../../src/audit/index.js';
import { entries } from './fixtures.js';

const [file, writer, count] = process.argv.slice(2) as [string, string, string];
const db = new Database(file, { timeout: 10_000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const { sink } = createAuditSql('sqlite');
const append = db.transaction((i: number) => sink.appendSync(db, [{ ...entries(1, i)[0]!, details: { writer, i } }]));
for (let i = 0; i < Number(count); i++) append.immediate(i);
db.close();
