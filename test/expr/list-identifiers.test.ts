import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expressionIdentifiers, parseExpression } from '../../src/expr/index.js';

const ids = (text: string): string[][] => expressionIdentifiers(parseExpression(text));

test('member paths from env roots, bracketed string keys included', () => {
  assert.deepEqual(ids("asInt(inputs.parameters.foo) + len(steps['flip-coin'].outputs.result)"), [
    ['inputs', 'parameters', 'foo'],
    ['steps', 'flip-coin', 'outputs', 'result'],
  ]);
});

test('paths are distinct and in order of appearance', () => {
  assert.deepEqual(ids('b.x == a || b.x == c'), [['b', 'x'], ['a'], ['c']]);
});

test('a dynamic key ends the path; what the key reads is listed too', () => {
  assert.deepEqual(ids('inputs.parameters[workflow.name].value'), [['inputs', 'parameters'], ['workflow', 'name']]);
  assert.deepEqual(ids('a[0].b'), [['a']]);
});

test('closure variables and function names are not environment references', () => {
  assert.deepEqual(ids('filter(tasks.items, {#.name == limit.x && .age > 1})'), [['tasks', 'items'], ['limit', 'x']]);
  assert.deepEqual(ids('sprig.add(1, 2) + len([])'), []);
});

test('references inside methods, optional chains, slices, maps and conditionals are found', () => {
  assert.deepEqual(ids('(now() - cron.last).Seconds() > t ? m?.a : {k: s[x:y]}'), [
    ['cron', 'last'], ['t'], ['m', 'a'], ['s'], ['x'], ['y'],
  ]);
});
