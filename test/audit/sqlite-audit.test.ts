import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { Kysely, SqliteDialect } from 'kysely';
import { createAuditSql, kyselyExecutor, verifyChain, iterateRecords } from '../../src/audit/index.js';
import { registerAuditSqlContract } from './audit-sql-contract.js';
import { openSqlite } from './databases.js';
import { entries } from './fixtures.js';

registerAuditSqlContract('SQLite', async () => openSqlite());

describe('audit SQL on SQLite: the store\'s ways in', () => {
  test('appendSync chains inside a better-sqlite3 BEGIN IMMEDIATE transaction (the store\'s writeSync)', async () => {
    const db = openSqlite();
    try {
      const sql = createAuditSql('sqlite');
      const records = db.db.transaction(() => sql.sink.appendSync(db.db, entries(3))).immediate();
      const more = db.db.transaction(() => sql.sink.appendSync(db.db, entries(2, 3))).immediate();
      assert.deepEqual([...records, ...more].map((r) => r.seq), [1, 2, 3, 4, 5]);
      assert.deepEqual(await sql.source(db.db).readRecords(), [...records, ...more]);
      assert.throws(() => db.db.transaction(() => {
        sql.sink.appendSync(db.db, entries(1, 5));
        throw new Error('the change failed');
      }).immediate(), { message: 'the change failed' });
      assert.equal((await sql.source(db.db).readHead()).seq, 5);
    } finally {
      await db.close();
    }
  });

  test('append runs inside a Kysely transaction through kyselyExecutor (the store\'s write)', async () => {
    const db = openSqlite();
    const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db.db }) });
    try {
      const sql = createAuditSql('sqlite');
      const records = await kysely.transaction().execute((trx) => sql.sink.append(kyselyExecutor(trx), entries(4)));
      assert.deepEqual(await sql.source(kyselyExecutor(kysely)).readRecords(), records);
    } finally {
      await kysely.destroy();
      await db.close();
    }
  });

  test('two processes appending to one file never fork the chain', async () => {
    const db = openSqlite();
    try {
      const worker = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
      const run = (name: string): Promise<void> => new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', worker, db.path, name, '150'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${name} exited with ${code}: ${stderr}`))));
      });
      await Promise.all([run('a'), run('b')]);
      const source = createAuditSql('sqlite').source(db.db);
      const result = await verifyChain(iterateRecords(source));
      assert.equal(result.ok, true);
      assert.equal(result.ok && result.count, 300);
      const writers = new Set((await source.readRecords({ limit: 300 })).map((r) => r.details.writer));
      assert.deepEqual([...writers].sort(), ['a', 'b']);
    } finally {
      await db.close();
    }
  });
});
