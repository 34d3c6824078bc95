import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { chainRecord, chainRecords, encodeRecord, GENESIS_HASH, hashRecord, type AuditEntry } from '../../src/audit/index.js';
import { ALICE, entry } from './fixtures.js';

describe('chainRecord', () => {
  test('the first record has seq 1 and the genesis prevHash, later ones link to their predecessor', () => {
    const first = chainRecord(null, entry());
    assert.equal(first.seq, 1);
    assert.equal(first.prevHash, GENESIS_HASH);
    const second = chainRecord(first, entry({ action: 'workflow:get' }));
    assert.equal(second.seq, 2);
    assert.equal(second.prevHash, first.hash);
    assert.deepEqual(chainRecords(null, [entry(), entry({ action: 'workflow:get' })]), [first, second]);
  });

  test('hashes the canonical JSON of every field but hash (format vector)', () => {
    const record = chainRecord(null, {
      time: '2024-05-01T10:00:00.000Z',
      principal: { issuer: 'https://idp', subject: 'u1', kind: 'user' },
      action: 'auth:login',
      decision: 'allowed',
      outcome: 'success',
    });
    const canonical = '{"action":"auth:login","decision":"allowed","details":{},"outcome":"success",'
      + `"prevHash":"${GENESIS_HASH}","principal":{"groups":[],"issuer":"https://idp","kind":"user","subject":"u1","username":""},`
      + '"reason":"","requestId":null,"resource":{"kind":"","name":"","namespace":""},"seq":1,"sourceAddress":null,'
      + '"time":"2024-05-01T10:00:00.000Z","v":1}';
    assert.equal(record.hash, createHash('sha256').update(canonical).digest('hex'));
    // Pinned: a change of the format (field names, defaults, encoding) must be a deliberate new `v`.
    assert.equal(record.hash, '1640cccbeba98dadfbbc2521c3ceaf4b5e290712b426cad19278d30ef334936f');
    assert.equal(encodeRecord(record), canonical.replace('"details":{},', `"details":{},"hash":"${record.hash}",`));
  });

  test('keeps only the record fields: extra principal claims and unknown entry fields are not recorded', () => {
    const withClaims = { ...ALICE, claims: { email: 'alice@example.com' } };
    const record = chainRecord(null, { ...entry({ principal: withClaims }), extra: 'x' } as AuditEntry);
    assert.deepEqual(record.principal, ALICE);
    assert.equal('extra' in record, false);
    assert.equal(record.hash, chainRecord(null, entry()).hash);
  });

  test('changing any field, the seq or the predecessor changes the hash', () => {
    const base = chainRecord(null, entry());
    const variants = [
      chainRecord(null, entry({ time: '2024-05-01T10:00:00.001Z' })),
      chainRecord(null, entry({ principal: { ...ALICE, groups: ['payments'] } })),
      chainRecord(null, entry({ resource: { kind: 'Workflow', namespace: 'payments', name: 'other' } })),
      chainRecord(null, entry({ decision: 'denied' })),
      chainRecord(null, entry({ reason: '' })),
      chainRecord(null, entry({ requestId: null })),
      chainRecord(null, entry({ details: { template: 'nightly', parameters: ['date', 'x'] } })),
      chainRecord({ seq: 1, hash: GENESIS_HASH }, entry()),
      chainRecord({ seq: 0, hash: 'f'.repeat(64) }, entry()),
    ];
    for (const variant of variants) assert.notEqual(variant.hash, base.hash);
    assert.equal(hashRecord(base), base.hash);
  });

  test('does not keep references to the caller\'s details', () => {
    const details = { list: [1] };
    const record = chainRecord(null, entry({ details }));
    details.list.push(2);
    assert.deepEqual(record.details, { list: [1] });
  });

  test('refuses a prev that is not a chain head', () => {
    for (const prev of [{ seq: -1, hash: GENESIS_HASH }, { seq: 1.5, hash: GENESIS_HASH }, { seq: 1, hash: 'ABC' }]) {
      assert.throws(() => chainRecord(prev, entry()), {
        name: 'TypeError',
        message: 'chainRecord: prev must be { seq: a non-negative integer, hash: 64 lower-case hex digits }',
      });
    }
  });
});
