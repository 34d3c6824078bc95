import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateExpression } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const env = { p: { num: '5', f: '2.5', json: '{"a": [1, {"b": "c"}]}' }, m: { x: 1, y: 2 }, list: [3, 1, 2] };
const ev = (e: string): unknown => evaluateExpression(e, env, { now: () => new Date('2024-02-03T04:05:06Z') });

const cases: [string, unknown][] = [
  ['len("héllo")', 5], ['len(list)', 3], ['len(m)', 2],
  ["asInt('5')", 5], ['asInt(p.num) + 1', 6], ['asInt(2.9)', 2], ["asFloat('2.5')", 2.5], ['asFloat(p.f) * 2', 5],
  ["int('-7')", -7], ["float('1e3')", 1000], ['string(5)', '5'], ['string([1])', '[1]'], ['string(true)', 'true'],
  ['type(m)', 'map'], ['type(nil)', 'nil'],
  ['toJson({a: [1, "x", nil, true]})', '{"a":[1,"x",null,true]}'], ['toJson("q\\"")', '"q\\""'],
  ['fromJson(p.json).a[1].b', 'c'], ["jsonpath(p.json, '$.a[0]')", 1],
  ['lower("AbC")', 'abc'], ['upper("AbC")', 'ABC'], ['trim("  x ")', 'x'], ['trim("--x-", "-")', 'x'],
  ['trimPrefix("v1.2", "v")', '1.2'], ['trimSuffix("a.log", ".log")', 'a'],
  ['hasPrefix("abc", "ab")', true], ['hasSuffix("abc", "ab")', false],
  ['indexOf("héllo", "l")', 2], ['indexOf("abc", "z")', -1], ['replace("a-b-c", "-", "+")', 'a+b+c'],
  ['split("a,b,c", ",")', ['a', 'b', 'c']], ['split("a,b,c", ",", 2)', ['a', 'b,c']], ['split("ab", "")', ['a', 'b']],
  ['join(["a", "b"], "-")', 'a-b'], ['join(["a", "b"])', 'ab'],
  ['toBase64("héllo")', 'aMOpbGxv'], ['fromBase64("aMOpbGxv")', 'héllo'],
  ['abs(-2)', 2], ['ceil(1.2)', 2], ['floor(1.8)', 1], ['round(1.5)', 2],
  ['max(1, 5, 3)', 5], ['min(list)', 1], ['keys(m)', ['x', 'y']], ['values(m)', [1, 2]],
  ['first(list)', 3], ['last(list)', 2], ['first([])', null],
  ['now().Year()', 2024], ['date("2024-01-02T03:04:05Z").Unix()', 1704164645],
  ['duration("1h30m").Minutes()', 90], ['duration("1.5s").Milliseconds()', 1500],
];

for (const [expr, expected] of cases) {
  test(`${expr} returns ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(ev(expr), expected);
  });
}

test('now() returns the injected clock as a time value', () => {
  assert.deepEqual(ev('now()'), new Date('2024-02-03T04:05:06Z'));
});

test('conversions that cannot succeed fail without echoing the value', () => {
  expectExprError(() => ev("asInt('1.5')"), 'ERR_EXPR_EVAL', 'asInt: string is not an integer at column 1', 0);
  expectExprError(() => ev("asInt('secret-token')"), 'ERR_EXPR_EVAL', 'asInt: string is not an integer at column 1', 0);
  expectExprError(() => ev("asFloat('x')"), 'ERR_EXPR_EVAL', 'asFloat: string is not a number at column 1', 0);
  expectExprError(() => ev('asInt(nil)'), 'ERR_EXPR_EVAL', 'asInt: expected number or numeric string, got nil at column 1', 0);
});

test('builtins check argument types', () => {
  expectExprError(() => ev('len(5)'), 'ERR_EXPR_EVAL', 'len: expected string, array or map, got number at column 1', 0);
  expectExprError(() => ev('lower(1)'), 'ERR_EXPR_EVAL', 'lower: expected string, got number at column 1', 0);
  expectExprError(() => ev('join([1], ",")'), 'ERR_EXPR_EVAL', 'join: expected string, got number at column 1', 0);
  expectExprError(() => ev('keys(list)'), 'ERR_EXPR_EVAL', 'keys: expected map, got array at column 1', 0);
  expectExprError(() => ev('max()'), 'ERR_EXPR_SYNTAX', 'max takes at least 1 argument, got 0 at column 1', 0);
  expectExprError(() => ev('max([])'), 'ERR_EXPR_EVAL', 'max: needs at least one number at column 1', 0);
});

test('invalid JSON, base64, times and durations are evaluation errors', () => {
  expectExprError(() => ev('fromJson("{")'), 'ERR_EXPR_EVAL', 'fromJson: invalid JSON at column 1', 0);
  expectExprError(() => ev('jsonpath("[", "$")'), 'ERR_EXPR_EVAL', 'jsonpath: invalid JSON at column 1', 0);
  expectExprError(() => ev('fromBase64("!!")'), 'ERR_EXPR_EVAL', 'fromBase64: invalid base64 input at column 1', 0);
  expectExprError(() => ev('date("yesterday")'), 'ERR_EXPR_EVAL', 'date: invalid RFC 3339 time at column 1', 0);
  expectExprError(() => ev('duration("5 minutes")'), 'ERR_EXPR_EVAL', 'duration: invalid duration string at column 1', 0);
  expectExprError(() => ev('toJson(1 / 3 * 0 + 0 ** -1)'), 'ERR_EXPR_EVAL', "result of '**' is not a finite number at column 22", 21);
});
