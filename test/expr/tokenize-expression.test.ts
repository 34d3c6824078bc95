import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizeExpression } from '../../src/expr/tokenize-expression.js';
import { expectExprError } from './expect-expr-error.js';

const kinds = (text: string): string[] => tokenizeExpression(text).map((t) => `${t.kind}:${String(t.value)}`);

test('numbers: decimal, float, exponent, hex, octal, binary and _ separators', () => {
  assert.deepEqual(kinds('1 2.5 1e3 1.5e-2 0xFF 0o17 0b101 1_000'), [
    'number:1', 'number:2.5', 'number:1000', 'number:0.015', 'number:255', 'number:15', 'number:5', 'number:1000', 'eof:',
  ]);
});

test('a range 1..3 is number, .., number (the dot is not a decimal point)', () => {
  assert.deepEqual(kinds('1..3'), ['number:1', 'op:..', 'number:3', 'eof:']);
});

test('strings: single, double with escapes, and raw backtick strings', () => {
  assert.deepEqual(kinds(`'a\\'b' "c\\n\\u00e9\\x41" \`raw\\n\``), ['string:a\'b', 'string:c\néA', 'string:raw\\n', 'eof:']);
});

test('identifiers, word operators and symbol operators (longest match first)', () => {
  assert.deepEqual(kinds('a.b?.c ?? d ** 2 not in #index'), [
    'ident:a', 'op:.', 'ident:b', 'op:?.', 'ident:c', 'op:??', 'ident:d', 'op:**', 'number:2', 'ident:not', 'ident:in', 'op:#', 'ident:index', 'eof:',
  ]);
});

test('comments are skipped', () => {
  assert.deepEqual(kinds('1 // one\n + /* two */ 2'), ['number:1', 'op:+', 'number:2', 'eof:']);
});

test('bad characters, strings, escapes and numbers are syntax errors with columns', () => {
  expectExprError(() => tokenizeExpression('a @ b'), 'ERR_EXPR_SYNTAX', "unexpected character '@' at column 3", 2);
  expectExprError(() => tokenizeExpression('"abc'), 'ERR_EXPR_SYNTAX', 'unterminated string literal at column 1', 0);
  expectExprError(() => tokenizeExpression('"\\q"'), 'ERR_EXPR_SYNTAX', "invalid escape sequence '\\q' at column 2", 1);
  expectExprError(() => tokenizeExpression('12abc'), 'ERR_EXPR_SYNTAX', "invalid number literal '12a' at column 1", 0);
  expectExprError(() => tokenizeExpression('1 /* open'), 'ERR_EXPR_SYNTAX', 'unterminated comment at column 3', 2);
  expectExprError(() => tokenizeExpression('a \u0000'), 'ERR_EXPR_SYNTAX', 'unexpected character U+0000 at column 3', 2);
});
