import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoLayout, parseGoDuration, parseTime } from '../../src/expr/go-time.js';
import { expectExprError } from './expect-expr-error.js';

const t = new Date('2006-01-02T15:04:05.123Z');

test('Go layouts format in UTC', () => {
  assert.equal(formatGoLayout(t, '2006-01-02T15:04:05Z07:00'), '2006-01-02T15:04:05Z');
  assert.equal(formatGoLayout(t, 'Mon Jan _2 03:04:05 PM MST 2006'), 'Mon Jan  2 03:04:05 PM UTC 2006');
  assert.equal(formatGoLayout(t, 'Monday, January 2 06 .000'), 'Monday, January 2 06 .123');
  assert.equal(formatGoLayout(new Date('2024-11-09T08:07:06Z'), '1/2 3:4:5 pm'), '11/9 8:7:6 am');
});

test('Go durations parse into milliseconds', () => {
  assert.equal(parseGoDuration('d', '1h30m').ms, 5_400_000);
  assert.equal(parseGoDuration('d', '-1.5s').ms, -1500);
  assert.equal(parseGoDuration('d', '300ms').ms, 300);
  assert.equal(parseGoDuration('d', '0').ms, 0);
  expectExprError(() => parseGoDuration('d', '1 hour'), 'ERR_EXPR_EVAL', 'd: invalid duration string');
  expectExprError(() => parseGoDuration('d', ''), 'ERR_EXPR_EVAL', 'd: invalid duration string');
});

test('RFC 3339 times parse; a time without a zone is UTC', () => {
  assert.equal(parseTime('d', '2024-01-02T03:04:05Z').toISOString(), '2024-01-02T03:04:05.000Z');
  assert.equal(parseTime('d', '2024-01-02T03:04:05+01:00').toISOString(), '2024-01-02T02:04:05.000Z');
  assert.equal(parseTime('d', '2024-01-02T03:04:05-0130').toISOString(), '2024-01-02T04:34:05.000Z');
  assert.equal(parseTime('d', '2024-01-02T03:04').toISOString(), '2024-01-02T03:04:00.000Z');
  assert.equal(parseTime('d', '2024-01-02').toISOString(), '2024-01-02T00:00:00.000Z');
  expectExprError(() => parseTime('d', 'Jan 2'), 'ERR_EXPR_EVAL', 'd: invalid RFC 3339 time');
  expectExprError(() => parseTime('d', '2024-13-45'), 'ERR_EXPR_EVAL', 'd: invalid RFC 3339 time');
});
