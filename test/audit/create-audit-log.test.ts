import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { createAuditLog, createAuditSql, createEd25519Signer, type AuditLogOptions } from '../../src/audit/index.js';
import { openSqlite } from './databases.js';
import { entries } from './fixtures.js';

const { signer, verifySignature } = createEd25519Signer();
const NOW = new Date('2024-06-01T12:00:00.000Z');
const opened: Array<ReturnType<typeof openSqlite>> = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

function setup(options: Partial<AuditLogOptions> = {}) {
  const db = openSqlite();
  opened.push(db);
  const sql = createAuditSql('sqlite');
  const source = sql.source(db.db);
  const log = createAuditLog({ sink: sql.sink, source, transaction: db.transaction, signer, verifySignature, checkpointEvery: 4, now: () => NOW, ...options });
  const append = (count: number, start = 0) => db.transaction((tx) => log.append(tx, entries(count, start)));
  return { db, sql, source, log, append };
}

describe('createAuditLog: preparing events', () => {
  test('fills in the time from the clock when the event has none', async () => {
    const { db, log } = setup();
    const { time: _time, ...event } = entries(1)[0]!;
    const [record] = await db.transaction((tx) => log.append(tx, [event]));
    assert.equal(record!.time, '2024-06-01T12:00:00.000Z');
  });

  test('strips secret-looking details by default and records where', () => {
    const { log } = setup();
    const prepared = log.prepare({ ...entries(1)[0]!, details: { secretName: 'db', auth: { password: 'hunter2' } } });
    assert.deepEqual(prepared.details, { secretName: 'db', auth: {}, strippedKeys: ['details.auth.password'] });
  });

  test('refuses secret-looking details when told to, so the change rolls back', async () => {
    const { db, log, source } = setup({ secretDetails: 'refuse' });
    await assert.rejects(db.transaction((tx) => log.append(tx, [{ ...entries(1)[0]!, details: { apiKey: 'k' } }])), {
      code: 'ERR_AUDIT_SECRET_DETAIL',
      message: 'audit details.apiKey is named like a secret; record names and ids only, never secret values',
    });
    assert.equal((await source.readHead()).seq, 0);
  });

  test('runs the redactor over every event', () => {
    const { log } = setup({ redact: (d) => JSON.parse(JSON.stringify(d).replaceAll('s3cr3t', '[redacted]')) });
    assert.deepEqual(log.prepare({ ...entries(1)[0]!, details: { command: 'echo s3cr3t' } }).details, { command: 'echo [redacted]' });
  });

  test('appendSync needs the SQLite sink; options are checked once', () => {
    const { db, sql, source } = setup();
    const pgLike = { dialect: 'postgres' as const, append: sql.sink.append, saveCheckpoint: sql.sink.saveCheckpoint };
    const log = createAuditLog({ sink: pgLike, source, transaction: db.transaction });
    assert.throws(() => log.appendSync(db.db, []), { name: 'TypeError', message: 'appendSync needs the SQLite sink (createAuditSql("sqlite").sink)' });
    assert.throws(() => createAuditLog({ sink: sql.sink, source } as never), { name: 'TypeError', message: 'createAuditLog: sink, source and transaction are required' });
    assert.throws(() => createAuditLog({ sink: sql.sink, source, transaction: db.transaction, checkpointEvery: -1 }),
      { name: 'TypeError', message: 'createAuditLog: checkpointEvery must be a non-negative integer' });
  });
});

