import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, type ExprAst } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

/** Compact s-expression of an AST, to assert shape and precedence. */
function show(n: ExprAst): string {
  switch (n.kind) {
    case 'literal': return JSON.stringify(n.value);
    case 'identifier': return n.name;
    case 'pointer': return `#${n.name}`;
    case 'array': return `[${n.items.map(show).join(' ')}]`;
    case 'map': return `{${n.entries.map((e) => `${e.key}:${show(e.value)}`).join(' ')}}`;
    case 'member': return `(${n.optional ? '?.' : '.'} ${show(n.object)} ${show(n.property)})`;
    case 'slice': return `(slice ${show(n.object)} ${n.from ? show(n.from) : '_'} ${n.to ? show(n.to) : '_'})`;
    case 'call': return `(${n.name}${n.args.map((a) => ` ${show(a)}`).join('')})`;
    case 'method': return `(.${n.name}() ${show(n.object)}${n.args.map((a) => ` ${show(a)}`).join('')})`;
    case 'closure': return `{${show(n.body)}}`;
    case 'unary': return `(${n.op} ${show(n.operand)})`;
    case 'binary': return `(${n.op} ${show(n.left)} ${show(n.right)})`;
    case 'conditional': return `(? ${show(n.test)} ${show(n.consequent)} ${show(n.alternate)})`;
  }
}
const p = (text: string): string => show(parseExpression(text));

test('literals: numbers, strings, bools, nil, arrays and maps', () => {
  assert.equal(p('[1, "a", true, nil]'), '[1 "a" true null]');
  assert.equal(p("{a: 1, 'b-c': 2, 3: [],}"), '{a:1 b-c:2 3:[]}');
});

test('member access: dot, bracket, optional, slices', () => {
  assert.equal(p("steps['flip-coin'].outputs.result"), '(. (. (. steps "flip-coin") "outputs") "result")');
  assert.equal(p('a?.b?.[0]'), '(?. (?. a "b") 0)');
  assert.equal(p('a[1:2]'), '(slice a 1 2)');
  assert.equal(p('a[:2]'), '(slice a _ 2)');
  assert.equal(p('a[1:]'), '(slice a 1 _)');
});

test('precedence follows expr-lang: or < and < comparison < .. < + < * < ** < ??', () => {
  assert.equal(p('a || b && c == d + e * f ** g'), '(|| a (&& b (== c (+ d (* e (** f g))))))');
  assert.equal(p('a or b and c'), '(|| a (&& b c))');
  assert.equal(p('1 + 2 .. 3 * 4'), '(.. (+ 1 2) (* 3 4))');
  assert.equal(p('a.b ?? "x" + "y"'), '(+ (?? (. a "b") "x") "y")');
});

test('** is right associative, others left associative', () => {
  assert.equal(p('2 ** 3 ** 2'), '(** 2 (** 3 2))');
  assert.equal(p('2 ^ 3'), '(** 2 3)');
  assert.equal(p('10 - 3 - 2'), '(- (- 10 3) 2)');
});

test('unary - wraps a power (-2 ** 2 is -(2 ** 2)); not and ! bind tighter than comparisons', () => {
  assert.equal(p('-2 ** 2'), '(- (** 2 2))');
  assert.equal(p('!a && b'), '(&& (! a) b)');
  assert.equal(p('not a == b'), '(== (not a) b)');
  assert.equal(p('not (a == b)'), '(not (== a b))');
});

test('not in / not matches / not contains / not startsWith / not endsWith negate the operator', () => {
  assert.equal(p("'a' not in list"), '(not (in "a" list))');
  assert.equal(p('s not matches "x"'), '(not (matches s "x"))');
  assert.equal(p('s not contains "x"'), '(not (contains s "x"))');
  assert.equal(p('s not startsWith "x" && s not endsWith "y"'), '(&& (not (startsWith s "x")) (not (endsWith s "y")))');
});

