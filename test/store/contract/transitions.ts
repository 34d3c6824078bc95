import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunTransition, Store } from '../../../src/store/index.js';
import { freshNamespace, newRun, node, openFor, type StoreHarness } from './harness.js';

function transition(uid: string, expectedVersion: number, extra: Partial<RunTransition> = {}): RunTransition {
  return { uid, expectedVersion, phase: 'Running', state: { step: expectedVersion }, upsertNodes: [], ...extra };
}

async function createRuns(store: Store, count: number, nodes = [node('a')]) {
  const ns = freshNamespace();
  const runs = Array.from({ length: count }, () => newRun(ns));
  for (const run of runs) await store.createRun(run, nodes);
  return runs;
}

/** commitTransition(s): versions, node upserts and deletes, conflicts, batch atomicity, races. */
export function registerTransitionTests(h: StoreHarness): void {
  test('commitTransition moves the run to the next version and writes phase, state, times and nodes', async (t) => {
    const store = await openFor(t, h);
    const [run] = await createRuns(store, 1, [node('a'), node('b'), node('c')]);
    const version = await store.commitTransition(transition(run!.uid, 1, {
      state: { phase: 'Running', message: 'go' },
      startedAt: '2024-05-01T10:00:01Z',
      upsertNodes: [node('a', 'Running', { n: 1 }), node('d', 'Pending')],
      deleteNodeIds: ['b', 'not-there'],
    }));
    assert.equal(version, 2);
    const stored = await store.getRunByUid(run!.uid);
    assert.equal(stored?.resourceVersion, 2);
    assert.equal(stored?.phase, 'Running');
    assert.deepEqual(stored?.state, { phase: 'Running', message: 'go' });
    assert.equal(stored?.startedAt, '2024-05-01T10:00:01.000Z');
    assert.equal(stored?.finishedAt, null);
    assert.deepEqual(stored?.manifest, run!.manifest);
    assert.deepEqual(await store.listNodes(run!.uid), [node('a', 'Running', { n: 1 }), node('c'), node('d', 'Pending')]);
  });

  test('an omitted startedAt/finishedAt leaves the stored time alone and null clears it', async (t) => {
    const store = await openFor(t, h);
    const [run] = await createRuns(store, 1);
    await store.commitTransition(transition(run!.uid, 1, { startedAt: '2024-05-01T10:00:00.000Z', finishedAt: '2024-05-01T11:00:00.000Z' }));
    await store.commitTransition(transition(run!.uid, 2));
    let stored = await store.getRunByUid(run!.uid);
    assert.equal(stored?.startedAt, '2024-05-01T10:00:00.000Z');
    assert.equal(stored?.finishedAt, '2024-05-01T11:00:00.000Z');
    await store.commitTransition(transition(run!.uid, 3, { finishedAt: null }));
    stored = await store.getRunByUid(run!.uid);
    assert.equal(stored?.startedAt, '2024-05-01T10:00:00.000Z');
    assert.equal(stored?.finishedAt, null);
  });

  test('a stale expectedVersion fails with ERR_STORE_CONFLICT naming the run and both versions, and changes nothing', async (t) => {
    const store = await openFor(t, h);
    const [run] = await createRuns(store, 1);
    await store.commitTransition(transition(run!.uid, 1));
    await assert.rejects(store.commitTransition(transition(run!.uid, 1, { phase: 'Failed', upsertNodes: [node('a', 'Failed')] })), {
      name: 'StoreError', code: 'ERR_STORE_CONFLICT',
      message: `run ${run!.namespace}/${run!.name} (uid ${run!.uid}) is at version 2, expected 1`,
    });
    const stored = await store.getRunByUid(run!.uid);
    assert.equal(stored?.resourceVersion, 2);
    assert.equal(stored?.phase, 'Running');
    assert.deepEqual(await store.listNodes(run!.uid), [node('a')]);
  });

  test('a transition of an unknown run fails with ERR_STORE_NOT_FOUND', async (t) => {
    const store = await openFor(t, h);
    const uid = '11111111-2222-3333-4444-555555555555';
    await assert.rejects(store.commitTransition(transition(uid, 1, { upsertNodes: [node('a')] })), {
      code: 'ERR_STORE_NOT_FOUND', message: `run ${uid} does not exist`,
    });
    assert.deepEqual(await store.listNodes(uid), []);
  });

  test('commitTransitions applies transitions of many runs in one call and returns their versions in order', async (t) => {
    const store = await openFor(t, h);
    const runs = await createRuns(store, 3);
    await store.commitTransition(transition(runs[1]!.uid, 1));
    const versions = await store.commitTransitions([
      transition(runs[0]!.uid, 1, { upsertNodes: [node('x0')] }),
      transition(runs[1]!.uid, 2, { phase: 'Succeeded', upsertNodes: [node('x1')] }),
      transition(runs[2]!.uid, 1, { deleteNodeIds: ['a'] }),
    ]);
    assert.deepEqual(versions, [2, 3, 2]);
    assert.equal((await store.getRunByUid(runs[1]!.uid))?.phase, 'Succeeded');
    assert.deepEqual(await store.listNodes(runs[0]!.uid), [node('a'), node('x0')]);
    assert.deepEqual(await store.listNodes(runs[2]!.uid), []);
    assert.deepEqual(await store.commitTransitions([]), []);
  });

  test('several transitions of one run in a batch apply in order, as if committed one by one', async (t) => {
    const store = await openFor(t, h);
    const [run] = await createRuns(store, 1, [node('gone-then-back'), node('kept')]);
    const versions = await store.commitTransitions([
      transition(run!.uid, 1, { startedAt: '2024-05-01T10:00:00.000Z', upsertNodes: [node('new-then-gone')], deleteNodeIds: ['gone-then-back'] }),
      transition(run!.uid, 2, { phase: 'Running', upsertNodes: [node('kept', 'Running')] }),
      transition(run!.uid, 3, { phase: 'Succeeded', state: { done: true }, finishedAt: '2024-05-01T10:05:00.000Z',
        upsertNodes: [node('gone-then-back', 'Succeeded')], deleteNodeIds: ['new-then-gone'] }),
    ]);
    assert.deepEqual(versions, [2, 3, 4]);
    const stored = await store.getRunByUid(run!.uid);
    assert.equal(stored?.resourceVersion, 4);
    assert.equal(stored?.phase, 'Succeeded');
    assert.deepEqual(stored?.state, { done: true });
    assert.equal(stored?.startedAt, '2024-05-01T10:00:00.000Z');
    assert.equal(stored?.finishedAt, '2024-05-01T10:05:00.000Z');
    assert.deepEqual(await store.listNodes(run!.uid), [node('gone-then-back', 'Succeeded'), node('kept', 'Running')]);
  });

  test('one stale transition in a batch fails the whole batch: no run and no node changes', async (t) => {
    const store = await openFor(t, h);
    const runs = await createRuns(store, 3);
    await store.commitTransition(transition(runs[1]!.uid, 1));
    await assert.rejects(store.commitTransitions([
      transition(runs[0]!.uid, 1, { phase: 'Succeeded', upsertNodes: [node('a', 'Succeeded'), node('new')] }),
      transition(runs[1]!.uid, 1, { phase: 'Succeeded' }),
      transition(runs[2]!.uid, 1, { phase: 'Succeeded', deleteNodeIds: ['a'] }),
    ]), {
      code: 'ERR_STORE_CONFLICT',
      message: `run ${runs[1]!.namespace}/${runs[1]!.name} (uid ${runs[1]!.uid}) is at version 2, expected 1 `
        + '(transition 2 of 3; none of the batch was applied)',
    });
    for (const [i, run] of runs.entries()) {
      const stored = await store.getRunByUid(run.uid);
      assert.equal(stored?.resourceVersion, i === 1 ? 2 : 1);
      assert.equal(stored?.phase, i === 1 ? 'Running' : 'Pending');
      assert.deepEqual(await store.listNodes(run.uid), [node('a')]);
    }
  });

  test('transitions of one run that do not chain fail the batch with ERR_STORE_CONFLICT', async (t) => {
    const store = await openFor(t, h);
    const [run, other] = await createRuns(store, 2);
    await assert.rejects(store.commitTransitions([
      transition(other!.uid, 1, { upsertNodes: [node('b')] }),
      transition(run!.uid, 1),
      transition(run!.uid, 1),
    ]), {
      code: 'ERR_STORE_CONFLICT',
      message: `run ${run!.namespace}/${run!.name} (uid ${run!.uid}) is at version 2, expected 1 (transition 3 of 3; none of the batch was applied)`,
    });
    assert.equal((await store.getRunByUid(run!.uid))?.resourceVersion, 1);
    assert.equal((await store.getRunByUid(other!.uid))?.resourceVersion, 1);
    assert.deepEqual(await store.listNodes(other!.uid), [node('a')]);
  });

  test('a batch naming an unknown run applies nothing', async (t) => {
    const store = await openFor(t, h);
    const [run] = await createRuns(store, 1);
    const ghost = '99999999-0000-0000-0000-000000000000';
    await assert.rejects(store.commitTransitions([transition(run!.uid, 1, { upsertNodes: [node('b')] }), transition(ghost, 1)]), {
      code: 'ERR_STORE_NOT_FOUND', message: `run ${ghost} does not exist (transition 2 of 2; none of the batch was applied)`,
    });
    assert.equal((await store.getRunByUid(run!.uid))?.resourceVersion, 1);
    assert.deepEqual(await store.listNodes(run!.uid), [node('a')]);
  });

  test('a large batch (600 transitions, 1,800 node writes) is applied completely', async (t) => {
    const store = await openFor(t, h);
    const runs = await createRuns(store, 300, []);
    const batch: RunTransition[] = [];
    for (const round of [1, 2]) {
      for (const run of runs) {
        batch.push(transition(run.uid, round, { upsertNodes: [0, 1, 2].map((k) => node(`r${round}-n${k}`, 'Running')) }));
      }
    }
    const versions = await store.commitTransitions(batch);
    assert.deepEqual(versions, batch.map((b) => b.expectedVersion + 1));
    for (const run of [runs[0]!, runs[150]!, runs[299]!]) {
      assert.equal((await store.getRunByUid(run.uid))?.resourceVersion, 3);
      assert.equal((await store.listNodes(run.uid)).length, 6);
    }
  });

  test('two writers on separate connections with the same expectedVersion: exactly one wins', async (t) => {
    const first = await openFor(t, h);
    const second = await openFor(t, h);
    const runs = await createRuns(first, 10);
    for (const run of runs) {
      const results = await Promise.allSettled([
        first.commitTransition(transition(run.uid, 1, { phase: 'A', upsertNodes: [node('a', 'A')] })),
        second.commitTransition(transition(run.uid, 1, { phase: 'B', upsertNodes: [node('a', 'B')] })),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      assert.equal(lost[0]!.reason.code, 'ERR_STORE_CONFLICT');
      assert.equal(lost[0]!.reason.message, `run ${run.namespace}/${run.name} (uid ${run.uid}) is at version 2, expected 1`);
      const winner = results[0]!.status === 'fulfilled' ? 'A' : 'B';
      const stored = await first.getRunByUid(run.uid);
      assert.equal(stored?.phase, winner);
      assert.equal(stored?.resourceVersion, 2);
      assert.deepEqual(await first.listNodes(run.uid), [node('a', winner)]);
    }
  });

  test('concurrent batches racing for the same runs: each run moves exactly once per version', async (t) => {
    const stores = [await openFor(t, h), await openFor(t, h), await openFor(t, h)];
    const runs = await createRuns(stores[0]!, 20);
    const results = await Promise.allSettled(stores.map((store, i) =>
      store.commitTransitions(runs.map((run) => transition(run.uid, 1, { phase: `writer-${i}` })))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    for (const run of runs) {
      const stored = await stores[0]!.getRunByUid(run.uid);
      assert.equal(stored?.resourceVersion, 2);
      assert.equal(stored?.phase, `writer-${winner}`);
    }
  });
}