describe('createAuditLog: checkpoints', () => {
  test('signs a checkpoint at every multiple of checkpointEvery, including ones a crash left unsigned', async () => {
    const { log, source, append } = setup();
    await append(3);
    assert.deepEqual(await log.checkpointIfDue(), []);
    await append(7, 3);
    // 10 records, nothing signed yet (as after a crash between commit and checkpoint): 4 and 8 are due.
    const signed = await log.checkpointIfDue();
    assert.deepEqual(signed.map((c) => [c.seq, c.time, c.keyId]), [[4, NOW.toISOString(), signer.keyId], [8, NOW.toISOString(), signer.keyId]]);
    assert.deepEqual(await source.readCheckpoints(), signed);
    assert.deepEqual(await log.checkpointIfDue(), [], 'nothing new is due');
    assert.deepEqual(await log.verify(), { ok: true, count: 10, head: await source.readHead(), checkpoints: 2 });
  });

  test('signs a checkpoint at the end of the log on demand, and returns the newest when nothing is new', async () => {
    const { log, source, append } = setup();
    assert.equal(await log.checkpoint(), undefined, 'an empty log has nothing to sign');
    await append(6);
    const checkpoint = await log.checkpoint();
    assert.deepEqual((await source.readCheckpoints()).map((c) => c.seq), [4, 6], 'the due one at 4 is not skipped');
    assert.equal(checkpoint!.seq, 6);
    assert.deepEqual(await log.checkpoint(), checkpoint);
  });

  test('a missing newest checkpoint fails verification until checkpointIfDue signs it', async () => {
    const { log, append } = setup();
    await append(5);
    assert.deepEqual(await log.verify(), {
      ok: false, seq: 4, reason: 'checkpoint-mismatch',
      message: 'no signed checkpoint vouches for record 4 or later (one is due every 4 records): checkpoints were deleted',
    });
    await log.checkpointIfDue();
    assert.equal((await log.verify()).ok, true);
  });

  test('refuses to sign on top of a checkpoint whose signature does not verify', async () => {
    const { db, log, append } = setup();
    await append(4);
    await log.checkpointIfDue();
    await append(4, 4);
    await db.exec('DROP TRIGGER audit_checkpoints_no_update');
    await db.exec("UPDATE audit_checkpoints SET time = '2030-01-01T00:00:00.000Z' WHERE seq = 4");
    await assert.rejects(log.checkpointIfDue(), {
      code: 'ERR_AUDIT_TAMPERED',
      message: 'refusing to sign an audit checkpoint: the checkpoint at record 4 has an invalid signature',
    });
  });

  test('without a signer no checkpoint is due, and asking for one is ERR_AUDIT_SIGNER', async () => {
    const { log, append } = setup({ signer: undefined, verifySignature: undefined });
    await append(5);
    assert.deepEqual(await log.checkpointIfDue(), []);
    await assert.rejects(log.checkpoint(), { code: 'ERR_AUDIT_SIGNER', message: 'no audit signer is configured: checkpoints cannot be signed' });
    assert.equal((await log.verify()).ok, true, 'the chain itself still verifies');
  });

  test('a failing signer is ERR_AUDIT_SIGNER and nothing is stored', async () => {
    const broken = { keyId: 'hsm-1', sign: async () => { throw new Error('HSM offline'); } };
    const { log, source, append } = setup({ signer: broken });
    await append(4);
    await assert.rejects(log.checkpointIfDue(), { code: 'ERR_AUDIT_SIGNER', message: 'cannot sign the audit checkpoint at seq 4 with key hsm-1: HSM offline' });
    const empty = { keyId: 'hsm-2', sign: () => new Uint8Array() };
    const second = setup({ signer: empty });
    await second.append(4);
    await assert.rejects(second.log.checkpointIfDue(), { code: 'ERR_AUDIT_SIGNER', message: 'the signer for key hsm-2 returned no signature for the audit checkpoint at seq 4' });
    assert.deepEqual(await source.readCheckpoints(), []);
  });
});

describe('createAuditLog: list and export', () => {
  test('lists with filters and exports canonical JSON lines', async () => {
    const { log, append } = setup();
    const records = await append(6);
    assert.deepEqual((await log.list({ decision: 'denied' })).map((r) => r.seq), [4]);
    const lines: string[] = [];
    for await (const line of log.export({ afterSeq: 4 })) lines.push(line);
    assert.equal(lines.length, 2);
    assert.deepEqual(JSON.parse(lines[1]!), records[5]);
  });
});
