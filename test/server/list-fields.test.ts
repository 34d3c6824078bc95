import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFields, maskKeeps, parseFields } from '../../src/server/list-fields.js';
import { matchesFields, parseFieldSelector } from '../../src/server/field-selector.js';

const list = {
  metadata: { continue: '' },
  items: [
    { metadata: { name: 'a', uid: '1' }, status: { phase: 'Running', nodes: { n: {} } } },
    { metadata: { name: 'b', uid: '2' }, status: { phase: 'Failed' } },
  ],
};

test('kept paths project the response, walking through arrays', () => {
  assert.deepEqual(applyFields(list, parseFields('metadata,items.metadata.name,items.status.phase')), {
    metadata: { continue: '' },
    items: [{ metadata: { name: 'a' }, status: { phase: 'Running' } }, { metadata: { name: 'b' }, status: { phase: 'Failed' } }],
  });
});

test('dropped paths remove fields without touching the original objects', () => {
  const out = applyFields(list, parseFields('-items.status.nodes,-items.metadata.uid'));
  assert.deepEqual(out.items, [{ metadata: { name: 'a' }, status: { phase: 'Running' } }, { metadata: { name: 'b' }, status: { phase: 'Failed' } }]);
  assert.deepEqual(list.items[0]?.status.nodes, { n: {} });
  assert.equal(list.items[0]?.metadata.uid, '1');
});

test('no fields parameter leaves the response as it is', () => {
  assert.equal(parseFields(undefined), undefined);
  assert.equal(parseFields('  '), undefined);
  assert.equal(applyFields(list, undefined), list);
});

test('maskKeeps tells whether a path (or part of it) survives the mask', () => {
  const nodes = ['items', 'status', 'nodes'];
  assert.equal(maskKeeps(undefined, nodes), false);
  assert.equal(maskKeeps(parseFields('items.status.nodes'), nodes), true);
  assert.equal(maskKeeps(parseFields('items.status'), nodes), true);
  assert.equal(maskKeeps(parseFields('items.status.nodes.x.phase'), nodes), true);
  assert.equal(maskKeeps(parseFields('items.metadata'), nodes), false);
  assert.equal(maskKeeps(parseFields('-items.status.nodes'), nodes), false);
  assert.equal(maskKeeps(parseFields('-items.spec'), nodes), true);
});

test('malformed fields are refused', () => {
  assert.throws(() => parseFields('a,-b'), { code: 'ERR_SERVER_BAD_REQUEST', message: "fields: 'a,-b' mixes kept and dropped (-) paths; use one kind" });
  assert.throws(() => parseFields('items..name'), { code: 'ERR_SERVER_BAD_REQUEST', message: "fields: 'items..name' is not a dotted field path" });
});

test('field selectors select by name; the namespace must agree with the path', () => {
  assert.equal(matchesFields('a', parseFieldSelector('metadata.name=a', 'ns')), true);
  assert.equal(matchesFields('b', parseFieldSelector('metadata.name==a', 'ns')), false);
  assert.equal(matchesFields('b', parseFieldSelector('metadata.name!=a', 'ns')), true);
  assert.equal(matchesFields('b', parseFieldSelector('metadata.namespace=ns', 'ns')), true);
  assert.throws(() => parseFieldSelector('metadata.namespace=other', 'ns'), { code: 'ERR_SERVER_BAD_REQUEST', message: "listOptions.fieldSelector: 'metadata.namespace=other' contradicts the namespace 'ns' of the request path" });
  assert.throws(() => parseFieldSelector('status.phase=Running', 'ns'), { code: 'ERR_SERVER_BAD_REQUEST', message: "listOptions.fieldSelector: cannot use 'status.phase=Running': only metadata.name and metadata.namespace can be selected (=, ==, !=)" });
});
