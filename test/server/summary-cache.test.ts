import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SummaryCache } from '../../src/server/summary-cache.js';
import type { StoredRun } from '../../src/store/index.js';

function run(uid: string, version: number, phase = 'Running'): StoredRun {
  return {
    uid, namespace: 'default', name: `wf-${uid}`, phase, resourceVersion: version, labels: {},
    manifest: { metadata: { name: `wf-${uid}`, namespace: 'default' }, spec: { entrypoint: 'main' } },
    state: { phase, parameters: {}, outputs: { parameters: {}, artifacts: {} } },
    createdAt: '2026-01-01T00:00:00.000Z', startedAt: null, finishedAt: null,
  };
}

test('an unchanged run is served from the cache; a new resourceVersion rebuilds its item', () => {
  const cache = new SummaryCache();
  const first = cache.json(run('a', 1));
  assert.equal(JSON.parse(first).status.phase, 'Running');
  assert.equal(JSON.parse(first).metadata.resourceVersion, '1');
  const stale = run('a', 1, 'Succeeded');
  assert.equal(cache.json(stale), first, 'same version: same item, even if the object differs');
  const next = cache.json(run('a', 2, 'Succeeded'));
  assert.equal(JSON.parse(next).status.phase, 'Succeeded');
  assert.equal(JSON.parse(next).metadata.labels['workflows.argoproj.io/completed'], 'true');
  assert.equal(JSON.parse(next).status.nodes, undefined);
});

test('the cache is bounded and drops the least recently used run first', () => {
  const cache = new SummaryCache(2);
  cache.json(run('a', 1));
  cache.json(run('b', 1));
  cache.json(run('a', 1));
  cache.json(run('c', 1));
  // Same versions, different content: a cached item shows the old phase, an evicted one the new.
  assert.equal(JSON.parse(cache.json(run('a', 1, 'Failed'))).status.phase, 'Running', 'a was used last and stayed');
  assert.equal(JSON.parse(cache.json(run('b', 1, 'Failed'))).status.phase, 'Failed', 'b was the least recently used and went');
});
