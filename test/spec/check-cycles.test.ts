import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

const LEAF = '  - name: leaf\n    suspend: {}\n';

test('a dependency cycle is reported once, naming every task in it', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - {name: a, template: leaf, dependencies: [c]}
      - {name: b, template: leaf, dependencies: [a]}
      - {name: c, template: leaf, dependencies: [b]}
      - {name: d, template: leaf, dependencies: [a]}
${LEAF}`));
  assert.deepEqual(findings(diags), ['11:49 cycle: dependency cycle: a -> c -> b -> a (each task depends on the next, so none can start)']);
});

test('cycles through depends and self-dependencies are found', () => {
  const diags = lintYaml(workflow(`  - name: main
    dag:
      tasks:
      - {name: a, template: leaf, depends: "b.Succeeded"}
      - {name: b, template: leaf, depends: "a || self"}
      - {name: self, template: leaf, depends: self}
${LEAF}`));
  assert.deepEqual(findings(diags), [
    '11:44 cycle: dependency cycle: a -> b -> a (each task depends on the next, so none can start)',
    '13:47 cycle: dependency cycle: self -> self (each task depends on the next, so none can start)',
  ]);
});

test('containerSet dependencies are checked the same way', () => {
  const diags = lintYaml(workflow(`  - name: main
    containerSet:
      containers:
      - {name: a, image: alpine, command: [echo], dependencies: [b]}
      - {name: b, image: alpine, command: [echo], dependencies: [a]}
`));
  assert.deepEqual(findings(diags, 'cycle'), ['11:65 cycle: dependency cycle: a -> b -> a (each container depends on the next, so none can start)']);
});

test('a long chain without a cycle is fine (no recursion limit)', () => {
  const tasks = Array.from({ length: 5000 }, (_, i) => `      - {name: t${i}, template: leaf${i > 0 ? `, dependencies: [t${i - 1}]` : ''}}`).join('\n');
  const diags = lintYaml(workflow(`  - name: main\n    dag:\n      tasks:\n${tasks}\n${LEAF}`));
  assert.deepEqual(findings(diags), []);
});
