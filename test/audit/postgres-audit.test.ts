import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Kysely, PostgresDialect, sql as rawSql } from 'kysely';
import pg from 'pg';
import { auditMigration, createAuditSql, iterateRecords, kyselyExecutor, verifyChain, type AuditRecord } from '../../src/audit/index.js';
import { registerAuditSqlContract } from './audit-sql-contract.js';
import { openPostgres, reportPgUnavailable, type PostgresServer } from './databases.js';
import { entries } from './fixtures.js';

const server = await openPostgres();
if ('unavailable' in server) {
  reportPgUnavailable(server.unavailable);
} else {
  after(() => server.drop());
  registerAuditSqlContract('PostgreSQL', () => server.fresh());
  registerConcurrencyTests(server);
}

function registerConcurrencyTests(pgServer: PostgresServer): void {
  describe('audit SQL on PostgreSQL: concurrent appenders', () => {
    test('appends from many connections at once never fork the chain: seq unique and gap-free, every prevHash holds', async () => {
      const db = await pgServer.fresh();
      try {
        const { sink, source } = { sink: createAuditSql('postgres').sink, source: createAuditSql('postgres').source(db.reader) };
        // 6 writers x 40 transactions of 1-3 records, all on their own connections, all at once.
        const writer = async (w: number): Promise<AuditRecord[]> => {
          const mine: AuditRecord[] = [];
          for (let t = 0; t < 40; t++) {
            mine.push(...await db.transaction((tx) => sink.append(tx, entries(1 + ((w + t) % 3), w * 1000 + t * 3))));
          }
          return mine;
        };
        const written = (await Promise.all([0, 1, 2, 3, 4, 5].map(writer))).flat();
        const seqs = written.map((r) => r.seq).sort((a, b) => a - b);
        assert.deepEqual(seqs, Array.from({ length: written.length }, (_, i) => i + 1));
        const result = await verifyChain(iterateRecords(source, { pageSize: 100 }));
        assert.deepEqual(result, { ok: true, count: written.length, head: await source.readHead(), checkpoints: 0 });
      } finally {
        await db.close();
      }
    });

    test('a second appender waits for the first one\'s COMMIT and chains onto its records', async () => {
      const db = await pgServer.fresh();
      try {
        const { sink } = createAuditSql('postgres');
        let appended!: () => void;
        let commit!: () => void;
        const firstAppended = new Promise<void>((resolve) => { appended = resolve; });
        const mayCommit = new Promise<void>((resolve) => { commit = resolve; });
        const first = db.transaction(async (tx) => {
          const records = await sink.append(tx, entries(2));
          appended();
          await mayCommit;
          return records;
        });
        await firstAppended;
        const second = db.transaction((tx) => sink.append(tx, entries(1, 2)));
        // The second is blocked on the head row lock (not a timing guess: PostgreSQL says so).
        while ((await db.exec("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%audit_head%'"))[0]!.n !== 1) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        commit();
        const [a, b] = await Promise.all([first, second]);
        assert.deepEqual(b.map((r) => [r.seq, r.prevHash]), [[3, a[1]!.hash]]);
      } finally {
        await db.close();
      }
    });

    test('the migration runs through Kysely\'s sql.raw inside a transaction, as the store\'s migrator runs scripts', async () => {
      const pool = new pg.Pool({ connectionString: pgServer.url, max: 2, options: '-c search_path=raw_migration' });
      const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      try {
        await rawSql.raw('CREATE SCHEMA raw_migration').execute(kysely);
        await kysely.transaction().execute(async (trx) => { await rawSql.raw(auditMigration('postgres').script).execute(trx); });
        const sql = createAuditSql('postgres');
        const records = await kysely.transaction().execute((trx) => sql.sink.append(kyselyExecutor(trx), entries(2)));
        assert.deepEqual(await sql.source(kyselyExecutor(kysely)).readRecords(), records);
      } finally {
        await kysely.destroy();
      }
    });

    test('append runs inside a Kysely transaction through kyselyExecutor (the store\'s write)', async () => {
      const db = await pgServer.fresh();
      const pool = db.reader as pg.Pool;
      const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      try {
        const sql = createAuditSql('postgres');
        const records = await kysely.transaction().execute((trx) => sql.sink.append(kyselyExecutor(trx), entries(4)));
        assert.deepEqual(await sql.source(kyselyExecutor(kysely)).readRecords(), records);
      } finally {
        await kysely.destroy();
      }
    });
  });
}
