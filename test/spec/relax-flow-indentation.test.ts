import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relaxFlowIndentation } from '../../src/spec/relax-flow-indentation.js';

test('indents continuation lines of a flow sequence to one column past the parent', () => {
  const text = 'spec:\n  args: ["\n    echo\n  "]\n  next: 1\n';
  assert.deepEqual(relaxFlowIndentation(text), { text: 'spec:\n  args: ["\n    echo\n   "]\n  next: 1\n', shifts: new Map([[3, 1]]) });
});

test('leaves correct YAML, block scalars and comments alone', () => {
  assert.equal(relaxFlowIndentation('a:\n  b: [1,\n    2]\n'), undefined);
  assert.equal(relaxFlowIndentation('a: |\n  text with [ and "\nb: 1\n'), undefined);
  assert.equal(relaxFlowIndentation('a: 1 # [ not a flow\nb: 2\n'), undefined);
});

test('handles quoted scalars spanning lines in block context and resets at document markers', () => {
  const text = '  key: "first\n second"\n---\nx: [\n]\n';
  assert.deepEqual(relaxFlowIndentation(text), { text: '  key: "first\n   second"\n---\nx: [\n ]\n', shifts: new Map([[1, 2], [4, 1]]) });
});
