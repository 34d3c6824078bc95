import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, test } from 'node:test';
import { createRedactor, createRedactStream } from '../../src/secrets/index.js';
import { buildAutomaton } from '../../src/secrets/build-automaton.js';
import { RedactScanner } from '../../src/secrets/redact-scanner.js';
import { naiveRedact, patternsOf, prng, randomSplit, randomString } from './redaction-reference.js';

/** Runs `chunks` through a scanner, checking the hold bound after every push. */
function scanChunks(values: string[], chunks: Uint8Array[]): { out: Buffer; maxHeld: number; bound: number } {
  const automaton = buildAutomaton(patternsOf(values));
  const scanner = new RedactScanner(automaton, Buffer.from('[redacted]'));
  const pieces: Uint8Array[] = [];
  const sink = (p: Uint8Array) => { pieces.push(Buffer.from(p)); };
  let maxHeld = 0;
  for (const c of chunks) {
    scanner.push(c, sink);
    maxHeld = Math.max(maxHeld, scanner.held);
  }
  scanner.end(sink);
  return { out: Buffer.concat(pieces), maxHeld, bound: automaton.maxDepth };
}

async function throughStream(values: string[], chunks: Uint8Array[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), createRedactStream(values), new Writable({
    write(chunk: Buffer, _e, cb) { out.push(chunk); cb(); },
  }));
  return Buffer.concat(out);
}

describe('createRedactor: text', () => {
  test('masks every occurrence of every value', () => {
    const r = createRedactor(['hunter22', 's3cr3t-token']);
    assert.equal(r.redact('user=bob pass=hunter22 token=s3cr3t-token again hunter22.'), 'user=bob pass=[redacted] token=[redacted] again [redacted].');
    assert.equal(r.redact('nothing to see'), 'nothing to see');
    assert.equal(r.redact(''), '');
  });

  test('overlapping, contained and adjacent occurrences become one marker', () => {
    const r = createRedactor(['abcd', 'cdef', 'secret', 'secret123']);
    assert.equal(r.redact('xabcdefx'), 'x[redacted]x');
    assert.equal(r.redact('abcdabcd|abcd abcd'), '[redacted]|[redacted] [redacted]');
    assert.equal(r.redact('secret123 secret12'), '[redacted] [redacted]12');
  });

  test('values shorter than 4 characters are not masked (and counted), unless minLength says so', () => {
    const r = createRedactor(['abc', 'a', '', 'long-enough']);
    assert.equal(r.skippedValues, 3);
    assert.equal(r.redact('abc a long-enough'), 'abc a [redacted]');
    assert.equal(createRedactor(['abc'], { minLength: 3 }).redact('xabcx'), 'x[redacted]x');
  });

  test('common encodings of a value are masked: base64 (both alphabets, any offset), URL, form, JSON', () => {
    const value = 'p@ss w/"ord"+ä';
    const r = createRedactor([value]);
    const b = Buffer.from(value);
    for (const encoded of [
      b.toString('base64'), b.toString('base64url'), encodeURIComponent(value),
      new URLSearchParams([['p', value]]).toString().slice(2), JSON.stringify(value).slice(1, -1),
    ]) assert.equal(r.redact(`<${encoded}>`), '<[redacted]>', encoded);
    assert.equal(r.redact(JSON.stringify({ password: value })), '{"password":"[redacted]"}');
    assert.equal(r.redact(`{"password":"p@ss w/\\"ord\\"+\\u00e4"}`), '{"password":"[redacted]"}');
  });

  test('a value inside a larger base64 text (HTTP Basic) loses every character that depends on it alone', () => {
    const r = createRedactor(['hunter22-password']);
    for (const user of ['bob', 'bo', 'b', 'alice1']) {
      const header = Buffer.from(`${user}:hunter22-password`).toString('base64');
      const masked = r.redact(`Authorization: Basic ${header}`);
      assert.match(masked, /\[redacted\]/, user);
      // What is left decodes to at most the user name, the colon and a few bits at the edges.
      const left = masked.replace('Authorization: Basic ', '').split('[redacted]').join('');
      assert.ok(left.length <= Math.ceil(((user.length + 1) * 8) / 6) + 3, `${user}: ${masked}`);
    }
  });

  test('surrounding whitespace and line-by-line prints of a multi-line value are masked', () => {
    const pem = '-----BEGIN TEST KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\nAASCBKcwggSjAgEAAoIBAQC7\n-----END TEST KEY-----\n';
    const r = createRedactor([pem]);
    assert.equal(r.redact(`key:\n${pem}done`), 'key:\n[redacted]done');
    assert.equal(r.redact('line 2 is MIIEvQIBADANBgkqhkiG9w0BAQEF.'), 'line 2 is [redacted].');
    assert.equal(createRedactor(['token-xyz\n']).redact('got token-xyz!'), 'got [redacted]!');
  });

  test('text that is not UTF-8 passes through unchanged around the masks', () => {
    const r = createRedactor(['hunter22']);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('hunter22'), Buffer.from([0xc3])]);
    assert.deepEqual(r.redactBytes(bytes), Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('[redacted]'), Buffer.from([0xc3])]));
  });

  test('the marker can be changed', () => {
    assert.equal(createRedactor(['hunter22'], { marker: '***' }).redact('a hunter22 b'), 'a *** b');
  });

  test('rejects values that are not strings with a TypeError', () => {
    assert.throws(() => createRedactor([1 as unknown as string]), { name: 'TypeError', message: 'createRedactor: values must be an array of strings' });
    assert.throws(() => createRedactor(['x'], { minLength: 0 }), { name: 'TypeError', message: 'createRedactor: minLength must be a positive integer' });
  });
});

