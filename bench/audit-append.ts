/**
 * Audit append throughput with chaining (records/s), the way the store will drive it: each append reads
 * the head inside a write transaction, chains and hashes the records, inserts them and moves the head.
 *
 *   single   one record per transaction (a request that changes one thing)
 *   batch    100 records per transaction (a controller commit covering many task events)
 *   parallel (PostgreSQL) single-record transactions from 8 connections at once, queueing on the head lock
 *
 * SQLite: a file in WAL mode with synchronous=NORMAL (the store's settings); "sync" is appendSync inside
 * better-sqlite3's BEGIN IMMEDIATE (the store's writeSync path), "async" is append over an async handle
 * (the Kysely path). PostgreSQL: KEYFLOW_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a
 * fresh database, dropped afterwards; skipped with the reason when unreachable. Also printed: pure chaining
 * (canonical JSON + SHA-256, no database), streaming verification of the stored log (records/s), and a
 * baseline per backend: a one-row transaction without audit, the ceiling a single appender can reach.
 * verifyChain over a generated stream of KEYFLOW_BENCH_AUDIT_VERIFY records (default 100,000) prints its
 * peak heap growth, to show that verification runs in constant memory (live memory with --expose-gc).
 *
 * Records are ~600 bytes as canonical JSON (a workflow:create with a principal in two groups and small
 * details). Each figure runs for a fixed wall-clock budget (KEYFLOW_BENCH_SECONDS, default 3) after a warm-up.
 *
 *   node --import tsx bench/audit-append.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  auditMigration, chainRecords, createAuditSql, iterateRecords, verifyChain, type AuditEntry, type AuditRecord, type ChainHead,
  type SqlExecutor,
} from '../src/audit/index.js';

export interface AuditBenchRow {
  backend: string;
  mode: string;
  recordsPerSecond: number;
}

const SECONDS = Number(process.env.KEYFLOW_BENCH_SECONDS ?? 3);
const PG_URL = process.env.KEYFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 100;

function entry(i: number): AuditEntry {
  return {
    time: new Date(Date.UTC(2024, 4, 1) + i).toISOString(),
    principal: { issuer: 'https://idp.example.com', subject: `u-${i % 50}`, username: `user${i % 50}`, groups: ['payments', 'oncall'], kind: 'user' },
    action: 'workflow:create',
    resource: { kind: 'Workflow', namespace: `ns-${i % 7}`, name: `nightly-${i}` },
    decision: 'allowed',
    reason: 'allowed by RoleBinding payments/devs (ClusterRole editor: workflow:*)',
    requestId: `req-${i}`,
    sourceAddress: '10.0.0.7',
    outcome: 'success',
    details: { template: 'nightly', parameters: ['date', 'region'], serviceAccount: 'runner' },
  };
}

/** Runs `step` (which appends `per` records) until the budget is spent; records/s. */
async function rate(per: number, step: (i: number) => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 50; i++) await step(i * per);
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    await step(done);
    done += per;
  }
  return done / ((performance.now() - started) / 1000);
}

