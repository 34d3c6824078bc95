import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelEqualities, matchesLabels, parseLabelSelector } from '../../src/server/label-selector.js';

const labels = { app: 'web', tier: 'front', 'example.com/owner': 'ops' };
const selects = (selector: string) => matchesLabels(labels, parseLabelSelector(selector));

test('an empty or missing selector selects everything', () => {
  assert.deepEqual(parseLabelSelector(undefined), []);
  assert.deepEqual(parseLabelSelector(''), []);
  assert.equal(selects(''), true);
});

test('equality, inequality, existence and absence follow Kubernetes semantics', () => {
  assert.equal(selects('app=web'), true);
  assert.equal(selects('app==web'), true);
  assert.equal(selects('app=api'), false);
  assert.equal(selects('app!=api'), true);
  assert.equal(selects('missing!=x'), true);
  assert.equal(selects('tier'), true);
  assert.equal(selects('!tier'), false);
  assert.equal(selects('!missing'), true);
  assert.equal(selects('example.com/owner=ops'), true);
});

test('set-based requirements: in and notin, with commas inside the parentheses', () => {
  assert.equal(selects('app in (api, web)'), true);
  assert.equal(selects('app in (api)'), false);
  assert.equal(selects('app notin (api,db)'), true);
  assert.equal(selects('missing notin (x)'), true);
  assert.equal(selects('app in (web),tier notin (back),example.com/owner'), true);
});

test('every requirement must hold', () => {
  assert.equal(selects('app=web,tier=back'), false);
});

test('the store gets only plain, non-empty equalities (and none for derived keys)', () => {
  const reqs = parseLabelSelector('app=web,tier!=x,owner,phase=Running,empty=');
  assert.deepEqual(labelEqualities(reqs, (k) => k === 'phase'), { app: 'web' });
});

test('malformed selectors are refused naming the part and why', () => {
  const cases: [string, string][] = [
    ['app=we b', "listOptions.labelSelector: cannot use 'app=we b': expected key=value, key!=value, key, !key, key in (a,b) or key notin (a,b)"],
    ['-app=x', "listOptions.labelSelector: cannot use '-app=x': '-app' is not a valid label key"],
    ['app=-x', "listOptions.labelSelector: cannot use 'app=-x': '-x' is not a valid label value"],
    ['app in (a b)', "listOptions.labelSelector: cannot use 'app in (a b)': 'a b' is not a valid label value"],
    [`k=${'v'.repeat(64)}`, `listOptions.labelSelector: cannot use 'k=${'v'.repeat(64)}': '${'v'.repeat(64)}' is not a valid label value`],
  ];
  for (const [selector, message] of cases) {
    assert.throws(() => parseLabelSelector(selector), { code: 'ERR_SERVER_BAD_REQUEST', message }, selector);
  }
});
