import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshNamespace, openFor, type StoreHarness } from './harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A clock that returns the given times in turn (then keeps the last). */
function clock(...isoTimes: string[]): () => Date {
  let i = 0;
  return () => new Date(isoTimes[Math.min(i++, isoTimes.length - 1)]!);
}

/** putResource, getResource, listResources, deleteResource. */
export function registerResourceTests(h: StoreHarness): void {
  test('putResource creates a resource at version 1 with a generated uid and the clock\'s time', async (t) => {
    const store = await openFor(t, h, { now: clock('2024-06-01T08:00:00.000Z') });
    const ns = freshNamespace();
    const manifest = { apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', metadata: { name: 'tpl' }, spec: { x: [1, 2] } };
    const created = await store.putResource({ kind: 'WorkflowTemplate', namespace: ns, name: 'tpl', manifest });
    assert.match(created.uid, UUID);
    assert.deepEqual(created, {
      kind: 'WorkflowTemplate', namespace: ns, name: 'tpl', uid: created.uid, resourceVersion: 1, manifest,
      createdAt: '2024-06-01T08:00:00.000Z', updatedAt: '2024-06-01T08:00:00.000Z',
    });
    assert.deepEqual(await store.getResource('WorkflowTemplate', ns, 'tpl'), created);
  });

  test('putResource on an existing resource bumps the version and keeps uid and createdAt', async (t) => {
    const store = await openFor(t, h, { now: clock('2024-06-01T08:00:00.000Z', '2024-06-01T09:30:00.000Z') });
    const ns = freshNamespace();
    const first = await store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: { rules: [] }, uid: 'given-uid' });
    assert.equal(first.uid, 'given-uid');
    const second = await store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: { rules: ['x'] } });
    assert.deepEqual(second, {
      kind: 'Role', namespace: ns, name: 'r', uid: 'given-uid', resourceVersion: 2, manifest: { rules: ['x'] },
      createdAt: '2024-06-01T08:00:00.000Z', updatedAt: '2024-06-01T09:30:00.000Z',
    });
    assert.deepEqual(await store.getResource('Role', ns, 'r'), second);
  });

  test('putResource with a stale expectedVersion fails with ERR_STORE_CONFLICT and keeps the stored manifest', async (t) => {
    const store = await openFor(t, h);
    const ns = freshNamespace();
    await store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: { v: 1 } });
    const v2 = await store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: { v: 2 }, expectedVersion: 1 });
    assert.equal(v2.resourceVersion, 2);
    await assert.rejects(store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: { v: 3 }, expectedVersion: 1 }), {
      name: 'StoreError', code: 'ERR_STORE_CONFLICT', message: `Role ${ns}/r is at version 2, expected 1`,
    });
    assert.deepEqual((await store.getResource('Role', ns, 'r'))?.manifest, { v: 2 });
  });

  test('expectedVersion 0 creates only: ERR_STORE_ALREADY_EXISTS when the resource exists', async (t) => {
    const store = await openFor(t, h);
    const created = await store.putResource({ kind: 'Pool', namespace: '', name: 'gpu', manifest: { a: 1 }, expectedVersion: 0 });
    assert.equal(created.resourceVersion, 1);
    await assert.rejects(store.putResource({ kind: 'Pool', namespace: '', name: 'gpu', manifest: { a: 2 }, expectedVersion: 0 }), {
      code: 'ERR_STORE_ALREADY_EXISTS', message: 'Pool gpu already exists',
    });
    await store.deleteResource('Pool', '', 'gpu');
  });

  test('expectedVersion above 0 on a missing resource fails with ERR_STORE_NOT_FOUND', async (t) => {
    const store = await openFor(t, h);
    const ns = freshNamespace();
    await assert.rejects(store.putResource({ kind: 'Secret', namespace: ns, name: 's', manifest: {}, expectedVersion: 3 }), {
      code: 'ERR_STORE_NOT_FOUND', message: `Secret ${ns}/s does not exist (expected version 3)`,
    });
    assert.equal(await store.getResource('Secret', ns, 's'), undefined);
  });

  test('a uid that differs from the stored one is a conflict (the resource was recreated)', async (t) => {
    const store = await openFor(t, h);
    const ns = freshNamespace();
    const first = await store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: {} });
    await assert.rejects(store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: {}, uid: 'other-uid' }), {
      code: 'ERR_STORE_CONFLICT', message: `Role ${ns}/r has uid ${first.uid}, not other-uid`,
    });
    const same = await store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: { ok: true }, uid: first.uid });
    assert.equal(same.resourceVersion, 2);
  });

  test('listResources lists one kind, optionally in one namespace, ordered by namespace then name', async (t) => {
    const store = await openFor(t, h);
    const [a, b] = [freshNamespace(), freshNamespace()].sort();
    for (const [ns, name] of [[b, 'y'], [a, 'z'], [a, 'b'], [b, 'a']] as const) {
      await store.putResource({ kind: 'ListKindTest', namespace: ns!, name, manifest: { name } });
    }
    await store.putResource({ kind: 'OtherKind', namespace: a!, name: 'q', manifest: {} });
    const keys = (rs: Array<{ namespace: string; name: string }>) => rs.map((r) => `${r.namespace}/${r.name}`);
    const all = keys(await store.listResources({ kind: 'ListKindTest' })).filter((k) => k.startsWith(a!) || k.startsWith(b!));
    assert.deepEqual(all, [`${a}/b`, `${a}/z`, `${b}/a`, `${b}/y`]);
    assert.deepEqual(keys(await store.listResources({ kind: 'ListKindTest', namespace: b! })), [`${b}/a`, `${b}/y`]);
    assert.deepEqual(await store.listResources({ kind: 'NoSuchKind' }), []);
  });

  test('cluster-scoped resources use the empty namespace', async (t) => {
    const store = await openFor(t, h);
    const name = `cr-${freshNamespace()}`;
    await store.putResource({ kind: 'ClusterRole', namespace: '', name, manifest: { rules: [] } });
    assert.equal((await store.getResource('ClusterRole', '', name))?.name, name);
    assert.equal(await store.getResource('ClusterRole', 'default', name), undefined);
    assert.ok((await store.listResources({ kind: 'ClusterRole', namespace: '' })).some((r) => r.name === name));
    await store.deleteResource('ClusterRole', '', name);
  });

  test('deleteResource removes it and reports whether it existed', async (t) => {
    const store = await openFor(t, h);
    const ns = freshNamespace();
    await store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: {} });
    assert.equal(await store.deleteResource('Role', ns, 'r'), true);
    assert.equal(await store.getResource('Role', ns, 'r'), undefined);
    assert.equal(await store.deleteResource('Role', ns, 'r'), false);
    const again = await store.putResource({ kind: 'Role', namespace: ns, name: 'r', manifest: {} });
    assert.equal(again.resourceVersion, 1);
  });

  test('concurrent creates of one resource on separate connections: one creates, the other updates', async (t) => {
    const first = await openFor(t, h);
    const second = await openFor(t, h);
    const ns = freshNamespace();
    const results = await Promise.all([
      first.putResource({ kind: 'Role', namespace: ns, name: 'race', manifest: { by: 1 } }),
      second.putResource({ kind: 'Role', namespace: ns, name: 'race', manifest: { by: 2 } }),
    ]);
    assert.deepEqual(results.map((r) => r.resourceVersion).sort(), [1, 2]);
    assert.equal(results[0]!.uid, results[1]!.uid);
    assert.equal((await first.getResource('Role', ns, 'race'))?.resourceVersion, 2);
  });
}
