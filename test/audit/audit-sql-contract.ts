/**
 * The contract both SQL backends of the audit log must meet, run against real SQLite and PostgreSQL:
 * appends chain in the caller's transaction and vanish with its rollback, reads and filters return the
 * records exactly as hashed, and every kind of tampering with the stored rows is caught by verification.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  createAuditLog, createAuditSql, createEd25519Signer, encodeRecord, hashRecord, iterateRecords, verifyChain,
  type AuditLog, type AuditRecord, type AuditSink, type AuditSource, type SqlExecutor,
} from '../../src/audit/index.js';
import type { TestDatabase } from './databases.js';
import { entries, entry } from './fixtures.js';

const { signer, verifySignature } = createEd25519Signer();

export interface Harness {
  db: TestDatabase;
  sink: AuditSink;
  source: AuditSource;
  log: AuditLog;
  append(count: number, start?: number): Promise<AuditRecord[]>;
  /** Positional placeholder n (1-based) in this dialect. */
  p(n: number): string;
}

/** Registers the contract; `fresh` gives a new, migrated, empty database each time. */
export function registerAuditSqlContract(name: string, fresh: () => Promise<TestDatabase>): void {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
  });
  async function harness(): Promise<Harness> {
    const db = await fresh();
    open.push(db);
    const sql = db.dialect === 'sqlite' ? createAuditSql('sqlite') : createAuditSql('postgres');
    const source = sql.source(db.reader);
    const log = createAuditLog({ sink: sql.sink, source, transaction: db.transaction, signer, verifySignature, checkpointEvery: 5, secretDetails: 'refuse' });
    const append = (count: number, start = 0): Promise<AuditRecord[]> => db.transaction((tx) => sql.sink.append(tx, entries(count, start)));
    return { db, sink: sql.sink, source, log, append, p: (n) => (db.dialect === 'sqlite' ? '?' : `$${n}`) };
  }

  describe(`audit SQL on ${name}: appending and reading`, () => registerAppendTests(harness));
  describe(`audit SQL on ${name}: tampering with stored rows is detected`, () => registerTamperTests(harness));
}

