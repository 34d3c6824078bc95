import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPlaceholders } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

test('finds simple tags with their offsets and trimmed inner text', () => {
  assert.deepEqual(scanPlaceholders('echo {{inputs.parameters.message}} and {{ workflow.name }}'), [
    { start: 5, end: 34, inner: 'inputs.parameters.message', kind: 'simple' },
    { start: 39, end: 58, inner: 'workflow.name', kind: 'simple' },
  ]);
});

test('finds expression tags and strips the leading =', () => {
  assert.deepEqual(scanPlaceholders('{{=asInt(x) * 10}}'), [{ start: 0, end: 18, inner: 'asInt(x) * 10', kind: 'expression' }]);
  assert.deepEqual(scanPlaceholders('a {{= item }} b'), [{ start: 2, end: 13, inner: 'item', kind: 'expression' }]);
});

test('ignores single braces and text without tags', () => {
  assert.deepEqual(scanPlaceholders('{"a": {"b": 1}} ${HOME} { x }'), []);
  assert.deepEqual(scanPlaceholders(''), []);
});

test('an expression tag may contain }} inside strings and nested braces', () => {
  const text = "{{=toJson({a: {b: '}}'}})}} tail";
  const [tag] = scanPlaceholders(text);
  assert.equal(tag!.inner, "toJson({a: {b: '}}'}})");
  assert.equal(text.slice(tag!.end), ' tail');
  assert.equal(scanPlaceholders('{{=filter([1, 3], {# > 1})}}')[0]!.inner, 'filter([1, 3], {# > 1})');
});

test('a simple tag ends at the first }}', () => {
  assert.deepEqual(scanPlaceholders('{{a}}}'), [{ start: 0, end: 5, inner: 'a', kind: 'simple' }]);
});

test('an unterminated {{ is a syntax error at its column', () => {
  expectExprError(() => scanPlaceholders('echo {{inputs.parameters.x'), 'ERR_EXPR_SYNTAX', "unterminated '{{' (no matching '}}') at column 6", 5);
  expectExprError(() => scanPlaceholders('ok {{a}} then {{= "open }}'), 'ERR_EXPR_SYNTAX', "unterminated '{{=' (no matching '}}') at column 15", 14);
  expectExprError(() => scanPlaceholders('line1\n  {{x'), 'ERR_EXPR_SYNTAX', "unterminated '{{' (no matching '}}') at line 2, column 3", 8);
});
