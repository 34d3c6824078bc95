/**
 * Every expression in the Argo example corpus (/work/shared/conformance/argo-examples) must parse:
 * `when`, `depends`, expr-lang fields (`expression`, `fromExpression`) and every `{{= }}` tag in any
 * string. Simple `{{...}}` tags inside `when` and expression fields are substituted first, as Argo does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  buildExprEnv, evaluateExpression, evaluateWhen, parseDepends, parseExpression, parseWhen, scanPlaceholders, substitute,
} from '../../src/expr/index.js';

const CORPUS = '/work/shared/conformance/argo-examples';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return name.endsWith('.yaml') || name.endsWith('.yml') ? [full] : [];
  });
}

type Found = { file: string; key: string; value: string };

function collect(node: unknown, file: string, key: string, out: Found[]): void {
  if (typeof node === 'string') out.push({ file, key, value: node });
  else if (Array.isArray(node)) node.forEach((item) => collect(item, file, key, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) collect(v, file, k, out);
  }
}

/** Replaces simple tags by a plausible value so the surrounding syntax can be checked. */
function fillSimpleTags(text: string, value: string): string {
  const vars = Object.fromEntries(scanPlaceholders(text).filter((t) => t.kind === 'simple').map((t) => [t.inner, value]));
  return substitute(text, vars, { leaveUnknown: true });
}

const files = existsSync(CORPUS) ? yamlFiles(CORPUS) : [];
const strings: Found[] = [];
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) collect(doc.toJS(), file.slice(CORPUS.length + 1), '', strings);
}

test('the corpus is present and has expressions of every kind', { skip: files.length === 0 && 'corpus not present' }, () => {
  assert.ok(strings.filter((s) => s.key === 'when').length >= 20);
  assert.ok(strings.filter((s) => s.key === 'depends').length >= 30);
  assert.ok(strings.filter((s) => s.key === 'expression').length >= 10);
  assert.ok(strings.filter((s) => s.value.includes('{{=')).length >= 15);
});

test('every string in the corpus scans for {{...}} tags without error', () => {
  for (const s of strings) {
    assert.doesNotThrow(() => scanPlaceholders(s.value), `${s.file}: ${s.value.slice(0, 80)}`);
  }
});

test('every {{= }} tag in the corpus parses as expr-lang', () => {
  let count = 0;
  for (const s of strings) {
    for (const tag of scanPlaceholders(s.value).filter((t) => t.kind === 'expression')) {
      count++;
      assert.doesNotThrow(() => parseExpression(fillSimpleTags(tag.inner, 'true')), `${s.file}: ${tag.inner}`);
    }
  }
  assert.ok(count >= 15, `found ${count} expression tags`);
});

test('every govaluate `when` in the corpus parses after substitution', () => {
  for (const s of strings.filter((x) => x.key === 'when' && !x.value.trimStart().startsWith('{{='))) {
    for (const value of ['heads', '5', 'hello-world']) {
      assert.doesNotThrow(() => parseWhen(fillSimpleTags(s.value, value)), `${s.file}: ${s.value}`);
    }
  }
});

test('every `depends` in the corpus parses', () => {
  for (const s of strings.filter((x) => x.key === 'depends')) {
    assert.doesNotThrow(() => parseDepends(s.value), `${s.file}: ${s.value}`);
  }
});

test('every expr-lang field (expression, fromExpression) in the corpus parses after substitution', () => {
  const fields = strings.filter((x) => x.key === 'expression' || x.key === 'fromExpression');
  for (const s of fields) {
    assert.doesNotThrow(() => parseExpression(fillSimpleTags(s.value, 'true')), `${s.file}: ${s.value}`);
  }
});

// ---- evaluation of the corpus expressions, with the environment Argo would build -----------------

const CONFIG = '{"employees": [{"name": "Baris", "age":43},{"name": "Mo", "age": 42}, {"name": "Jai", "age" :44}]}';
const VARS: Record<string, string> = {
  'workflow.parameters.config': CONFIG,
  'workflow.parameters.json': '[{"value": "true"}]',
  'workflow.parameters.weather': '{"weekWeather": "eyJ0ZW1wcyI6IFszNCwgMjcsIDE1LCA1NywgNDZdfQo="}',
  'workflow.parameters.foo': 'bar',
  'workflow.status': 'Running',
  'workflow.creationTimestamp': '2024-05-06T07:08:09Z',
  'inputs.parameters.foo': '3',
  'inputs.parameters.num': '5',
  'inputs.parameters.should-print': 'true',
  'inputs.parameters.week-temps': '{"avg":35.8,"max":57,"min":15}',
  'steps.flip-coin.outputs.result': 'heads',
  'steps.heads.outputs.result': 'it was heads',
  'steps.tails.outputs.result': 'it was tails',
  'steps.fibonacci-helper.outputs.parameters.result': '5',
  'steps.step-1.status': 'Succeeded',
  'steps.step2.status': 'Running',
  'tasks.flip-coin.outputs.result': 'tails',
  'tasks.heads.outputs.result': 'H',
  'tasks.tails.outputs.result': 'T',
  item: '3',
};