test('conditionals nest to the right and accept the short form a ?: b', () => {
  assert.equal(p('a == 1 ? 1 : a == 2 ? 2 : 3'), '(? (== a 1) 1 (? (== a 2) 2 3))');
  assert.equal(p('a ?: b'), '(? a a b)');
});

test('calls: builtins, sprig functions and closures (braced or bare)', () => {
  assert.equal(p('len(a)'), '(len a)');
  assert.equal(p('sprig.add(1, 2, 3)'), '(sprig.add 1 2 3)');
  assert.equal(p('filter(data, {# endsWith "main.log"})'), '(filter data {(endsWith # "main.log")})');
  assert.equal(p('map(xs, .name)'), '(map xs {(. # "name")})');
  assert.equal(p('all(xs, #index < 3)'), '(all xs {(< #index 3)})');
  assert.equal(p('map([1], {toJson({a: #})})'), '(map [1] {(toJson {a:#})})');
});

test('allow-listed methods on values parse as method calls', () => {
  assert.equal(p('(now() - t).Seconds() > 360'), '(> (.Seconds() (- (now) t)) 360)');
  assert.equal(p('t?.Format("2006")'), '(.Format() t "2006")');
});

test('arity is checked at parse time', () => {
  expectExprError(() => parseExpression('len()'), 'ERR_EXPR_SYNTAX', 'len takes 1 argument, got 0 at column 1', 0);
  expectExprError(() => parseExpression('split("a")'), 'ERR_EXPR_SYNTAX', 'split takes 2 to 3 arguments, got 1 at column 1', 0);
  expectExprError(() => parseExpression('sprig.mul()'), 'ERR_EXPR_SYNTAX', 'sprig.mul takes at least 1 argument, got 0 at column 1', 0);
  expectExprError(() => parseExpression('filter([1])'), 'ERR_EXPR_SYNTAX', 'filter takes 2 arguments, got 1 at column 1', 0);
});

test('syntax errors name the unexpected token and its column', () => {
  expectExprError(() => parseExpression('(1 + 2))'), 'ERR_EXPR_SYNTAX', "unexpected token ')' at column 8", 7);
  expectExprError(() => parseExpression('foo(1, 2) )'), 'ERR_EXPR_SYNTAX', "unknown function 'foo' at column 1", 0);
  expectExprError(() => parseExpression('a +'), 'ERR_EXPR_SYNTAX', 'unexpected end of expression at column 4', 3);
  expectExprError(() => parseExpression('[1, 2'), 'ERR_EXPR_SYNTAX', "expected ']' to close the array, found end of expression at column 6", 5);
  expectExprError(() => parseExpression('{a 1}'), 'ERR_EXPR_SYNTAX', "expected ':' after the map key, found token '1' at column 4", 3);
  expectExprError(() => parseExpression('a ? b'), 'ERR_EXPR_SYNTAX', "expected ':' in the conditional started at column 3 at column 6", 5);
  expectExprError(() => parseExpression('#'), 'ERR_EXPR_SYNTAX', "'#' is only allowed inside a closure at column 1", 0);
  expectExprError(() => parseExpression('map(xs, #acc)'), 'ERR_EXPR_SYNTAX', "unknown closure variable '#acc' at column 9", 8);
  expectExprError(() => parseExpression('sprig.nope(1)'), 'ERR_EXPR_SYNTAX', "unknown function 'sprig.nope' at column 7", 6);
  expectExprError(() => parseExpression('sprig.add'), 'ERR_EXPR_SYNTAX', 'sprig.add must be called at column 7', 6);
  expectExprError(() => parseExpression('   '), 'ERR_EXPR_SYNTAX', 'empty expression at column 1', 0);
  expectExprError(() => parseExpression('a.1'), 'ERR_EXPR_SYNTAX', "unexpected token '1' at column 3", 2);
});

test('multi-line expressions report line and column', () => {
  expectExprError(() => parseExpression('a &&\n  b ==\n  )'), 'ERR_EXPR_SYNTAX', "unexpected token ')' at line 3, column 3", 14);
});
