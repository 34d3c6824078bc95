import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  chainRecords, createEd25519Signer, hashRecord, signCheckpoint, verifyChain,
  type AuditCheckpoint, type AuditRecord, type VerifyResult,
} from '../../src/audit/index.js';
import { entries, entry } from './fixtures.js';

const { signer, verifySignature } = createEd25519Signer();
const chain = (n = 10): AuditRecord[] => chainRecords(null, entries(n));
const TIME = '2024-05-02T00:00:00.000Z';

async function checkpointsAt(records: AuditRecord[], ...seqs: number[]): Promise<AuditCheckpoint[]> {
  return Promise.all(seqs.map((seq) => signCheckpoint(records[seq - 1]!, signer, TIME)));
}

function failure(result: VerifyResult, seq: number, reason: string, message: string): void {
  assert.deepEqual(result, { ok: false, seq, reason, message });
}

/** Re-hashes records from index `from` on so that each links to the previous one, as an attacker would. */
function rehashFrom(records: AuditRecord[], from: number): AuditRecord[] {
  const out = records.map((r) => ({ ...r }));
  for (let i = from; i < out.length; i++) {
    const record = out[i]!;
    record.prevHash = i === 0 ? record.prevHash : out[i - 1]!.hash;
    record.hash = hashRecord(record);
  }
  return out;
}

describe('verifyChain on an intact log', () => {
  test('counts the records and returns the head', async () => {
    const records = chain();
    assert.deepEqual(await verifyChain(records), { ok: true, count: 10, head: { seq: 10, hash: records[9]!.hash }, checkpoints: 0 });
  });

  test('accepts an empty log and an async iterable', async () => {
    assert.deepEqual(await verifyChain([]), { ok: true, count: 0, head: { seq: 0, hash: '0'.repeat(64) }, checkpoints: 0 });
    const records = chain(3);
    async function* stream(): AsyncGenerator<AuditRecord> { yield* records; }
    assert.equal((await verifyChain(stream())).ok, true);
  });

  test('checks every checkpoint it is given and counts them', async () => {
    const records = chain();
    const result = await verifyChain(records, { checkpoints: await checkpointsAt(records, 4, 8), verifySignature, checkpointEvery: 4 });
    assert.deepEqual(result, { ok: true, count: 10, head: { seq: 10, hash: records[9]!.hash }, checkpoints: 2 });
  });

  test('verifies a suffix from a trusted head, ignoring checkpoints before it', async () => {
    const records = chain();
    const result = await verifyChain(records.slice(6), { from: { seq: 6, hash: records[5]!.hash }, checkpoints: await checkpointsAt(records, 4, 8), verifySignature });
    assert.deepEqual(result, { ok: true, count: 4, head: { seq: 10, hash: records[9]!.hash }, checkpoints: 1 });
  });
});

