import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshNamespace, newRun, node, openFor, type StoreHarness } from './harness.js';

/** createRun, getRun, getRunByUid, listRuns, listNodes, deleteRun. */
export function registerRunTests(h: StoreHarness): void {
  test('createRun stores the run at version 1 and getRun/getRunByUid read back the same run', async (t) => {
    const store = await openFor(t, h);
    const input = newRun(freshNamespace(), {
      labels: { app: 'demo', 'app.kubernetes.io/name': 'x' },
      state: { phase: 'Pending', nested: { list: [1, 'two', null, true], emoji: '🚀' } },
      startedAt: '2024-05-01T10:00:01.000Z',
    });
    const created = await store.createRun(input, []);
    const expected = { ...input, resourceVersion: 1 };
    assert.deepEqual(created, expected);
    assert.deepEqual(await store.getRun(input.namespace, input.name), expected);
    assert.deepEqual(await store.getRunByUid(input.uid), expected);
  });

  test('createRun normalises times to ISO-8601 UTC with milliseconds', async (t) => {
    const store = await openFor(t, h);
    const input = newRun(freshNamespace(), { createdAt: '2024-05-01T12:00:00+02:00', startedAt: '2024-05-01T10:00:05Z' });
    const created = await store.createRun(input, []);
    assert.equal(created.createdAt, '2024-05-01T10:00:00.000Z');
    const read = await store.getRunByUid(input.uid);
    assert.equal(read?.createdAt, '2024-05-01T10:00:00.000Z');
    assert.equal(read?.startedAt, '2024-05-01T10:00:05.000Z');
    assert.equal(read?.finishedAt, null);
  });

  test('createRun stores the initial nodes and listNodes returns them ordered by id', async (t) => {
    const store = await openFor(t, h);
    const run = newRun(freshNamespace());
    await store.createRun(run, [node('b'), node('a', 'Running', { attempt: 2 }), node('c')]);
    assert.deepEqual(await store.listNodes(run.uid), [node('a', 'Running', { attempt: 2 }), node('b'), node('c')]);
  });

  test('createRun keeps the last of two nodes with the same id', async (t) => {
    const store = await openFor(t, h);
    const run = newRun(freshNamespace());
    await store.createRun(run, [node('a', 'Pending'), node('a', 'Running')]);
    assert.deepEqual(await store.listNodes(run.uid), [node('a', 'Running')]);
  });

  test('createRun rejects a second run with the same namespace and name (ERR_STORE_ALREADY_EXISTS)', async (t) => {
    const store = await openFor(t, h);
    const first = newRun(freshNamespace(), { name: 'hello' });
    await store.createRun(first, [node('a')]);
    await assert.rejects(store.createRun(newRun(first.namespace, { name: 'hello' }), [node('z')]), {
      name: 'StoreError', code: 'ERR_STORE_ALREADY_EXISTS', message: `run ${first.namespace}/hello already exists`,
    });
    assert.deepEqual(await store.listNodes(first.uid), [node('a')]);
  });

  test('createRun rejects a second run with the same uid (ERR_STORE_ALREADY_EXISTS)', async (t) => {
    const store = await openFor(t, h);
    const first = newRun(freshNamespace());
    await store.createRun(first, []);
    await assert.rejects(store.createRun(newRun(freshNamespace(), { uid: first.uid }), []), {
      code: 'ERR_STORE_ALREADY_EXISTS', message: `a run with uid ${first.uid} already exists`,
    });
  });

  test('the same run name may exist in two namespaces', async (t) => {
    const store = await openFor(t, h);
    const a = newRun(freshNamespace(), { name: 'same' });
    const b = newRun(freshNamespace(), { name: 'same' });
    await store.createRun(a, []);
    await store.createRun(b, []);
    assert.equal((await store.getRun(a.namespace, 'same'))?.uid, a.uid);
    assert.equal((await store.getRun(b.namespace, 'same'))?.uid, b.uid);
  });

  test('getRun, getRunByUid and listNodes of an unknown run find nothing', async (t) => {
    const store = await openFor(t, h);
    assert.equal(await store.getRun(freshNamespace(), 'nope'), undefined);
    assert.equal(await store.getRunByUid('00000000-0000-0000-0000-000000000000'), undefined);
    assert.deepEqual(await store.listNodes('00000000-0000-0000-0000-000000000000'), []);
  });

  test('listRuns lists newest first, breaking createdAt ties by creation order, and honours limit', async (t) => {
    const store = await openFor(t, h);
    const ns = freshNamespace();
    const old = newRun(ns, { createdAt: '2024-01-01T00:00:00.000Z' });
    const tieA = newRun(ns, { createdAt: '2024-03-01T00:00:00.000Z' });
    const tieB = newRun(ns, { createdAt: '2024-03-01T00:00:00.000Z' });
    const mid = newRun(ns, { createdAt: '2024-02-01T00:00:00.000Z' });
    for (const run of [old, tieA, tieB, mid]) await store.createRun(run, []);
    const names = (runs: Array<{ name: string }>) => runs.map((r) => r.name);
    assert.deepEqual(names(await store.listRuns({ namespace: ns })), [tieB.name, tieA.name, mid.name, old.name]);
    assert.deepEqual(names(await store.listRuns({ namespace: ns, limit: 2 })), [tieB.name, tieA.name]);
    assert.deepEqual(await store.listRuns({ namespace: ns, limit: 0 }), []);
  });

  test('listRuns without a namespace lists runs of every namespace', async (t) => {
    const store = await openFor(t, h);
    const a = newRun(freshNamespace(), { labels: { suite: 'all-namespaces' }, createdAt: '2030-01-01T00:00:00.000Z' });
    const b = newRun(freshNamespace(), { labels: { suite: 'all-namespaces' }, createdAt: '2030-01-01T00:00:00.000Z' });
    await store.createRun(a, []);
    await store.createRun(b, []);
    const uids = (await store.listRuns({})).map((r) => r.uid);
    assert.ok(uids.includes(a.uid) && uids.includes(b.uid));
  });

  test('listRuns filters by phases; an empty phases list matches nothing', async (t) => {
    const store = await openFor(t, h);
    const ns = freshNamespace();
    const pending = newRun(ns, { phase: 'Pending' });
    const running = newRun(ns, { phase: 'Running' });
    const failed = newRun(ns, { phase: 'Failed' });
    for (const run of [pending, running, failed]) await store.createRun(run, []);
    const uids = async (phases: string[]) => (await store.listRuns({ namespace: ns, phases })).map((r) => r.uid).sort();
    assert.deepEqual(await uids(['Running', 'Failed']), [running.uid, failed.uid].sort());
    assert.deepEqual(await uids(['Succeeded']), []);
    assert.deepEqual(await uids([]), []);
  });

  test('listRuns matches labels by exact key and value, all given labels at once', async (t) => {
    const store = await openFor(t, h);
    const ns = freshNamespace();
    const web = newRun(ns, { labels: { app: 'web', tier: 'front', 'app.kubernetes.io/part-of': 'shop' } });
    const webBack = newRun(ns, { labels: { app: 'web', tier: 'back' } });
    const prefix = newRun(ns, { labels: { app: 'web-2', tier: 'front' } });
    const quoted = newRun(ns, { labels: { 'we"ird': "it's", 'a.b': 'c' } });
    const none = newRun(ns, { labels: {} });
    for (const run of [web, webBack, prefix, quoted, none]) await store.createRun(run, []);
    const uids = async (labels: Record<string, string>) =>
      (await store.listRuns({ namespace: ns, labels })).map((r) => r.uid).sort();
    assert.deepEqual(await uids({ app: 'web' }), [web.uid, webBack.uid].sort());
    assert.deepEqual(await uids({ app: 'web', tier: 'front' }), [web.uid]);
    assert.deepEqual(await uids({ 'app.kubernetes.io/part-of': 'shop' }), [web.uid]);
    assert.deepEqual(await uids({ app: 'we' }), []);
    assert.deepEqual(await uids({ app: 'web%' }), []);
    assert.deepEqual(await uids({ 'we"ird': "it's" }), [quoted.uid]);
    assert.deepEqual(await uids({ 'a.b': 'c' }), [quoted.uid]);
    assert.deepEqual(await uids({ a: '{"b":"c"}' }), []);
    assert.deepEqual(await uids({ tier: 'front', missing: 'x' }), []);
    assert.equal((await uids({})).length, 5);
  });

  test('listRuns combines namespace, phases, labels and limit', async (t) => {
    const store = await openFor(t, h);
    const ns = freshNamespace();
    const older = newRun(ns, { phase: 'Running', labels: { team: 'a' }, createdAt: '2024-01-01T00:00:00.000Z' });
    const newer = newRun(ns, { phase: 'Running', labels: { team: 'a' }, createdAt: '2024-01-02T00:00:00.000Z' });
    const otherPhase = newRun(ns, { phase: 'Failed', labels: { team: 'a' } });
    const otherNs = newRun(freshNamespace(), { phase: 'Running', labels: { team: 'a' } });
    for (const run of [older, newer, otherPhase, otherNs]) await store.createRun(run, []);
    const found = await store.listRuns({ namespace: ns, phases: ['Running'], labels: { team: 'a' }, limit: 1 });
    assert.deepEqual(found.map((r) => r.uid), [newer.uid]);
  });

  test('deleteRun removes the run and its nodes and reports whether it existed', async (t) => {
    const store = await openFor(t, h);
    const run = newRun(freshNamespace());
    await store.createRun(run, [node('a'), node('b')]);
    assert.equal(await store.deleteRun(run.uid), true);
    assert.equal(await store.getRunByUid(run.uid), undefined);
    assert.deepEqual(await store.listNodes(run.uid), []);
    assert.equal(await store.deleteRun(run.uid), false);
    // The name is free again.
    await store.createRun(newRun(run.namespace, { name: run.name }), []);
  });

  test('listRuns rejects a negative or fractional limit with a TypeError', async (t) => {
    const store = await openFor(t, h);
    await assert.rejects(store.listRuns({ limit: -1 }), { name: 'TypeError', message: 'listRuns: limit must be a non-negative integer' });
    await assert.rejects(store.listRuns({ limit: 1.5 }), { name: 'TypeError', message: 'listRuns: limit must be a non-negative integer' });
  });
}