function registerAppendTests(harness: () => Promise<Harness>): void {
  test('appends batches and single records as one chain and reads them back exactly as hashed', async () => {
    const h = await harness();
    const first = await h.append(3);
    const second = await h.append(1, 3);
    assert.deepEqual([...first, ...second].map((r) => r.seq), [1, 2, 3, 4]);
    assert.equal(second[0]!.prevHash, first[2]!.hash);
    assert.deepEqual(await h.source.readRecords(), [...first, ...second]);
    assert.deepEqual(await h.source.readHead(), { seq: 4, hash: second[0]!.hash });
    assert.deepEqual(await h.log.verify(), { ok: true, count: 4, head: { seq: 4, hash: second[0]!.hash }, checkpoints: 0 });
  });

  test('stores awkward strings, nulls and details byte for byte', async () => {
    const h = await harness();
    const awkward = entry({
      principal: { issuer: 'https://idp/ä', subject: 'NULL', username: '"quoted", {braced} \\back\\', groups: ['NULL', '', 'a,b', '{x}', '"', '\\', 'ü😀'], kind: 'task' },
      resource: { kind: 'Secret', namespace: '', name: 'db\'s "creds"' },
      reason: 'line1\nline2\ttab \u2028 \u007f',
      requestId: null,
      sourceAddress: '::1',
      details: { n: 1e21, f: 0.1, neg: -0, big: 9007199254740991, nested: { z: [null, true, 'x'], a: {} }, secretNames: ['db'] },
    });
    const [stored] = await h.db.transaction((tx) => h.sink.append(tx, [awkward]));
    const [read] = await h.source.readRecords();
    assert.deepEqual(read, stored);
    assert.equal(hashRecord(read!), stored!.hash);
    assert.equal(encodeRecord(read!), encodeRecord(stored!));
  });

  test('appending nothing writes nothing', async () => {
    const h = await harness();
    assert.deepEqual(await h.db.transaction((tx) => h.sink.append(tx, [])), []);
    assert.deepEqual(await h.source.readHead(), { seq: 0, hash: '0'.repeat(64) });
  });

  test('a rolled-back transaction takes its records with it and leaves no gap', async () => {
    const h = await harness();
    await assert.rejects(h.db.transaction(async (tx) => {
      await h.log.append(tx, [entry()]);
      throw new Error('the change failed');
    }), { message: 'the change failed' });
    assert.deepEqual(await h.source.readRecords(), []);
    const [record] = await h.append(1);
    assert.equal(record!.seq, 1);
  });

  test('a change whose audit record is refused is not applied (same transaction)', async () => {
    const h = await harness();
    await h.db.exec('CREATE TABLE changes (name TEXT NOT NULL)');
    await assert.rejects(h.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO changes (name) VALUES (${h.p(1)})`, ['wf-1']);
      await h.log.append(tx, [entry(), entry({ details: { password: 'hunter2' } })]);
    }), { code: 'ERR_AUDIT_SECRET_DETAIL', message: 'audit details.password is named like a secret; record names and ids only, never secret values' });
    assert.deepEqual(await h.db.exec('SELECT name FROM changes'), []);
    assert.deepEqual(await h.source.readRecords(), []);
    assert.equal((await h.source.readHead()).seq, 0);
  });

  test('filters by since, principal (subject or username), action, namespace and decision', async () => {
    const h = await harness();
    const all = await h.append(12);
    const seqs = async (query: Parameters<AuditSource['readRecords']>[0]): Promise<number[]> => (await h.source.readRecords(query)).map((r) => r.seq);
    assert.deepEqual(await seqs({ since: all[9]!.time }), [10, 11, 12]);
    assert.deepEqual(await seqs({ since: '2024-05-01T12:00:00+02:00' }), all.map((r) => r.seq));
    assert.deepEqual(await seqs({ principal: 'bob' }), [2, 4, 6, 8, 10, 12]);
    assert.deepEqual(await seqs({ principal: 'u-1001' }), [1, 3, 5, 7, 9, 11]);
    assert.deepEqual(await seqs({ action: 'workflow:delete' }), [4, 8, 12]);
    assert.deepEqual(await seqs({ decision: 'denied' }), [4, 8, 12]);
    assert.deepEqual(await seqs({ namespace: 'ns-1' }), [2, 5, 8, 11]);
    assert.deepEqual(await seqs({ namespace: 'ns-1', principal: 'bob' }), [2, 8]);
    assert.deepEqual(await seqs({ afterSeq: 9, limit: 2 }), [10, 11]);
    assert.deepEqual(await seqs({ order: 'desc', limit: 3 }), [12, 11, 10]);
    assert.deepEqual(await seqs({ order: 'desc', beforeSeq: 4, decision: 'allowed' }), [3, 2, 1]);
    assert.deepEqual(await seqs({ namespace: 'nowhere' }), []);
  });

  test('refuses bad filters with ERR_AUDIT_INVALID_FILTER', async () => {
    const h = await harness();
    const cases: Array<[object, string]> = [
      [{ since: 'last tuesday' }, 'audit filter since must be an ISO-8601 time (2024-05-01 or 2024-05-01T10:00:00Z)'],
      [{ limit: 0 }, 'audit filter limit must be an integer from 1 to 10000'],
      [{ afterSeq: -1 }, 'audit filter afterSeq must be a non-negative integer'],
      [{ decision: 'maybe' }, "audit filter decision must be 'allowed' or 'denied'"],
      [{ principal: '' }, 'audit filter principal must be a non-empty string of at most 1024 characters'],
      [{ order: 'sideways' }, "audit filter order must be 'asc' or 'desc'"],
    ];
    for (const [query, message] of cases) {
      await assert.rejects(h.source.readRecords(query as never), { name: 'AuditError', code: 'ERR_AUDIT_INVALID_FILTER', status: 400, message });
    }
  });

  test('iterates a log longer than a page in seq order', async () => {
    const h = await harness();
    await h.append(25);
    const seen: number[] = [];
    for await (const record of iterateRecords(h.source, { pageSize: 7 })) seen.push(record.seq);
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => i + 1));
    assert.equal((await verifyChain(iterateRecords(h.source, { pageSize: 7 }))).ok, true);
  });

  test('checkpoints are stored once per seq: a second replica signing the same seq changes nothing', async () => {
    const h = await harness();
    await h.append(5);
    const { sink } = h;
    const checkpoint = { seq: 5, hash: 'a'.repeat(64), time: '2024-05-02T00:00:00.000Z', keyId: 'k1', signature: 'c2ln' };
    assert.equal(await h.db.transaction((tx) => sink.saveCheckpoint(tx, checkpoint)), true);
    assert.equal(await h.db.transaction((tx) => sink.saveCheckpoint(tx, { ...checkpoint, keyId: 'k2' })), false);
    assert.deepEqual(await h.source.readCheckpoints(), [checkpoint]);
    assert.deepEqual(await h.source.readLastCheckpoint(), checkpoint);
  });

  test('Keyflow\'s own code cannot update or delete records or checkpoints (append-only triggers)', async () => {
    const h = await harness();
    await h.append(2);
    await assert.rejects(h.db.exec("UPDATE audit_records SET reason = 'x' WHERE seq = 1"), /audit_records is append-only|audit records are append-only/);
    await assert.rejects(h.db.exec('DELETE FROM audit_records WHERE seq = 2'), /append-only/);
    if (h.db.dialect === 'postgres') await assert.rejects(h.db.exec('TRUNCATE audit_records'), /audit_records is append-only \(TRUNCATE refused\)/);
    assert.equal((await h.source.readRecords()).length, 2);
  });

  test('an appender whose transaction did not hold the head lock gets ERR_AUDIT_CHAIN_CONFLICT and writes nothing', async () => {
    const h = await harness();
    const { sink } = h;
    await h.append(1);
    // Fault injection: another writer moves the head between this appender's read and its write.
    const racing = (tx: SqlExecutor): SqlExecutor => ({
      query: async (text, params) => {
        const result = await tx.query(text, params);
        if (/SELECT seq, hash FROM audit_head/.test(text)) await tx.query('UPDATE audit_head SET seq = seq + 1 WHERE id = 1', []);
        return result;
      },
    });
    await assert.rejects(h.db.transaction((tx) => sink.append(racing(tx), [entry()])), {
      code: 'ERR_AUDIT_CHAIN_CONFLICT',
      message: 'the audit head moved past record 1 while appending: the transaction did not hold the head lock; roll back and retry',
    });
    // Fault injection: a record with the next seq appeared behind the appender's back.
    const squatting = (tx: SqlExecutor): SqlExecutor => ({
      query: async (text, params) => {
        const result = await tx.query(text, params);
        if (/SELECT seq, hash FROM audit_head/.test(text)) {
          await tx.query("INSERT INTO audit_records SELECT 2, v, time, principal_issuer, principal_subject, principal_username, principal_groups, principal_kind, action, resource_kind, resource_namespace, resource_name, decision, reason, request_id, source_address, outcome, details, prev_hash, hash FROM audit_records WHERE seq = 1", []);
        }
        return result;
      },
    });
    await assert.rejects(h.db.transaction((tx) => sink.append(squatting(tx), [entry()])), {
      code: 'ERR_AUDIT_CHAIN_CONFLICT',
      message: 'another appender took the same audit seq: the transaction did not hold the head lock; roll back and retry',
    });
    assert.deepEqual((await h.source.readRecords()).map((r) => r.seq), [1]);
  });

  test('a database without the audit migration fails with ERR_AUDIT_SCHEMA', async () => {
    const h = await harness();
    for (const table of ['audit_head', 'audit_records']) await h.db.exec(`DROP TABLE ${table}`);
    await assert.rejects(h.append(1), { code: 'ERR_AUDIT_SCHEMA', message: `the audit tables are missing on ${h.db.dialect}: run the audit migration (0002_audit)` });
    await assert.rejects(h.source.readRecords(), { code: 'ERR_AUDIT_SCHEMA' });
  });
}

function registerTamperTests(harness: () => Promise<Harness>): void {
  /** A log of 12 records with signed checkpoints at 5 and 10, and the triggers dropped as an attacker would. */
  async function tampered(): Promise<Harness & { records: AuditRecord[] }> {
    const h = await harness();
    const records: AuditRecord[] = [];
    for (let i = 0; i < 12; i += 3) {
      records.push(...await h.append(3, i));
      await h.log.checkpointIfDue();
    }
    assert.deepEqual((await h.source.readCheckpoints()).map((c) => c.seq), [5, 10]);
    assert.equal((await h.log.verify()).ok, true);
    if (h.db.dialect === 'sqlite') {
      for (const t of ['audit_records_no_update', 'audit_records_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete']) await h.db.exec(`DROP TRIGGER ${t}`);
    } else {
      await h.db.exec('ALTER TABLE audit_records DISABLE TRIGGER USER');
      await h.db.exec('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
    }
    return { ...h, records };
  }

  async function expectFailure(h: Harness, seq: number, reason: string, message: string): Promise<void> {
    assert.deepEqual(await h.log.verify(), { ok: false, seq, reason, message });
  }

  test('an edited field is a hash-mismatch naming the record', async () => {
    const h = await tampered();
    await h.db.exec("UPDATE audit_records SET principal_username = 'mallory' WHERE seq = 7");
    await expectFailure(h, 7, 'hash-mismatch', 'record 7 does not match its hash: it was changed after it was written');
  });

  test('edited details are a hash-mismatch; re-encoded but equal JSON is not a change; unreadable JSON is reported', async () => {
    const h = await tampered();
    // The hash covers the canonical form of the data, so the same data written with other spacing still verifies.
    await h.db.exec('UPDATE audit_records SET details = \'{ "i" : 2 }\' WHERE seq = 3');
    assert.equal((await h.log.verify()).ok, true);
    await h.db.exec('UPDATE audit_records SET details = \'{"i":2,"extra":true}\' WHERE seq = 3');
    await expectFailure(h, 3, 'hash-mismatch', 'record 3 does not match its hash: it was changed after it was written');
    await h.db.exec("UPDATE audit_records SET details = 'not json' WHERE seq = 2");
    await expectFailure(h, 2, 'hash-mismatch', 'record 2 is malformed: its details column does not hold the JSON it was written with');
  });

  test('a deleted row is a gap naming it', async () => {
    const h = await tampered();
    await h.db.exec('DELETE FROM audit_records WHERE seq = 4');
    await expectFailure(h, 4, 'gap', 'record 4 is missing: the log goes from record 3 to record 5');
  });

  test('two rows with their seq values exchanged are a reorder', async () => {
    const h = await tampered();
    await h.db.exec('UPDATE audit_records SET seq = -1 WHERE seq = 8');
    await h.db.exec('UPDATE audit_records SET seq = 8 WHERE seq = 9');
    await h.db.exec('UPDATE audit_records SET seq = 9 WHERE seq = -1');
    await expectFailure(h, 8, 'reorder', "records 8 and 9 are in each other's place: records are out of order");
  });

  test('a truncated tail below a signed checkpoint is detected even with the head row fixed up', async () => {
    const h = await tampered();
    await h.db.exec('DELETE FROM audit_records WHERE seq > 7');
    await h.db.exec(`UPDATE audit_head SET seq = 7, hash = ${h.p(1)} WHERE id = 1`, [h.records[6]!.hash]);
    await expectFailure(h, 8, 'truncated', 'the log ends at record 7 but a signed checkpoint vouches for record 10: records after 7 were removed');
  });

  test('a truncated tail after the last checkpoint is detected against a head seen before', async () => {
    const h = await tampered();
    await h.db.exec('DELETE FROM audit_records WHERE seq > 11');
    assert.equal((await h.log.verify()).ok, true, 'nothing in the database can tell');
    assert.deepEqual(await h.log.verify({ knownHead: { seq: 12 } }), {
      ok: false, seq: 12, reason: 'truncated', message: 'the log ends at record 11 but it had reached record 12: records after 11 were removed',
    });
  });

  test('one edited row re-hashed without the key is a prev-mismatch at the next record', async () => {
    const h = await tampered();
    const edited = { ...h.records[2]!, reason: 'nothing to see' };
    edited.hash = hashRecord(edited);
    await h.db.exec(`UPDATE audit_records SET reason = ${h.p(1)}, hash = ${h.p(2)} WHERE seq = 3`, [edited.reason, edited.hash]);
    await expectFailure(h, 4, 'prev-mismatch', 'record 4 does not link to record 3 (its prevHash differs): record 3 was replaced or re-hashed');
  });

  test('a history rewritten and re-hashed consistently without the key fails at the next signed checkpoint', async () => {
    const h = await tampered();
    let prev = h.records[5]!;
    for (const original of h.records.slice(6)) {
      const forged = { ...original, prevHash: prev.hash, decision: 'allowed' as const, outcome: 'success' as const };
      forged.hash = hashRecord(forged);
      await h.db.exec(`UPDATE audit_records SET decision = ${h.p(1)}, outcome = ${h.p(2)}, prev_hash = ${h.p(3)}, hash = ${h.p(4)} WHERE seq = ${h.p(5)}`,
        [forged.decision, forged.outcome, forged.prevHash, forged.hash, forged.seq]);
      prev = forged;
    }
    assert.equal((await verifyChain(iterateRecords(h.source))).ok, true, 'the chain alone is consistent again');
    await expectFailure(h, 10, 'checkpoint-mismatch', 'record 10 differs from the signed checkpoint at record 10: records 6..10 were rewritten');
  });

  test('a checkpoint re-pointed at forged records without the key fails its signature', async () => {
    const h = await tampered();
    await h.db.exec(`UPDATE audit_checkpoints SET hash = ${h.p(1)} WHERE seq = 10`, ['b'.repeat(64)]);
    await expectFailure(h, 10, 'checkpoint-signature', `the checkpoint at record 10 has an invalid signature (key ${signer.keyId}): it was forged or altered`);
  });

  test('a deleted newest checkpoint is detected', async () => {
    const h = await tampered();
    await h.db.exec('DELETE FROM audit_checkpoints WHERE seq = 10');
    await expectFailure(h, 10, 'checkpoint-mismatch', 'no signed checkpoint vouches for record 10 or later (one is due every 5 records): checkpoints were deleted');
  });

  test('no checkpoint is signed over a tampered chain', async () => {
    const h = await tampered();
    await h.append(3, 12);
    await h.db.exec("UPDATE audit_records SET reason = 'x' WHERE seq = 12");
    await assert.rejects(h.log.checkpointIfDue(), {
      code: 'ERR_AUDIT_TAMPERED',
      message: 'refusing to sign an audit checkpoint: record 12 does not match its hash: it was changed after it was written',
    });
    assert.deepEqual((await h.source.readCheckpoints()).map((c) => c.seq), [5, 10]);
  });
}
