import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunTransition } from '../../../src/store/index.js';
import { freshNamespace, newRun, node, openFor, type StoreHarness } from './harness.js';

/** Strings that look like SQL, JSON paths, LIKE patterns or markup, or are just unusual. */
const ABSURD = [
  "'; DROP TABLE runs; --",
  'Robert"); DELETE FROM resources; --',
  "x' OR '1'='1",
  '%_%',
  '$.a[0]."b"',
  '{"app":"web"}',
  'back\\slash \\u0000 (escaped, not a NUL)',
  'new\nline\ttab\u0001ctl',
  '🚀 ünïcödé 名前 \u202e',
  '   ',
  '',
  'é'.repeat(256),
];

/** Node order as the store gives it: by the UTF-8 bytes of the id (code point order). */
function byteOrder(a: { id: string }, b: { id: string }): number {
  return Buffer.compare(Buffer.from(a.id), Buffer.from(b.id));
}

/** Names and data are stored verbatim or refused with a typed error; nothing is ever interpreted. */
export function registerInputTests(h: StoreHarness): void {
  test('absurd and SQL-looking names, ids, phases and labels are stored and found verbatim', async (t) => {
    const store = await openFor(t, h);
    const base = freshNamespace();
    for (const [i, text] of ABSURD.entries()) {
      // Namespaces stay unique to this test, except where the text alone is near the 512-byte limit.
      const run = newRun(Buffer.byteLength(text) > 400 ? `${base}-${i}` : `${base}${text}`, { name: text, phase: text, labels: { [text]: text, i: String(i) }, state: { [text]: text } });
      await store.createRun(run, [node(text, text, { text })]);
      await store.commitTransition({ uid: run.uid, expectedVersion: 1, phase: text, state: { text }, upsertNodes: [node(`n2-${i}`, text)] });
      const read = await store.getRun(run.namespace, text);
      assert.equal(read?.uid, run.uid);
      assert.equal(read?.phase, text);
      assert.deepEqual(read?.labels, { [text]: text, i: String(i) });
      assert.deepEqual(await store.listNodes(run.uid), [node(text, text, { text }), node(`n2-${i}`, text)].sort(byteOrder));
      const found = await store.listRuns({ namespace: run.namespace, phases: [text], labels: { [text]: text } });
      assert.deepEqual(found.map((r) => r.uid), [run.uid]);
      await store.putResource({ kind: text, namespace: run.namespace, name: text, manifest: { text } });
      assert.deepEqual((await store.getResource(text, run.namespace, text))?.manifest, { text });
    }
    // The SQL-looking strings were data: every table still answers.
    assert.ok((await store.listRuns({ limit: 1 })).length === 1);
    assert.ok(Array.isArray(await store.listResources({ kind: 'Role' })));
  });

  test('a name with a NUL character is refused with ERR_STORE_INVALID_VALUE', async (t) => {
    const store = await openFor(t, h);
    await assert.rejects(store.createRun(newRun(freshNamespace(), { name: 'a\u0000b' }), []), {
      name: 'StoreError', code: 'ERR_STORE_INVALID_VALUE', message: 'run name contains a NUL character (U+0000)',
    });
    await assert.rejects(store.putResource({ kind: 'Role', namespace: 'x\u0000', name: 'r', manifest: {} }), {
      code: 'ERR_STORE_INVALID_VALUE', message: 'resource namespace contains a NUL character (U+0000)',
    });
    await assert.rejects(store.getRun('ns', '\u0000'), { code: 'ERR_STORE_INVALID_VALUE', message: 'run name contains a NUL character (U+0000)' });
  });

  test('a name longer than 512 bytes is refused with ERR_STORE_INVALID_VALUE', async (t) => {
    const store = await openFor(t, h);
    await assert.rejects(store.createRun(newRun(freshNamespace(), { name: 'é'.repeat(256) + 'x' }), []), {
      code: 'ERR_STORE_INVALID_VALUE', message: 'run name is 513 bytes long; the store accepts at most 512',
    });
  });

  test('a lone UTF-16 surrogate in a node id is refused with ERR_STORE_INVALID_VALUE', async (t) => {
    const store = await openFor(t, h);
    const run = newRun(freshNamespace());
    await assert.rejects(store.createRun(run, [node('bad\ud800')]), {
      code: 'ERR_STORE_INVALID_VALUE', message: `node id of run ${run.uid} contains a lone UTF-16 surrogate`,
    });
    assert.equal(await store.getRunByUid(run.uid), undefined);
  });

  test('JSON data with a NUL character or a lone surrogate is refused and the batch is not applied', async (t) => {
    const store = await openFor(t, h);
    const run = newRun(freshNamespace());
    await store.createRun(run, [node('a')]);
    const bad: RunTransition = { uid: run.uid, expectedVersion: 1, phase: 'Running', state: {}, upsertNodes: [node('a', 'Running', { out: 'x\u0000y' })] };
    await assert.rejects(store.commitTransitions([bad]), {
      code: 'ERR_STORE_INVALID_VALUE', message: 'data of node a contains a NUL character (\\u0000), which PostgreSQL jsonb cannot store',
    });
    await assert.rejects(store.commitTransition({ ...bad, state: { ['k\udc00']: 1 }, upsertNodes: [] }), {
      code: 'ERR_STORE_INVALID_VALUE', message: `state of run ${run.uid} contains a lone UTF-16 surrogate, which PostgreSQL jsonb cannot store`,
    });
    assert.equal((await store.getRunByUid(run.uid))?.resourceVersion, 1);
    assert.deepEqual(await store.listNodes(run.uid), [node('a')]);
  });

  test('values of the wrong type are API misuse: TypeError naming the field', async (t) => {
    const store = await openFor(t, h);
    const run = newRun(freshNamespace());
    await assert.rejects(store.createRun({ ...run, createdAt: 'yesterday' }, []), {
      name: 'TypeError', message: 'run createdAt must be an ISO-8601 time string',
    });
    await assert.rejects(store.createRun({ ...run, labels: { n: 1 as unknown as string } }, []), {
      name: 'TypeError', message: 'run label "n" must be a string, got number',
    });
    await assert.rejects(store.createRun({ ...run, createdAt: '+010000-01-01T00:00:00.000Z' }, []), {
      name: 'TypeError', message: 'run createdAt must be between years 0000 and 9999',
    });
    await store.createRun(run, []);
    await assert.rejects(store.commitTransition({ uid: run.uid, expectedVersion: 1, phase: 'x', state: { n: 1n }, upsertNodes: [] }), {
      name: 'TypeError', message: `state of run ${run.uid} is not JSON-serialisable: Do not know how to serialize a BigInt`,
    });
    await assert.rejects(store.commitTransition({ uid: run.uid, expectedVersion: -1, phase: 'x', state: {}, upsertNodes: [] }), {
      name: 'TypeError', message: `expectedVersion of run ${run.uid} must be a non-negative integer`,
    });
    await assert.rejects(store.putResource({ kind: 'Role', namespace: 'n', name: 'r', manifest: [] as unknown as Record<string, unknown> }), {
      name: 'TypeError', message: 'manifest of Role n/r must be a JSON object',
    });
    assert.equal((await store.getRunByUid(run.uid))?.resourceVersion, 1);
  });
}
