import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LINE_BYTES, readLines, readNdjson, readSse } from '../../../src/cli/remote/index.js';
import { isKeyflowError } from '../../../src/errors/index.js';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

test('readLines splits on LF and CRLF across chunk boundaries and keeps a last unterminated line', async () => {
  assert.deepEqual(await collect(readLines(chunks('a\r', '\nb', 'c\n', '\nd'))), ['a', 'bc', '', 'd']);
});

test('readLines keeps a multi-byte character split between chunks intact', async () => {
  const bytes = Buffer.from('é\n');
  async function* split(): AsyncGenerator<Buffer> {
    yield bytes.subarray(0, 1);
    yield bytes.subarray(1);
  }
  // Decoding per chunk would turn the halves into replacement characters.
  assert.deepEqual(await collect(readLines(split())), ['é']);
});

test('readNdjson yields one object per line and skips blank lines', async () => {
  const records = await collect(readNdjson(chunks('{"result":{"content":"a","podName":"p"}}\n\n{"result":', '{"content":"b","podName":"p"}}\n')));
  assert.deepEqual(records, [{ result: { content: 'a', podName: 'p' } }, { result: { content: 'b', podName: 'p' } }]);
});

test('readNdjson refuses a line that is not JSON, quoting its start', async () => {
  await assert.rejects(collect(readNdjson(chunks('<html>oops</html>\n'))), (err: unknown) => {
    assert.ok(isKeyflowError(err, 'ERR_CLI_CONNECT'));
    assert.equal(err.message, 'the server sent a stream record that is not JSON: "<html>oops</html>"');
    return true;
  });
});

test('readSse joins data lines of one event, ignores comments and other fields, and flushes the last event', async () => {
  const events = await collect(readSse(chunks(': keep-alive\n\n', 'event: message\nid: 1\ndata: {"a":\ndata: 1}\n\n', 'data:{"b":2}')));
  assert.deepEqual(events, [{ a: 1 }, { b: 2 }]);
});

test('a stream line longer than the limit is refused instead of buffered without bound', async () => {
  async function* huge(): AsyncGenerator<string> {
    const block = 'x'.repeat(1024 * 1024);
    for (let i = 0; i <= MAX_LINE_BYTES / block.length; i++) yield block;
  }
  await assert.rejects(collect(readLines(huge())), /the server sent a stream line longer than 16777216 bytes/);
});
