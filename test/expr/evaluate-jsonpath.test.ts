import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryJsonPath } from '../../src/expr/evaluate-jsonpath.js';
import { ExprError } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const doc = {
  store: {
    book: [
      { title: 'A', price: 8, tags: ['x'] },
      { title: 'B', price: 12, isbn: '1' },
      { title: 'C', price: 22 },
    ],
    bike: { color: 'red', price: 19 },
  },
  'odd-key': 1,
};
let steps = 0;
const q = (path: string, data: unknown = doc): unknown => queryJsonPath(data, path, (n) => { steps += n; });

test('$ is the whole document', () => {
  assert.deepEqual(q('$'), doc);
});

test('definite paths (.key, [\'key\'], [n]) return the value itself, or nil when absent', () => {
  assert.equal(q('$.store.bike.color'), 'red');
  assert.equal(q("$['odd-key']"), 1);
  assert.equal(q('$.odd-key'), 1);
  assert.equal(q('$.store.book[1].title'), 'B');
  assert.equal(q('$.store.book[-1].title'), 'C');
  assert.equal(q('$.store.missing'), null);
  assert.equal(q('$[0].value', [{ value: 'true' }]), 'true');
});

test('wildcards, slices and unions return lists', () => {
  assert.deepEqual(q('$.store.book[*].title'), ['A', 'B', 'C']);
  assert.deepEqual(q('$.store.bike.*'), ['red', 19]);
  assert.deepEqual(q('$.store.book[0:1].title'), ['A']);
  assert.deepEqual(q('$.store.book[1:].title'), ['B', 'C']);
  assert.deepEqual(q('$.store.book[::2].title'), ['A', 'C']);
  assert.deepEqual(q('$.store.book[0,2].title'), ['A', 'C']);
  assert.deepEqual(q("$.store.bike['color','price']"), ['red', 19]);
});

test('deep scan finds keys at any depth', () => {
  assert.deepEqual(q('$..price'), [8, 12, 22, 19]);
  assert.deepEqual(q('$..book[0].title'), ['A']);
});

test('filters compare fields with == != < > <= >= and combine with && || !', () => {
  assert.deepEqual(q('$.store.book[?(@.price < 10)].title'), ['A']);
  assert.deepEqual(q('$.store.book[?(@.price>10 && @.price<20)].title'), ['B']);
  assert.deepEqual(q('$.store.book[?(@.price >= 22 || @.title == "A")].title'), ['A', 'C']);
  assert.deepEqual(q("$.store.book[?(@.title != 'B')].title"), ['A', 'C']);
  assert.deepEqual(q('$.store.book[?(@.isbn)].title'), ['B']);
  assert.deepEqual(q('$.store.book[?(!@.isbn)].title'), ['A', 'C']);
  assert.deepEqual(q('$.store.book[?(@.tags[0] == "x")].title'), ['A']);
  assert.deepEqual(q('$.store.book[?((@.price < 10 || @.price > 20) && @.title != "C")].title'), ['A']);
  assert.deepEqual(q('$.store.book[?(@.price <= "12")].title'), []);
});

test('deep scans are charged to the step budget', () => {
  steps = 0;
  q('$..price');
  assert.ok(steps >= 10, `charged ${steps}`);
});

test('malformed paths are evaluation errors naming the column of the path', () => {
  expectExprError(() => q('store'), 'ERR_EXPR_EVAL', "jsonpath: a JSONPath must start with '$' at column 1 of the path");
  expectExprError(() => q('$.store[?(@.price +)]'), 'ERR_EXPR_EVAL', "jsonpath: expected ')' to close the filter at column 19 of the path");
  expectExprError(() => q('$.a[0'), 'ERR_EXPR_EVAL', "jsonpath: expected ']' at column 6 of the path");
  expectExprError(() => q('$.a[::0]'), 'ERR_EXPR_EVAL', 'jsonpath: slice step cannot be 0 at column 8 of the path');
  expectExprError(() => q("$['a"), 'ERR_EXPR_EVAL', 'jsonpath: unterminated string at column 5 of the path');
});

test('script expressions and prototype names are refused', () => {
  assert.throws(() => q('$.store.book[(@.length-1)]'), ExprError);
  assert.throws(() => q('$[?(@.constructor)]'), ExprError);
  expectExprError(() => q('$.__proto__'), 'ERR_EXPR_EVAL', "jsonpath: forbidden member name '__proto__' at column 12 of the path");
});