describe('createRedactor: equals a naive reference, whatever the chunking (property tests)', () => {
  test('random values and texts over a small alphabet (many overlaps), 400 cases', () => {
    for (let seed = 1; seed <= 400; seed += 1) {
      const rand = prng(seed);
      const alphabet = seed % 2 === 0 ? 'ab' : 'abc=+/%';
      const values = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => randomString(rand, alphabet, 2 + Math.floor(rand() * 8)));
      const parts: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        parts.push(randomString(rand, alphabet, Math.floor(rand() * 10)));
        const v = values[Math.floor(rand() * values.length)] ?? '';
        parts.push([v, Buffer.from(v).toString('base64'), encodeURIComponent(v)][Math.floor(rand() * 3)] ?? v);
      }
      const text = Buffer.from(parts.join(''));
      const expected = naiveRedact(text, patternsOf(values));
      const r = createRedactor(values);
      assert.deepEqual(r.redactBytes(text).toString(), expected.toString(), `seed ${seed}: whole`);
      for (let split = 0; split < 3; split += 1) {
        const { out, maxHeld, bound } = scanChunks(values, randomSplit(rand, text));
        assert.deepEqual(out.toString(), expected.toString(), `seed ${seed}: split ${split}`);
        assert.ok(maxHeld <= bound, `seed ${seed}: held ${maxHeld} > ${bound}`);
      }
    }
  });

  test('random long values (anchored at 256 bytes) over a two-letter alphabet, 40 cases', () => {
    for (let seed = 1000; seed < 1040; seed += 1) {
      const rand = prng(seed);
      const values = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomString(rand, 'ab', 200 + Math.floor(rand() * 150)));
      const parts: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        parts.push(randomString(rand, 'ab', Math.floor(rand() * 300)));
        const v = values[Math.floor(rand() * values.length)] ?? '';
        parts.push(rand() < 0.3 ? v.slice(0, 200 + Math.floor(rand() * 100)) : v);
      }
      const text = Buffer.from(parts.join(''));
      const expected = naiveRedact(text, patternsOf(values)).toString();
      assert.equal(createRedactor(values).redactBytes(text).toString(), expected, `seed ${seed}: whole`);
      const { out, maxHeld } = scanChunks(values, randomSplit(rand, text));
      assert.equal(out.toString(), expected, `seed ${seed}: split`);
      assert.ok(maxHeld <= 256, `seed ${seed}: held ${maxHeld}`);
    }
  });

  test('a value split between two chunks at every possible position is still masked', () => {
    const value = 'Zx9-very-secret-value-Qw2';
    const text = Buffer.from(`before ${value} after`);
    for (let cut = 0; cut <= text.length; cut += 1) {
      const { out } = scanChunks([value], [text.subarray(0, cut), text.subarray(cut)]);
      assert.equal(out.toString(), 'before [redacted] after', `cut at ${cut}`);
    }
    const { out } = scanChunks([value], [...text].map((b) => Uint8Array.of(b)));
    assert.equal(out.toString(), 'before [redacted] after');
  });

  test('holds back at most (longest pattern - 1) bytes that are not already masked', () => {
    const values = ['abcdefgh-1', 'abcdefgh-2', 'xyz-0123456789'];
    const automaton = buildAutomaton(patternsOf(values));
    const longest = Math.max(...patternsOf(values).map((p) => p.length));
    const scanner = new RedactScanner(automaton, Buffer.from('[redacted]'));
    const rand = prng(7);
    let maxHeld = 0;
    for (let i = 0; i < 2000; i += 1) {
      scanner.push(Buffer.from(randomString(rand, 'abcdefgh-12xyz0', 1 + Math.floor(rand() * 5))), () => {});
      maxHeld = Math.max(maxHeld, scanner.held);
    }
    assert.ok(maxHeld > 0 && maxHeld <= longest - 1, `held ${maxHeld}, longest ${longest}`);
  });
});