describe('verifyChain names the record that was tampered with', () => {
  test('an edited field: hash-mismatch at that record', async () => {
    const records = chain();
    records[4] = { ...records[4]!, principal: { ...records[4]!.principal, username: 'mallory' } };
    failure(await verifyChain(records), 5, 'hash-mismatch', 'record 5 does not match its hash: it was changed after it was written');
  });

  test('an edited detail or time: hash-mismatch', async () => {
    for (const change of [{ details: { i: 99 } }, { time: '2030-01-01T00:00:00.000Z' }, { decision: 'allowed' as const }, { v: 2 }]) {
      const records = chain(4);
      records[3] = { ...records[3]!, ...change };
      failure(await verifyChain(records), 4, 'hash-mismatch', 'record 4 does not match its hash: it was changed after it was written');
    }
  });

  test('a deleted record: gap naming the missing record', async () => {
    const records = chain();
    records.splice(4, 1);
    failure(await verifyChain(records), 5, 'gap', 'record 5 is missing: the log goes from record 4 to record 6');
    records.splice(4, 2);
    failure(await verifyChain(records), 5, 'gap', 'records 5..7 are missing: the log goes from record 4 to record 8');
  });

  test('a deleted first record: gap at record 1', async () => {
    failure(await verifyChain(chain(3).slice(1)), 1, 'gap', 'record 1 is missing: the log goes from record 0 to record 2');
  });

  test('two records in each other\'s position in the stream: reorder', async () => {
    const records = chain();
    [records[4], records[5]] = [records[5]!, records[4]!];
    failure(await verifyChain(records), 6, 'reorder', 'record 6 comes before record 5: records are out of order');
  });

  test('two rows whose seq values were exchanged (a reorder in the table): reorder', async () => {
    const records = chain();
    const [fifth, sixth] = [records[4]!, records[5]!];
    records[4] = { ...sixth, seq: 5 };
    records[5] = { ...fifth, seq: 6 };
    failure(await verifyChain(records), 5, 'reorder', "records 5 and 6 are in each other's place: records are out of order");
  });

  test('a record going backwards or repeated: reorder', async () => {
    const records = chain(4);
    failure(await verifyChain([...records, records[1]!]), 2, 'reorder', 'record 2 comes after record 4: records are out of order');
    failure(await verifyChain([...records, records[3]!]), 4, 'reorder', 'record 4 appears twice');
  });

  test('an edited record re-hashed on its own: prev-mismatch at the next record, naming the edited one', async () => {
    const records = chain();
    records[4] = { ...records[4]!, resource: { ...records[4]!.resource, name: 'innocent' } };
    records[4].hash = hashRecord(records[4]);
    failure(await verifyChain(records), 6, 'prev-mismatch', 'record 6 does not link to record 5 (its prevHash differs): record 5 was replaced or re-hashed');
  });

  test('a first record that does not start from the genesis: prev-mismatch', async () => {
    const records = chain(2);
    records[0] = { ...records[0]!, prevHash: 'a'.repeat(64) };
    records[0].hash = hashRecord(records[0]);
    failure(await verifyChain(records), 1, 'prev-mismatch', 'record 1 does not start the chain: its prevHash is not the genesis hash');
  });

  test('a deleted record with the rest renumbered and re-hashed is caught only by a signed checkpoint', async () => {
    const records = chain();
    const checkpoints = await checkpointsAt(records, 3, 8);
    const forged = rehashFrom(records.filter((_, i) => i !== 4).map((r, i) => ({ ...r, seq: i + 1 })), 4);
    assert.equal((await verifyChain(forged)).ok, true, 'without checkpoints a consistent rewrite goes unnoticed');
    failure(await verifyChain(forged, { checkpoints, verifySignature }), 8, 'checkpoint-mismatch',
      'record 8 differs from the signed checkpoint at record 8: records 4..8 were rewritten');
  });

  test('a history rewritten from the start without the key: checkpoint-mismatch at the first checkpoint', async () => {
    const records = chain();
    const checkpoints = await checkpointsAt(records, 8);
    records[1] = { ...records[1]!, reason: 'nothing to see' };
    failure(await verifyChain(rehashFrom(records, 1), { checkpoints, verifySignature }), 8, 'checkpoint-mismatch',
      'record 8 differs from the signed checkpoint at record 8: records 1..8 were rewritten');
  });

  test('a truncated tail below a checkpoint: truncated', async () => {
    const records = chain();
    const checkpoints = await checkpointsAt(records, 4, 10);
    failure(await verifyChain(records.slice(0, 7), { checkpoints, verifySignature }), 8, 'truncated',
      'the log ends at record 7 but a signed checkpoint vouches for record 10: records after 7 were removed');
    failure(await verifyChain([], { checkpoints, verifySignature }), 1, 'truncated',
      'the log ends at record 0 but a signed checkpoint vouches for record 4: records after 0 were removed');
  });

  test('a truncated tail below a head the verifier saw before: truncated', async () => {
    const records = chain();
    failure(await verifyChain(records.slice(0, 9), { knownHead: { seq: 10 } }), 10, 'truncated',
      'the log ends at record 9 but it had reached record 10: records after 9 were removed');
    failure(await verifyChain(rehashFrom(records.map((r) => ({ ...r, reason: 'x' })), 0), { knownHead: { seq: 10, hash: records[9]!.hash } }), 10,
      'checkpoint-mismatch', 'record 10 differs from the head seen before: it was rewritten');
  });

  test('a forged or altered checkpoint: checkpoint-signature', async () => {
    const records = chain();
    const [good] = await checkpointsAt(records, 4);
    const altered = { ...good!, hash: records[4]!.hash, seq: 5 };
    failure(await verifyChain(records, { checkpoints: [altered], verifySignature }), 5, 'checkpoint-signature',
      `the checkpoint at record 5 has an invalid signature (key ${signer.keyId}): it was forged or altered`);
    const other = createEd25519Signer();
    const foreign = await signCheckpoint(records[3]!, other.signer, TIME);
    failure(await verifyChain(records, { checkpoints: [foreign], verifySignature }), 4, 'checkpoint-signature',
      `the checkpoint at record 4 has an invalid signature (key ${other.signer.keyId}): it was forged or altered`);
    failure(await verifyChain(records, { checkpoints: [{ ...good!, signature: '***' }], verifySignature }), 4, 'checkpoint-signature',
      `the checkpoint at record 4 has an invalid signature (key ${signer.keyId}): it was forged or altered`);
  });

  test('a forged checkpoint beyond the end is reported as forged, not as a truncation', async () => {
    const records = chain(3);
    const forged = { seq: 50, hash: 'a'.repeat(64), time: TIME, keyId: signer.keyId, signature: 'AAAA' };
    failure(await verifyChain(records, { checkpoints: [forged], verifySignature }), 50, 'checkpoint-signature',
      `the checkpoint at record 50 has an invalid signature (key ${signer.keyId}): it was forged or altered`);
  });

  test('a deleted newest checkpoint (leaving the tail open to a rewrite): checkpoint-mismatch', async () => {
    const records = chain();
    const checkpoints = await checkpointsAt(records, 4);
    failure(await verifyChain(records, { checkpoints, verifySignature, checkpointEvery: 4 }), 8, 'checkpoint-mismatch',
      'no signed checkpoint vouches for record 8 or later (one is due every 4 records): checkpoints were deleted');
    assert.equal((await verifyChain(records, { checkpoints: await checkpointsAt(records, 8), verifySignature, checkpointEvery: 4 })).ok, true,
      'an older missing checkpoint hides nothing: the newer one vouches for everything before it');
  });

  test('a record too malformed to hash: hash-mismatch, not a crash', async () => {
    const records: unknown[] = chain(3);
    records[1] = { ...(records[1] as AuditRecord), principal: undefined };
    failure(await verifyChain(records as AuditRecord[]), 2, 'hash-mismatch', 'record 2 does not match its hash: it was changed after it was written');
    failure(await verifyChain([{ seq: 'one' }] as never), 1, 'hash-mismatch', 'the record after record 0 is malformed (no integer seq)');
  });
});

