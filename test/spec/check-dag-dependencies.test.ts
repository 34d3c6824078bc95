import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

const LEAF = '  - name: leaf\n    suspend: {}\n';

test('dependencies and depends must name tasks of the same DAG', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - {name: build, template: leaf}
      - {name: test, template: leaf, dependencies: [biuld]}
${LEAF}`));
  assert.deepEqual(findings(diags), ['12:53 unknown-dependency: task "test" depends on "biuld", which is not a task of this DAG (did you mean "build"?)']);
});

test('depends must parse, and names in it must exist', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - {name: a, template: leaf}
      - {name: b, template: leaf, depends: "a && (c.Succeeded"}
      - {name: d, template: leaf, depends: "a.Succeeded || x.Failed"}
${LEAF}`));
  assert.deepEqual(findings(diags), [
    '12:44 invalid-expression: depends "a && (c.Succeeded": unexpected end of expression in depends at column 18',
    '13:44 unknown-dependency: task "d" depends on "x", which is not a task of this DAG',
  ]);
});

test("Argo's combination rules: depends with dependencies or continueOn, item results on plain tasks", () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - {name: a, template: leaf}
      - {name: b, template: leaf, dependencies: [a]}
      - {name: c, template: leaf, depends: a.AnySucceeded, continueOn: {failed: true}}
${LEAF}`));
  assert.deepEqual(findings(diags), [
    '12:35 invalid-dag: a DAG cannot use both depends and dependencies: write all dependencies as depends',
    '13:44 invalid-dag: depends uses "a.AnySucceeded", but task "a" has no withItems, withParam or withSequence',
    '13:60 invalid-dag: continueOn cannot be used in a DAG that uses depends: write "task.Failed" or "task.Errored" in depends instead',
  ]);
});

test('dag.target names existing tasks', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      target: a zz
      tasks:
      - {name: a, template: leaf}
${LEAF}`));
  assert.deepEqual(findings(diags), ['10:15 unknown-dependency: dag.target names "zz", which is not a task of this DAG']);
});