const EVALUATED: [string, unknown][] = [
  ["asInt(inputs.parameters.num) == 1? 1: asInt(inputs.parameters.num) == 2? 1: steps['fibonacci-helper'].outputs.parameters.result", '5'],
  ["steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.result : steps.tails.outputs.result", 'it was heads'],
  ["tasks['flip-coin'].outputs.result == 'heads' ? tasks.heads.outputs.result : tasks.tails.outputs.result", 'T'],
  ["tasks.producer.outputs.parameters.msg ?? 'expr-fallback'", 'expr-fallback'],
  ['steps.step2.status == "Running"', true],
  ['steps["step-1"].status == "Succeeded"', true],
  ['workflow.parameters.foo', 'bar'],
  ['workflow.status == "Running"', true],
  ["inputs.parameters[\"should-print\"] == 'true'", true],
  ["jsonpath(workflow.parameters.json, '$[0].value') == 'true'", true],
  ['asInt(inputs.parameters.foo) * 10', 30],
  ['item', '3'],
  ["jsonpath(inputs.parameters['week-temps'], '$.avg')", 35.8],
  ["jsonpath(inputs.parameters['week-temps'], '$.max')", 57],
  ["jsonpath(inputs.parameters['week-temps'], '$.min')", 15],
  ["jsonpath(workflow.parameters.config, '$.employees[*].name')", ['Baris', 'Mo', 'Jai']],
  ["jsonpath(workflow.parameters.config, '$.employees[0:1]')", [{ name: 'Baris', age: 43 }]],
  ["jsonpath(workflow.parameters.config, '$.employees[?(@.age>42 && @.age<44)].age')", [43]],
  ["jsonpath(workflow.parameters.config, '$.employees[?(@.name==\"Baris\")].age')", [43]],
  ["sprig.date('2006', workflow.creationTimestamp)", '2024'],
  ['toJson(filter([1, 3], {# > 1}))', '[3]'],
  ['filter(data, {# endsWith "main.log"})', ['logs/main.log']],
];

test('corpus expressions evaluate to what Argo produces', () => {
  const env = { ...buildExprEnv(VARS), data: ['logs/main.log', 'logs/other.txt'] };
  for (const [expr, expected] of EVALUATED) {
    assert.ok(strings.some((s) => s.value.includes(expr)), `not in the corpus: ${expr}`);
    assert.deepEqual(evaluateExpression(expr, env), expected, expr);
  }
});

test('expression-reusing-verbose-snippets: map/toJson/sprig produce the week summary', () => {
  const file = strings.filter((s) => s.file === 'expression-reusing-verbose-snippets.yaml');
  const weekTemps = file.find((s) => s.value.includes('map(['))!.value;
  const summary = substitute(weekTemps, VARS);
  assert.equal(summary, '{"avg":35.8,"min":15,"max":57}');
  const avg = file.find((s) => s.value.includes("'$.avg'"))!.value;
  assert.equal(substitute(avg, { ...VARS, 'inputs.parameters.week-temps': summary }), '35.8');
});

test('expression-tag-template: withParam and args render as Argo renders them', () => {
  assert.equal(substitute('{{=toJson(filter([1, 3], {# > 1}))}}', {}), '[3]');
  const args = 'hello {{=asInt(inputs.parameters.foo) * 10}} @ {{=sprig.date(\'2006\', workflow.creationTimestamp)}}\n';
  assert.equal(substitute(args, VARS), 'hello 30 @ 2024\n');
});

test('retry-conditional: the retry expression decides from lastRetry', () => {
  const field = strings.find((s) => s.file === 'retry-conditional.yaml' && s.key === 'expression')!.value;
  const text = substitute(field, { 'inputs.parameters.safe-to-retry': 'false' });
  const env = (exitCode: string, message: string): Record<string, unknown> =>
    ({ lastRetry: { exitCode, status: 'Failed', duration: '30', message } });
  assert.equal(evaluateExpression(text, env('2', 'pod deleted')), true);
  assert.equal(evaluateExpression(text, env('2', 'oom')), false);
  assert.equal(evaluateExpression(text, env('1', 'pod deleted')), false);
});

test('cron-when: runs when the last run is older than 360s or there was none', () => {
  const when = strings.find((s) => s.file === 'cron-when.yaml' && s.key === 'when')!.value;
  const now = (): Date => new Date('2024-01-01T12:00:00Z');
  const gate = (last: Date | null): string => substitute(when, {}, { exprEnv: { cronworkflow: { lastScheduledTime: last } }, now });
  assert.equal(gate(null), 'true');
  assert.equal(gate(new Date('2024-01-01T11:50:00Z')), 'true');
  assert.equal(gate(new Date('2024-01-01T11:58:00Z')), 'false');
});

test('conditionals-complex: the govaluate when evaluates after substitution', () => {
  const when = strings.find((s) => s.file === 'conditionals-complex.yaml' && s.key === 'when' && s.value.includes('||'))!.value;
  const decide = (coin: string, again: string): boolean => evaluateWhen(substitute(when, {
    'steps.flip-coin.outputs.result': coin, 'steps.flip-again.outputs.result': again,
  }));
  assert.equal(decide('heads', 'tails'), true);
  assert.equal(decide('tails', 'tails'), true);
  assert.equal(decide('heads', 'heads'), false);
});
