import { test } from 'node:test';
import assert from 'node:assert/strict';
import { substitute } from '../../src/expr/index.js';
import { expectExprError } from './expect-expr-error.js';

const vars = { 'inputs.parameters.message': 'hello world', 'inputs.parameters.num': '4', 'workflow.name': 'wf-1' };

test('replaces simple tags by their values verbatim', () => {
  assert.equal(substitute('echo "{{inputs.parameters.message}}" in {{ workflow.name }}', vars), 'echo "hello world" in wf-1');
});

test('text without tags is returned unchanged', () => {
  assert.equal(substitute('plain {text}', vars), 'plain {text}');
});

test('an unknown simple tag is an error naming it and its column', () => {
  expectExprError(() => substitute('a {{inputs.parameters.nope}}', vars), 'ERR_EXPR_EVAL', 'unresolved variable {{inputs.parameters.nope}} at column 3', 2);
});

test('leaveUnknown keeps unknown simple tags verbatim', () => {
  assert.equal(substitute('{{workflow.name}}/{{steps.a.outputs.result}}', vars, { leaveUnknown: true }), 'wf-1/{{steps.a.outputs.result}}');
});

test('expression tags are evaluated against the vars expanded into nested maps', () => {
  assert.equal(substitute('{{=asInt(inputs.parameters.num) * 10}}', vars), '40');
  assert.equal(substitute("{{=inputs.parameters['message']}}", vars), 'hello world');
});

test('expression results are stringified: numbers in JS form, bools, lists and maps as JSON', () => {
  assert.equal(substitute('{{=7 / 2}} {{=1 == 1}} {{=[1, "a"]}} {{={a: 1}}} {{="s"}}', {}), '3.5 true [1,"a"] {"a":1} s');
  assert.equal(substitute('{{=1e21}} {{=0.1 + 0.2}}', {}), '1e+21 0.30000000000000004');
});

test('an explicit exprEnv replaces the expanded vars', () => {
  assert.equal(substitute('{{=x.y}}/{{workflow.name}}', vars, { exprEnv: { x: { y: 'z' } } }), 'z/wf-1');
});

test('a nil expression result is an error, or left verbatim with leaveUnknown', () => {
  expectExprError(() => substitute('v={{=missing}}', {}), 'ERR_EXPR_EVAL', 'expression {{=missing}} evaluated to nil at column 3', 2);
  assert.equal(substitute('v={{=missing}}', {}, { leaveUnknown: true }), 'v={{=missing}}');
});

test('expression evaluation errors are relocated into the template', () => {
  expectExprError(
    () => substitute('ab {{= 1 + "x" }}', {}),
    'ERR_EXPR_EVAL',
    'invalid operation: number + string at column 3 in the {{= }} tag at column 4',
    9,
  );
  assert.equal(substitute('ab {{= 1 + "x" }}', {}, { leaveUnknown: true }), 'ab {{= 1 + "x" }}');
});

test('expression syntax errors are reported even with leaveUnknown', () => {
  expectExprError(
    () => substitute('x {{= (1 }}', {}, { leaveUnknown: true }),
    'ERR_EXPR_SYNTAX',
    "expected ')' to close the parenthesis, found end of expression at column 3 in the {{= }} tag at column 3",
    8,
  );
});

test('the injected clock drives now()', () => {
  assert.equal(substitute('{{=now().Year()}}', {}, { now: () => new Date('1999-12-31T23:00:00Z') }), '1999');
});
