/**
 * Hostile expressions: each must fail with a typed ExprError and leave the host untouched (no
 * prototype pollution, no code run, no unbounded CPU or memory).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluateExpression, evaluateWhen, parseDepends, parseExpression, parseWhen, substitute, EXPR_LIMITS, ExprError,
} from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const env = { inputs: { parameters: { foo: 'bar' } }, list: [1, 2, 3] };

test('constructor.constructor(...)() is refused at parse time', () => {
  expectExprError(() => parseExpression("constructor.constructor('return process')()"), 'ERR_EXPR_SYNTAX', "forbidden name 'constructor' at column 1", 0);
  expectExprError(() => evaluateExpression("inputs.constructor.constructor('return process')()", env), 'ERR_EXPR_SYNTAX', "forbidden name 'constructor' at column 8", 7);
  expectExprError(() => evaluateExpression("''.constructor", env), 'ERR_EXPR_SYNTAX', "forbidden name 'constructor' at column 4", 3);
});

test('__proto__ and prototype are refused as names, members, bracket keys and map keys', () => {
  expectExprError(() => parseExpression('__proto__'), 'ERR_EXPR_SYNTAX', "forbidden name '__proto__' at column 1", 0);
  expectExprError(() => parseExpression('inputs.__proto__.x'), 'ERR_EXPR_SYNTAX', "forbidden name '__proto__' at column 8", 7);
  expectExprError(() => parseExpression("inputs['__proto__']"), 'ERR_EXPR_SYNTAX', "forbidden name '__proto__' at column 8", 7);
  expectExprError(() => parseExpression('list.prototype'), 'ERR_EXPR_SYNTAX', "forbidden name 'prototype' at column 6", 5);
  expectExprError(() => parseExpression('{__proto__: {polluted: true}}'), 'ERR_EXPR_SYNTAX', "forbidden name '__proto__' at column 2", 1);
  expectExprError(() => parseExpression('{"constructor": 1}'), 'ERR_EXPR_SYNTAX', "forbidden name 'constructor' at column 2", 1);
  expectExprError(() => parseExpression('x.__defineGetter__'), 'ERR_EXPR_SYNTAX', "forbidden name '__defineGetter__' at column 3", 2);
});

test('a computed __proto__ key is refused at evaluation time', () => {
  expectExprError(
    () => evaluateExpression("inputs['__pro' + 'to__']", env),
    'ERR_EXPR_EVAL',
    "forbidden member name '__proto__' at column 7",
    6,
  );
  expectExprError(() => evaluateExpression('inputs[k]', { ...env, k: 'constructor' }), 'ERR_EXPR_EVAL', "forbidden member name 'constructor' at column 7", 6);
});

test('inherited members are not reachable: toString, hasOwnProperty, valueOf read as nil', () => {
  assert.equal(evaluateExpression('inputs.toString', env), null);
  assert.equal(evaluateExpression("inputs['hasOwnProperty']", env), null);
  assert.equal(evaluateExpression('toString', env), null);
});

test('toString.call and any method outside the allow-list are refused at parse time', () => {
  expectExprError(() => parseExpression('toString.call(1)'), 'ERR_EXPR_SYNTAX', "unknown method 'call' at column 10", 9);
  expectExprError(() => parseExpression("'a'.toUpperCase()"), 'ERR_EXPR_SYNTAX', "unknown method 'toUpperCase' at column 5", 4);
  expectExprError(() => parseExpression('list.map(1)'), 'ERR_EXPR_SYNTAX', "unknown method 'map' at column 6", 5);
});

test('calling a non-allow-listed function is refused at parse time', () => {
  expectExprError(() => parseExpression('eval("1")'), 'ERR_EXPR_SYNTAX', "unknown function 'eval' at column 1", 0);
  expectExprError(() => parseExpression('require("fs")'), 'ERR_EXPR_SYNTAX', "unknown function 'require' at column 1", 0);
  expectExprError(() => parseExpression('Function("x")'), 'ERR_EXPR_SYNTAX', "unknown function 'Function' at column 1", 0);
  expectExprError(() => parseExpression('sprig.env("HOME")'), 'ERR_EXPR_SYNTAX', "unknown function 'sprig.env' at column 7", 6);
  expectExprError(() => parseExpression('sprig.expandenv("$HOME")'), 'ERR_EXPR_SYNTAX', "unknown function 'sprig.expandenv' at column 7", 6);
});

test('values cannot be called: (expr)(), f()() and env functions are refused', () => {
  expectExprError(() => parseExpression('(inputs)()'), 'ERR_EXPR_SYNTAX', 'only allow-listed functions can be called at column 9', 8);
  expectExprError(() => parseExpression('len(list)(1)'), 'ERR_EXPR_SYNTAX', 'only allow-listed functions can be called at column 10', 9);
  expectExprError(() => parseExpression('list[0]()'), 'ERR_EXPR_SYNTAX', 'only allow-listed functions can be called at column 8', 7);
  let called = false;
  const hostile = { fn: () => { called = true; return 1; } };
  expectExprError(() => evaluateExpression('fn()', hostile), 'ERR_EXPR_SYNTAX', "unknown function 'fn' at column 1", 0);
  expectExprError(() => evaluateExpression('fn.x', hostile), 'ERR_EXPR_EVAL', "cannot read member 'x' of opaque at column 3", 2);
  assert.equal(called, false);
});

test('host objects in the environment are opaque: no getters on class instances, no toJSON', () => {
  let touched = false;
  class Secret {
    get value(): string { touched = true; return 'x'; }
    toJSON(): string { touched = true; return 'x'; }
  }
  const context = { s: new Secret() };
  expectExprError(() => evaluateExpression('s.value', context), 'ERR_EXPR_EVAL', "cannot read member 'value' of opaque at column 2", 1);
  expectExprError(() => evaluateExpression('toJson(s)', context), 'ERR_EXPR_EVAL', 'cannot convert an opaque host value to JSON at column 1', 0);
  assert.equal(touched, false);
});

test('no prototype is polluted by map literals, fromJson or the expression env', () => {
  evaluateExpression('{a: 1}', {});
  evaluateExpression('fromJson(\'{"__proto__": {"polluted": true}}\')', {});
  substitute('{{=inputs.parameters.x}}', { 'inputs.parameters.x': 'y', '__proto__.polluted': 'yes', 'constructor.prototype.polluted': 'yes' });
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
});

test('very long input is refused before parsing', () => {
  const long = '1 + '.repeat(3000) + '1';
  expectExprError(() => parseExpression(long), 'ERR_EXPR_LIMIT', 'expression is longer than 10240 characters at column 10241', 10240);
  expectExprError(() => parseWhen(`${'a == a && '.repeat(1100)}true`), 'ERR_EXPR_LIMIT', 'when expression is longer than 10240 characters at column 10241', 10240);
  expectExprError(() => parseDepends('a && '.repeat(2100) + 'a'), 'ERR_EXPR_LIMIT', 'depends expression is longer than 10240 characters at column 10241', 10240);
});

test('deeply nested parentheses are refused by the depth limit, not the host stack', () => {
  const depth = 5000;
  const nested = `${'('.repeat(depth)}1${')'.repeat(depth)}`;
  assert.ok(nested.length <= EXPR_LIMITS.maxLength);
  assert.throws(() => parseExpression(nested), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT' && /nested too deeply/.test(err.message));
  assert.throws(() => parseWhen(`${'('.repeat(depth)}a == a${')'.repeat(depth)}`), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT');
  assert.throws(() => parseDepends(`${'('.repeat(depth)}a${')'.repeat(depth)}`), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT');
  assert.throws(() => parseExpression(`${'['.repeat(depth)}${']'.repeat(depth)}`), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT');
  assert.throws(() => parseExpression(`${'!'.repeat(depth)}true`), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT');
  assert.throws(() => parseExpression(`${'-'.repeat(depth)}1`), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT');
  assert.throws(() => parseExpression('2' + ' ** 2'.repeat(500)), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT');
});

test('exponential regexes run in linear time (no ReDoS)', () => {
  const evil = 'a'.repeat(20_000) + '!';
  assert.equal(evaluateExpression('s matches "^(a+)+$"', { s: evil }), false);
  assert.equal(evaluateExpression('s matches "(a|aa)*b"', { s: evil }), false);
  assert.equal(evaluateExpression('s matches "(.*a){20}b"', { s: evil }), false);
  assert.equal(evaluateWhen(`${'a'.repeat(5000)}x =~ '^(a|a)*$'`), false);
});

test('regex pattern and input sizes are capped', () => {
  expectExprError(() => evaluateExpression('"a" matches p', { p: 'a'.repeat(2000) }), 'ERR_EXPR_LIMIT', 'regular expression is longer than 1024 characters at column 5', 4);
  expectExprError(() => evaluateExpression('s matches "a"', { s: 'a'.repeat(70_000) }), 'ERR_EXPR_LIMIT', 'text matched by a regular expression is longer than 65536 characters at column 3', 2);
  expectExprError(() => evaluateExpression('"a" matches "(((a{1,1000}){1,1000}){1,1000})"', {}), 'ERR_EXPR_LIMIT', 'regular expression is too complex (more than 4096 instructions) at column 5', 4);
});

test('huge ranges are refused by the size and step limits before allocating', () => {
  expectExprError(() => evaluateExpression('1..1e9', {}), 'ERR_EXPR_LIMIT', 'range 1..1000000000 would have 1000000000 elements, more than the limit of 1048576 at column 2', 1);
  expectExprError(() => evaluateExpression('len(1..200000)', {}), 'ERR_EXPR_LIMIT', 'expression evaluation exceeded 100000 steps at column 6', 5);
  expectExprError(() => evaluateExpression('map(1..1000, {map(1..1000, {#})})', {}), 'ERR_EXPR_LIMIT', 'expression evaluation exceeded 100000 steps at column 20', 19);
});

test('runaway string growth is refused by the value size limit', () => {
  expectExprError(
    () => evaluateExpression('s + s', { s: 'x'.repeat(600_000) }),
    'ERR_EXPR_LIMIT',
    'string would have 1200000 elements, more than the limit of 1048576 at column 3',
    2,
  );
  expectExprError(
    () => evaluateExpression('join([s, s], "")', { s: 'x'.repeat(600_000) }),
    'ERR_EXPR_LIMIT',
    'join result would have 1200000 elements, more than the limit of 1048576 at column 1',
    0,
  );
});

test('substitute with hostile {{= }} tags fails with typed errors', () => {
  assert.throws(() => substitute("{{= constructor.constructor('return process')() }}", {}), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_SYNTAX');
  assert.throws(() => substitute('{{=1..1e9}}', {}), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT');
  assert.equal(substitute('{{__proto__}}', {}, { leaveUnknown: true }), '{{__proto__}}');
  expectExprError(() => substitute('{{constructor}}', {}), 'ERR_EXPR_EVAL', 'unresolved variable {{constructor}} at column 1', 0);
});

test('work on large values is charged by size: repeated scans of a big string or list are refused', () => {
  const big = { s: 'x'.repeat(200_000), list: Array.from({ length: 50_000 }, (_, i) => i) };
  const limit = (expr: string): void => {
    assert.throws(() => evaluateExpression(expr, big), (err: unknown) => err instanceof ExprError && err.code === 'ERR_EXPR_LIMIT', expr);
  };
  limit('map(1..100, {s[5]})');
  limit('map(1..100, {len(s)})');
  limit('map(1..100, {toJson(list)})');
  limit('map(1..100, {list == list})');
  limit('map(1..100, {s + "y"})');
  limit('map(1..10, {s matches "(a?){1000}a{1000}"})');
  assert.equal(evaluateExpression('len(s) + len(list)', big), 250_000);
});