async function benchSqlite(rows: AuditBenchRow[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kf-audit-bench-'));
  const db = new Database(join(dir, 'audit.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(auditMigration('sqlite').script);
    const { sink, source } = { ...createAuditSql('sqlite'), source: createAuditSql('sqlite').source(db) };
    const appendSync = db.transaction((batch: AuditEntry[]) => sink.appendSync(db, batch));
    // Like the store's Kysely driver, which caches prepared statements per connection.
    const statements = new Map<string, Database.Statement>();
    const executor: SqlExecutor = {
      query: async (text, params) => {
        let statement = statements.get(text);
        if (!statement) statements.set(text, (statement = db.prepare(text)));
        return { rows: statement.reader ? statement.all(...params) as Array<Record<string, unknown>> : (statement.run(...params), []) };
      },
    };
    const appendAsync = async (batch: AuditEntry[]): Promise<void> => {
      db.exec('BEGIN IMMEDIATE');
      try {
        await sink.append(executor, batch);
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    };
    db.exec('CREATE TABLE baseline (i INTEGER NOT NULL, body TEXT NOT NULL)');
    const insertBaseline = db.prepare('INSERT INTO baseline (i, body) VALUES (?, ?)');
    const baseline = db.transaction((i: number) => insertBaseline.run(i, JSON.stringify(entry(i))));
    rows.push({ backend: 'sqlite', mode: 'baseline: 1-row transaction, no audit', recordsPerSecond: await rate(1, (i) => baseline.immediate(i)) });
    rows.push({ backend: 'sqlite', mode: 'single (sync)', recordsPerSecond: await rate(1, (i) => appendSync.immediate([entry(i)])) });
    rows.push({ backend: 'sqlite', mode: `batch ${BATCH} (sync)`, recordsPerSecond: await rate(BATCH, (i) => appendSync.immediate(batchOf(i))) });
    rows.push({ backend: 'sqlite', mode: 'single (async)', recordsPerSecond: await rate(1, (i) => appendAsync([entry(i)])) });
    rows.push({ backend: 'sqlite', mode: `batch ${BATCH} (async)`, recordsPerSecond: await rate(BATCH, (i) => appendAsync(batchOf(i))) });
    rows.push(await verifyRate('sqlite', source));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function batchOf(i: number): AuditEntry[] {
  return Array.from({ length: BATCH }, (_, k) => entry(i + k));
}

async function verifyRate(backend: string, source: ReturnType<ReturnType<typeof createAuditSql>['source']>): Promise<AuditBenchRow> {
  const started = performance.now();
  const result = await verifyChain(iterateRecords(source, { pageSize: 1000 }));
  if (!result.ok) throw new Error(`the benchmark's own log does not verify: ${result.message}`);
  return { backend, mode: `verify (${result.count} records, streamed)`, recordsPerSecond: result.count / ((performance.now() - started) / 1000) };
}

async function benchPostgres(rows: AuditBenchRow[]): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    console.log(`postgres: skipped (${(err as Error).message}); set KEYFLOW_TEST_PG_URL`);
    return;
  }
  const name = `kf_audit_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 8 });
  // An idle connection closed by the server (a restart, an administrator) must not crash the benchmark.
  pool.on('error', (err) => console.log(`postgres: an idle connection failed: ${err.message}`));
  try {
    await pool.query(auditMigration('postgres').script);
    const sql = createAuditSql('postgres');
    const append = async (batch: AuditEntry[]): Promise<void> => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await sql.sink.append(client, batch);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    };
    await pool.query('CREATE TABLE baseline (i integer NOT NULL, body text NOT NULL)');
    const baseline = async (i: number): Promise<void> => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO baseline (i, body) VALUES ($1, $2)', [i, JSON.stringify(entry(i))]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    rows.push({ backend: 'postgres', mode: 'baseline: 1-row transaction, no audit', recordsPerSecond: await rate(1, baseline) });
    rows.push({ backend: 'postgres', mode: 'single', recordsPerSecond: await rate(1, (i) => append([entry(i)])) });
    rows.push({ backend: 'postgres', mode: `batch ${BATCH}`, recordsPerSecond: await rate(BATCH, (i) => append(batchOf(i))) });
    rows.push({ backend: 'postgres', mode: 'single x 8 connections', recordsPerSecond: await rate(8, (i) => Promise.all(Array.from({ length: 8 }, (_, k) => append([entry(i + k)])))) });
    rows.push(await verifyRate('postgres', sql.source(pool)));
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * verifyChain over a generated stream (records are made on the fly and dropped once verified), with the
 * heap's growth from start to end: constant memory means it stays flat whatever the count.
 */
async function benchStreamedVerify(count: number): Promise<AuditBenchRow> {
  function* generate(): Generator<AuditRecord> {
    let prev: ChainHead | null = null;
    for (let i = 0; i < count; i++) {
      const [record] = chainRecords(prev, [entry(i)]);
      prev = record!;
      yield record!;
    }
  }
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampled = (function* (): Generator<AuditRecord> {
    let n = 0;
    for (const record of generate()) {
      if (++n % 10_000 === 0) {
        // With --expose-gc the sample is live memory only; without it, garbage not yet collected too.
        global.gc?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      yield record;
    }
  })();
  const started = performance.now();
  const result = await verifyChain(sampled);
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok) throw new Error(result.message);
  const growth = ((peak - before) / 2 ** 20).toFixed(1);
  return { backend: 'none', mode: `generate + verify ${count} (heap +${growth} MB peak)`, recordsPerSecond: count / seconds };
}

/** Every figure: pure chaining, SQLite, PostgreSQL (when reachable). */
export async function benchAuditAppend(): Promise<AuditBenchRow[]> {
  const rows: AuditBenchRow[] = [];
  let prev = null as { seq: number; hash: string } | null;
  rows.push({
    backend: 'none', mode: 'chainRecord (canonical JSON + SHA-256)',
    recordsPerSecond: await rate(1, (i) => { prev = chainRecords(prev, [entry(i)])[0]!; }),
  });
  rows.push(await benchStreamedVerify(Number(process.env.KEYFLOW_BENCH_AUDIT_VERIFY ?? 100_000)));
  await benchSqlite(rows);
  await benchPostgres(rows);
  return rows;
}

/** Prints the rows, one figure per line. */
export function printAuditBench(rows: AuditBenchRow[]): void {
  for (const row of rows) console.log(`audit ${row.backend.padEnd(8)} ${row.mode.padEnd(40)} ${Math.round(row.recordsPerSecond).toLocaleString('en-US').padStart(10)} records/s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printAuditBench(await benchAuditAppend());
}