describe('createRedactor: long values', () => {
  test('a value longer than 256 bytes is masked whole, even split over many chunks, holding back at most 256 bytes', () => {
    const rand = prng(42);
    const value = randomString(rand, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 10_000);
    const r = createRedactor([value]);
    assert.ok(r.maxHoldBytes <= 256);
    const text = Buffer.from(`head ${value} tail ${Buffer.from(value).toString('base64')} end`);
    assert.equal(r.redact(text.toString()), 'head [redacted] tail [redacted] end');
    const { out, maxHeld } = scanChunks([value], randomSplit(rand, text));
    assert.equal(out.toString(), 'head [redacted] tail [redacted] end');
    assert.ok(maxHeld <= 256);
  });

  test('after the first 256 bytes of a long value, its full length is masked even if the rest differs', () => {
    const value = `${'k'.repeat(256)}${'v'.repeat(100)}`;
    const r = createRedactor([value]);
    const text = `${'k'.repeat(256)}${'x'.repeat(150)}`;
    assert.equal(r.redact(text), `[redacted]${'x'.repeat(50)}`);
    assert.equal(r.redact('k'.repeat(255)), 'k'.repeat(255));
  });
});

describe('createRedactor: streams', () => {
  test('the Transform masks across chunk boundaries in a real pipeline', async () => {
    const values = ['hunter22-stream', 'other-secret-99'];
    const text = Buffer.from('log: hunter22-stream | other-secret-99 | hunter22-str'.repeat(50));
    const rand = prng(3);
    const expected = createRedactor(values).redactBytes(text);
    for (let i = 0; i < 20; i += 1) assert.deepEqual(await throughStream(values, randomSplit(rand, text).filter((c) => c.length > 0)), expected);
    assert.ok(!expected.includes('hunter22-stream'));
  });

  test('a redactor with nothing to mask streams its input unchanged', async () => {
    const out = await throughStream(['ab'], [Buffer.from('ab cd'), Buffer.from(' ef')]);
    assert.equal(out.toString(), 'ab cd ef');
  });

  test('each stream of one redactor is independent', async () => {
    const r = createRedactor(['hunter22']);
    const a = r.stream();
    const b = r.stream();
    const collect = (s: NodeJS.ReadableStream) => new Promise<string>((resolve) => { let t = ''; s.on('data', (c: Buffer) => { t += c.toString(); }); s.on('end', () => resolve(t)); });
    const [ta, tb] = [collect(a), collect(b)];
    a.write('hunt'); b.write('hunter'); a.end('er22!'); b.end('22?');
    assert.deepEqual(await Promise.all([ta, tb]), ['[redacted]!', '[redacted]?']);
  });
});
