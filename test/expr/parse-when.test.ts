import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhen } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

test('bare words become string literals, as Argo turns govaluate variables into strings', () => {
  assert.deepEqual(parseWhen('heads == tails'), {
    kind: 'binary', op: '==', pos: 6,
    left: { kind: 'literal', value: 'heads', pos: 0 },
    right: { kind: 'literal', value: 'tails', pos: 9 },
  });
});

test('words with -, . and / between word characters are one string', () => {
  const ast = parseWhen('hello-world == my.svc/v1-2');
  assert.equal(ast.kind, 'binary');
  if (ast.kind !== 'binary') return;
  assert.deepEqual(ast.left, { kind: 'literal', value: 'hello-world', pos: 0 });
  assert.deepEqual(ast.right, { kind: 'literal', value: 'my.svc/v1-2', pos: 15 });
});

test('numbers, booleans and quoted strings are typed literals', () => {
  assert.deepEqual(parseWhen('5'), { kind: 'literal', value: 5, pos: 0 });
  assert.deepEqual(parseWhen('2.5'), { kind: 'literal', value: 2.5, pos: 0 });
  assert.deepEqual(parseWhen('true'), { kind: 'literal', value: true, pos: 0 });
  assert.deepEqual(parseWhen("'a b'"), { kind: 'literal', value: 'a b', pos: 0 });
  assert.deepEqual(parseWhen('"say \\"hi\\""'), { kind: 'literal', value: 'say "hi"', pos: 0 });
});

test('a digit run followed by an operator is a number; one with letters or dots is a word', () => {
  const minus = parseWhen('5-3');
  assert.equal(minus.kind === 'binary' && minus.op, '-');
  assert.deepEqual(parseWhen('1.2.3'), { kind: 'literal', value: '1.2.3', pos: 0 });
  assert.deepEqual(parseWhen('3f2a-bc'), { kind: 'literal', value: '3f2a-bc', pos: 0 });
});

test('precedence: && binds tighter than ||, comparison tighter than &&, * tighter than +', () => {
  const ast = parseWhen('a == a || b == c && 1 + 2 * 3 == 7');
  assert.equal(ast.kind === 'binary' && ast.op, '||');
  if (ast.kind !== 'binary' || ast.right.kind !== 'binary') return assert.fail('shape');
  assert.equal(ast.right.op, '&&');
  const sum = ast.right.right.kind === 'binary' && ast.right.right.left;
  assert.ok(sum && sum.kind === 'binary' && sum.op === '+' && sum.right.kind === 'binary' && sum.right.op === '*');
});

test('in takes a parenthesized list', () => {
  assert.deepEqual(parseWhen('x in (a, 1)'), {
    kind: 'in', pos: 2, value: { kind: 'literal', value: 'x', pos: 0 },
    list: [{ kind: 'literal', value: 'a', pos: 6 }, { kind: 'literal', value: 1, pos: 9 }],
  });
  expectExprError(() => parseWhen('x in a'), 'ERR_EXPR_SYNTAX', "expected '(' after 'in' at column 6", 5);
});

test('a blank when means always run', () => {
  assert.deepEqual(parseWhen('  '), { kind: 'literal', value: true, pos: 0 });
});

test('syntax errors name the token and column', () => {
  expectExprError(() => parseWhen('a == b)'), 'ERR_EXPR_SYNTAX', "unexpected token ')' at column 7", 6);
  expectExprError(() => parseWhen('(a == b'), 'ERR_EXPR_SYNTAX', 'unexpected end of expression at column 8', 7);
  expectExprError(() => parseWhen('hello world == x'), 'ERR_EXPR_SYNTAX', "unexpected token 'world' at column 7", 6);
  expectExprError(() => parseWhen("'open == x"), 'ERR_EXPR_SYNTAX', 'unterminated string literal at column 1', 0);
  expectExprError(() => parseWhen('a ? b : c'), 'ERR_EXPR_SYNTAX', "unexpected character '?' (quote values that contain it) at column 3", 2);
  expectExprError(() => parseWhen('{{steps.a.outputs.result}} == x'), 'ERR_EXPR_SYNTAX', "unexpected character '{' (an unresolved {{...}} placeholder?) at column 1", 0);
});

test('multi-line when expressions report line and column', () => {
  expectExprError(() => parseWhen('( a == a &&\n  b == )'), 'ERR_EXPR_SYNTAX', "unexpected token ')' at line 2, column 8", 19);
});