describe('verifyChain streams', () => {
  test('stops reading at the first broken link, one record ahead at most, and closes the source', async () => {
    let pulled = 0;
    let closed = false;
    function* endless(): Generator<AuditRecord> {
      try {
        let prev = null as AuditRecord | null;
        for (let i = 0; ; i++) {
          const [record] = chainRecords(prev, [entry({ details: { i } })]);
          pulled += 1;
          yield i === 4 ? { ...record!, reason: 'edited' } : record!;
          prev = record!;
        }
      } finally {
        closed = true;
      }
    }
    failure(await verifyChain(endless()), 5, 'hash-mismatch', 'record 5 does not match its hash: it was changed after it was written');
    assert.equal(pulled, 6);
    assert.equal(closed, true);
  });

  test('refuses checkpoints without a verifier and checkpoints out of order', async () => {
    const records = chain(8);
    const checkpoints = await checkpointsAt(records, 4);
    await assert.rejects(verifyChain(records, { checkpoints }), { name: 'TypeError', message: 'verifyChain: checkpoints need a verifySignature function' });
    await assert.rejects(verifyChain(records, { checkpoints: await checkpointsAt(records, 8, 4), verifySignature }),
      { name: 'TypeError', message: 'verifyChain: checkpoints must be objects in ascending seq order' });
    await assert.rejects(verifyChain(records, { checkpointEvery: 0 }), { name: 'TypeError', message: 'verifyChain: checkpointEvery must be a positive integer' });
  });
});
