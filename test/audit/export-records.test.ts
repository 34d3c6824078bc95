import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { chainRecords, createAuditSql, encodeRecord, exportRecords, parseRecordLine, verifyChain } from '../../src/audit/index.js';
import { openSqlite } from './databases.js';
import { entries } from './fixtures.js';

const opened: Array<ReturnType<typeof openSqlite>> = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

function setup() {
  const db = openSqlite();
  opened.push(db);
  const sql = createAuditSql('sqlite');
  const append = (count: number, start = 0) => db.transaction((tx) => sql.sink.append(tx, entries(count, start)));
  return { source: sql.source(db.db), append };
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('exportRecords', () => {
  test('writes one canonical JSON line per record, in seq order, and ends at the end of the log', async () => {
    const { source, append } = setup();
    const records = await append(5);
    const lines = await collect(exportRecords(source, { pageSize: 2 }));
    assert.deepEqual(lines, records.map((r) => `${encodeRecord(r)}\n`));
    assert.match(lines[0]!, /^\{"action":"workflow:create","decision":"allowed","details":\{"i":0\},"hash":"[0-9a-f]{64}","outcome":"success","prevHash":"0{64}",/);
  });

  test('resumes after the last seq a shipper saw, and starts at a time with since', async () => {
    const { source, append } = setup();
    const records = await append(6);
    assert.deepEqual((await collect(exportRecords(source, { afterSeq: 4 }))).map((l) => parseRecordLine(l).seq), [5, 6]);
    assert.deepEqual((await collect(exportRecords(source, { since: records[3]!.time }))).map((l) => parseRecordLine(l).seq), [4, 5, 6]);
    assert.deepEqual((await collect(exportRecords(source, { namespace: 'ns-2' }))).map((l) => parseRecordLine(l).seq), [3, 6]);
  });

  test('follows the log: new records arrive on the open stream until the signal aborts', async () => {
    const { source, append } = setup();
    await append(2);
    const controller = new AbortController();
    const stream = exportRecords(source, { follow: true, pollIntervalMs: 5, signal: controller.signal });
    const seqs = async (n: number): Promise<number[]> => {
      const out: number[] = [];
      while (out.length < n) out.push(parseRecordLine((await stream.next()).value as string).seq);
      return out;
    };
    assert.deepEqual(await seqs(2), [1, 2]);
    const pending = seqs(3);
    await append(3, 2);
    assert.deepEqual(await pending, [3, 4, 5]);
    const end = stream.next();
    controller.abort();
    assert.deepEqual(await end, { done: true, value: undefined });
  });

  test('once started from since, a follower goes by seq, so a record with an earlier clock is not dropped', async () => {
    const { source, append } = setup();
    await append(3, 10);
    const controller = new AbortController();
    const stream = exportRecords(source, { since: '2024-05-01T10:00:00.010Z', follow: true, pollIntervalMs: 5, signal: controller.signal });
    assert.equal(parseRecordLine((await stream.next()).value as string).seq, 1);
    await stream.next();
    await stream.next();
    const late = stream.next();
    await append(1, 0); // stamped 10:00:00.000, before `since`, by a replica with a slower clock
    assert.equal(parseRecordLine((await late).value as string).seq, 4);
    controller.abort();
    await stream.return(undefined);
  });

  test('refuses a poll interval below 1 ms', async () => {
    const { source } = setup();
    await assert.rejects(exportRecords(source, { follow: true, pollIntervalMs: 0 }).next(), { name: 'TypeError', message: 'exportRecords: pollIntervalMs must be at least 1' });
  });
});

describe('parseRecordLine', () => {
  const records = chainRecords(null, entries(4));
  const lines = records.map(encodeRecord);

  test('an exported file verifies line by line, and a tampered line is named', async () => {
    assert.equal((await verifyChain(lines.map((l, i) => parseRecordLine(l, `audit.jsonl:${i + 1}`)))).ok, true);
    const edited = [...lines];
    edited[2] = edited[2]!.replace('"outcome":"success"', '"outcome":"failure"');
    assert.deepEqual(await verifyChain(edited.map((l) => parseRecordLine(l))), {
      ok: false, seq: 3, reason: 'hash-mismatch', message: 'record 3 does not match its hash: it was changed after it was written',
    });
  });

  test('a line that is not a record is ERR_AUDIT_TAMPERED naming where', () => {
    const cases: Array<[string, string]> = [
      ['{"seq":', 'audit.jsonl:7 is not JSON: it is not an audit record'],
      ['[1]', 'audit.jsonl:7 is not a JSON object: it is not an audit record'],
      ['{"seq":"1","v":1}', 'audit.jsonl:7 has no integer seq and v: it is not an audit record'],
      [lines[0]!.replace(/"hash":"[0-9a-f]+",/, ''), 'audit.jsonl:7 has no string hash: it is not an audit record'],
      [lines[0]!.replace('"details":{"i":0}', '"details":[]'), 'audit.jsonl:7 has no details object: it is not an audit record'],
      [lines[0]!.replace('"groups":["payments","oncall"]', '"groups":"payments"'), 'audit.jsonl:7 has no principal.groups array: it is not an audit record'],
    ];
    for (const [line, message] of cases) assert.throws(() => parseRecordLine(line, 'audit.jsonl:7'), { code: 'ERR_AUDIT_TAMPERED', message });
  });
});
