import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, echoWorkflow, type TestServer } from './fixture.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

interface ArgoError { code: number; message: string; details: { '@type': string; reason?: string; diagnostics?: unknown[]; fieldViolations?: unknown[] }[] }
type Wf = { metadata: { name: string; namespace: string; uid: string; labels: Record<string, string>; resourceVersion?: string }; spec: Record<string, unknown>; status: { phase: string; nodes?: Record<string, { displayName: string; phase: string; type: string }>; progress?: string } };

async function finished(name: string, ns = 'default'): Promise<Wf> {
  const run = await s.store.getRun(ns, name);
  assert.ok(run, `${name} stored`);
  await s.controller.waitFor(run.uid);
  const res = await s.call('GET', `/api/v1/workflows/${ns}/${name}`);
  assert.equal(res.statusCode, 200);
  return res.json() as Wf;
}

const TEMPLATE = {
  apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', metadata: { name: 'greet', labels: { team: 'a' } },
  spec: {
    entrypoint: 'main', arguments: { parameters: [{ name: 'who', value: 'world' }] },
    templates: [{ name: 'main', container: { image: 'busybox', command: ['echo', 'hello {{workflow.parameters.who}}'] } }],
  },
};

test('POST /api/v1/workflows/{ns} validates, stores and runs a workflow to Succeeded with the local executor', async () => {
  const res = await s.call('POST', '/api/v1/workflows/default', { workflow: echoWorkflow('first') });
  assert.equal(res.statusCode, 200);
  const created = res.json() as Wf;
  assert.equal(created.metadata.name, 'first');
  assert.equal(created.metadata.namespace, 'default');
  assert.match(created.metadata.uid, /^[0-9a-f-]{36}$/);
  const done = await finished('first');
  assert.equal(done.status.phase, 'Succeeded');
  assert.equal(done.status.progress, '1/1');
  assert.deepEqual(Object.values(done.status.nodes ?? {}).map((n) => [n.displayName, n.type, n.phase]), [['first', 'Pod', 'Succeeded']]);
  assert.equal(done.metadata.labels['workflows.argoproj.io/phase'], 'Succeeded');
  assert.equal(done.metadata.labels['workflows.argoproj.io/completed'], 'true');
  assert.match(done.metadata.resourceVersion ?? '', /^\d+$/);
});

test('an invalid workflow is refused with 400 listing every problem with line, column and path, and nothing is stored', async () => {
  const body = { workflow: { metadata: { name: 'broken' }, spec: { entrypoint: 'nope', templates: [{ name: 'main', container: { command: ['true'] } }] } } };
  const res = await s.call('POST', '/api/v1/workflows/default', body);
  assert.equal(res.statusCode, 400);
  const err = res.json() as ArgoError;
  assert.equal(err.code, 3);
  assert.equal(err.message, [
    'workflow is invalid (2 problems):',
    '1:64: workflow.spec.entrypoint: entrypoint "nope" is not a template',
    '1:111: workflow.spec.templates[0].container: container.image is required (Argo refuses a container without an image)',
  ].join('\n'));
  assert.equal(err.details[0]?.reason, 'ERR_SPEC_INVALID');
  assert.deepEqual(err.details[1]?.fieldViolations, [
    { field: 'spec.entrypoint', description: 'entrypoint "nope" is not a template' },
    { field: 'spec.templates[0].container', description: 'container.image is required (Argo refuses a container without an image)' },
  ]);
  assert.deepEqual((err.details[2]?.diagnostics as { line: number; column: number; code: string }[]).map((d) => [d.line, d.column, d.code]), [[1, 64, 'unknown-template'], [1, 111, 'required-field']]);
  assert.equal(await s.store.getRun('default', 'broken'), undefined);
});

test('a workflow whose templateRef names no stored template is refused (the server knows every template)', async () => {
  const wf = { metadata: { name: 'dangling' }, spec: { entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 'a', templateRef: { name: 'ghost', template: 'x' } }]] }] } };
  const res = await s.call('POST', '/api/v1/workflows/default', { workflow: wf });
  assert.equal(res.statusCode, 400);
  assert.equal((res.json() as ArgoError).message, 'workflow is invalid (1 problem):\n1:137: workflow.spec.templates[0].steps[0][0].templateRef: templateRef: WorkflowTemplate "ghost" does not exist on this server in namespace \'default\'');
  assert.equal(await s.store.getRun('default', 'dangling'), undefined);
});

test('creating a workflow whose name exists is 409 AlreadyExists', async () => {
  assert.equal((await s.call('POST', '/api/v1/workflows/default', { workflow: echoWorkflow('twice') })).statusCode, 200);
  const res = await s.call('POST', '/api/v1/workflows/default', { workflow: echoWorkflow('twice') });
  assert.equal(res.statusCode, 409);
  const err = res.json() as ArgoError;
  assert.deepEqual([err.code, err.message, err.details[0]?.reason], [6, 'run default/twice already exists', 'ERR_STORE_ALREADY_EXISTS']);
  await finished('twice');
});

test('request shape errors are 400 InvalidArgument naming the field', async () => {
  const cases: [string, string, unknown, string][] = [
    ['POST', '/api/v1/workflows/default', {}, "body is missing required field 'workflow'"],
    ['POST', '/api/v1/workflows/default', { workflow: 'x' }, 'body.workflow must be object'],
    ['POST', '/api/v1/workflows/default', { workflow: {}, extra: 1 }, "body has unknown field 'extra'"],
    ['POST', '/api/v1/workflows/Default', { workflow: {} }, "params.namespace must be a lowercase RFC 1123 name (a-z, 0-9, '-', starting and ending with a letter or digit)"],
    ['POST', '/api/v1/workflows/default', { workflow: { kind: 'WorkflowTemplate', metadata: {} } }, 'workflow.kind must be Workflow, not "WorkflowTemplate"'],
    ['POST', '/api/v1/workflows/default', { workflow: { metadata: { namespace: 'other' } } }, "workflow.metadata.namespace \"other\" does not match the namespace 'default' of the request path"],
    ['POST', '/api/v1/workflows/default', { namespace: 'other', workflow: {} }, "body.namespace 'other' does not match the namespace 'default' of the request path"],
    ['GET', '/api/v1/workflows/default?listOptions.labelSelector=a%20in%20b', undefined, "listOptions.labelSelector: cannot use 'a in b': expected key=value, key!=value, key, !key, key in (a,b) or key notin (a,b)"],
    ['GET', '/api/v1/workflows/default?listOptions.fieldSelector=status.phase%3DRunning', undefined, "listOptions.fieldSelector: cannot use 'status.phase=Running': only metadata.name and metadata.namespace can be selected (=, ==, !=)"],
    ['GET', '/api/v1/workflows/default?fields=metadata,-items', undefined, "fields: 'metadata,-items' mixes kept and dropped (-) paths; use one kind"],
  ];
  for (const [method, url, body, message] of cases) {
    const res = await s.call(method, url, body);
    assert.deepEqual([res.statusCode, (res.json() as ArgoError).code, (res.json() as ArgoError).message], [400, 3, message], url);
  }
});

test('bodies that are not JSON, too large, or of another type are refused', async () => {
  const bad = await s.app.inject({ method: 'POST', url: '/api/v1/workflows/default', headers: { ...s.auth, 'content-type': 'application/json' }, payload: '{"workflow": ' });
  assert.equal(bad.statusCode, 400);
  assert.equal((bad.json() as ArgoError).message, 'request body is not valid JSON (or holds a __proto__/constructor key)');
  const big = await s.app.inject({ method: 'POST', url: '/api/v1/workflows/default', headers: { ...s.auth, 'content-type': 'application/json' },
    payload: JSON.stringify({ workflow: { metadata: { name: 'big', annotations: { a: 'x'.repeat(4 * 1024 * 1024) } } } }) });
  assert.deepEqual([big.statusCode, (big.json() as ArgoError).code, (big.json() as ArgoError).message], [413, 8, 'request body is larger than the limit of 4194304 bytes']);
  const yaml = await s.app.inject({ method: 'POST', url: '/api/v1/workflows/default', headers: { ...s.auth, 'content-type': 'application/x-yaml' }, payload: 'workflow: {}' });
  assert.deepEqual([yaml.statusCode, (yaml.json() as ArgoError).message], [415, 'unsupported content type: send application/json']);
  const proto = await s.app.inject({ method: 'POST', url: '/api/v1/workflows/default', headers: { ...s.auth, 'content-type': 'application/json' }, payload: '{"workflow":{"__proto__":{"x":1}}}' });
  assert.deepEqual([proto.statusCode, (proto.json() as ArgoError).message], [400, 'request body is not valid JSON (or holds a __proto__/constructor key)']);
});

test('serverDryRun validates and returns the workflow without storing it', async () => {
  const res = await s.call('POST', '/api/v1/workflows/default', { workflow: echoWorkflow('dry'), serverDryRun: true });
  assert.equal(res.statusCode, 200);
  assert.equal((res.json() as Wf).metadata.namespace, 'default');
  assert.equal(await s.store.getRun('default', 'dry'), undefined);
});

test('GET /api/v1/workflows/{ns} lists {metadata, items} without node maps, filtered by label selector', async () => {
  for (const [name, team] of [['list-a', 'a'], ['list-b', 'b']] as const) {
    assert.equal((await s.call('POST', '/api/v1/workflows/lists', { workflow: echoWorkflow(name, 'x', { labels: { team, app: 'demo' } }) })).statusCode, 200);
    await finished(name, 'lists');
  }
  const all = (await s.call('GET', '/api/v1/workflows/lists')).json() as { metadata: object; items: Wf[] };
  assert.deepEqual(all.metadata, {});
  assert.deepEqual(all.items.map((w) => w.metadata.name), ['list-b', 'list-a']);
  assert.equal(all.items[0]?.status.nodes, undefined);
  assert.equal(all.items[0]?.status.phase, 'Succeeded');
  const byLabel = (q: string) => s.call('GET', `/api/v1/workflows/lists?listOptions.labelSelector=${encodeURIComponent(q)}`).then((r) => (r.json() as { items: Wf[] }).items.map((w) => w.metadata.name));
  assert.deepEqual(await byLabel('team=a,app=demo'), ['list-a']);
  assert.deepEqual(await byLabel('team!=a'), ['list-b']);
  assert.deepEqual(await byLabel('team in (a,b),app'), ['list-b', 'list-a']);
  assert.deepEqual(await byLabel('!team'), []);
  assert.deepEqual(await byLabel('workflows.argoproj.io/phase in (Succeeded)'), ['list-b', 'list-a']);
  assert.deepEqual(await byLabel('workflows.argoproj.io/completed!=true'), []);
  const byName = (await s.call('GET', '/api/v1/workflows/lists?listOptions.fieldSelector=metadata.name%3Dlist-a')).json() as { items: Wf[] };
  assert.deepEqual(byName.items.map((w) => w.metadata.name), ['list-a']);
  const limited = (await s.call('GET', '/api/v1/workflows/lists?listOptions.limit=1')).json() as { items: Wf[] };
  assert.equal(limited.items.length, 1);
});

test('fields selects what a list returns, and asking for nodes loads them', async () => {
  const slim = (await s.call('GET', '/api/v1/workflows/lists?fields=metadata,items.metadata.name,items.status.phase')).json();
  assert.deepEqual(slim, { metadata: {}, items: [{ metadata: { name: 'list-b' }, status: { phase: 'Succeeded' } }, { metadata: { name: 'list-a' }, status: { phase: 'Succeeded' } }] });
  const nodes = (await s.call('GET', '/api/v1/workflows/lists?fields=items.metadata.name,items.status.nodes')).json() as { items: Wf[] };
  assert.deepEqual(nodes.items.map((w) => Object.values(w.status.nodes ?? {}).map((n) => n.phase)), [['Succeeded'], ['Succeeded']]);
  const without = (await s.call('GET', '/api/v1/workflows/lists?fields=-items.spec,-items.status')).json() as { items: Wf[] };
  assert.deepEqual(Object.keys(without.items[0] ?? {}).sort(), ['apiVersion', 'kind', 'metadata']);
});

test('GET and DELETE of a workflow that does not exist are 404 NotFound', async () => {
  for (const method of ['GET', 'DELETE']) {
    const res = await s.call(method, '/api/v1/workflows/default/ghost');
    assert.deepEqual([res.statusCode, (res.json() as ArgoError).code, (res.json() as ArgoError).message], [404, 5, "workflow 'ghost' not found in namespace 'default'"]);
  }
});

test('DELETE removes a workflow with its rows', async () => {
  assert.equal((await s.call('POST', '/api/v1/workflows/default', { workflow: echoWorkflow('doomed') })).statusCode, 200);
  await finished('doomed');
  const res = await s.call('DELETE', '/api/v1/workflows/default/doomed');
  assert.deepEqual([res.statusCode, res.json()], [200, {}]);
  assert.equal(await s.store.getRun('default', 'doomed'), undefined);
});

test('lint returns the workflow when it is valid and every problem as InvalidArgument when not', async () => {
  const ok = await s.call('POST', '/api/v1/workflows/default/lint', { workflow: echoWorkflow('linted') });
  assert.equal(ok.statusCode, 200);
  assert.equal((ok.json() as Wf).metadata.name, 'linted');
  assert.equal(await s.store.getRun('default', 'linted'), undefined);
  const text = '{\n  "workflow": {\n    "metadata": {"name": "x"},\n    "spec": {\n      "entrypoint": "main",\n      "templates": [{"name": "main", "dag": {"tasks": [{"name": "a", "template": "main", "dependencies": ["b"]}]}}]\n    }\n  }\n}';
  const bad = await s.app.inject({ method: 'POST', url: '/api/v1/workflows/default/lint', headers: { ...s.auth, 'content-type': 'application/json' }, payload: text });
  assert.equal(bad.statusCode, 400);
  const err = bad.json() as ArgoError;
  assert.equal(err.code, 3);
  assert.equal(err.message, 'workflow is invalid (1 problem):\n6:107: workflow.spec.templates[0].dag.tasks[0].dependencies[0]: task "a" depends on "b", which is not a task of this DAG');
  assert.deepEqual(err.details[2]?.diagnostics, [{ severity: 'error', code: 'unknown-dependency', message: 'task "a" depends on "b", which is not a task of this DAG', file: 'request body', line: 6, column: 107, path: 'spec.templates[0].dag.tasks[0].dependencies[0]' }]);
});

test('submit runs a WorkflowTemplate by name with parameters and labels', async () => {
  assert.equal((await s.call('POST', '/api/v1/workflow-templates/default', { template: TEMPLATE })).statusCode, 200);
  const res = await s.call('POST', '/api/v1/workflows/default/submit', {
    resourceKind: 'WorkflowTemplate', resourceName: 'greet', submitOptions: { parameters: ['who=bob'], labels: 'origin=test' },
  });
  assert.equal(res.statusCode, 200);
  const wf = res.json() as Wf;
  assert.match(wf.metadata.name, /^greet-[a-z0-9]{5}$/);
  assert.equal(wf.metadata.labels['workflows.argoproj.io/workflow-template'], 'greet');
  assert.equal(wf.metadata.labels.origin, 'test');
  const done = await finished(wf.metadata.name);
  assert.equal(done.status.phase, 'Succeeded');
  assert.deepEqual((done.spec.arguments as { parameters: unknown[] }).parameters, [{ name: 'who', value: 'bob' }]);
  const logs = await s.call('GET', `/api/v1/workflows/default/${wf.metadata.name}/log`);
  assert.equal(JSON.parse(logs.body.trim()).result.content, 'hello bob');
});

test('submit runs a ClusterWorkflowTemplate, and a CronWorkflow\'s workflowSpec, by name', async () => {
  const cluster = { ...TEMPLATE, kind: 'ClusterWorkflowTemplate', metadata: { name: 'greet-all' } };
  assert.equal((await s.call('POST', '/api/v1/cluster-workflow-templates', { template: cluster })).statusCode, 200);
  const res = await s.call('POST', '/api/v1/workflows/default/submit', { resourceKind: 'ClusterWorkflowTemplate', resourceName: 'greet-all', submitOptions: { name: 'from-cluster' } });
  assert.equal(res.statusCode, 200);
  assert.equal((await finished('from-cluster')).status.phase, 'Succeeded');
  await s.store.putResource({ kind: 'CronWorkflow', namespace: 'default', name: 'nightly', manifest: { apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', metadata: { name: 'nightly' }, spec: { schedule: '0 0 * * *', workflowSpec: TEMPLATE.spec } } });
  const cron = await s.call('POST', '/api/v1/workflows/default/submit', { resourceKind: 'cronworkflow', resourceName: 'nightly', submitOptions: { name: 'from-cron' } });
  assert.equal(cron.statusCode, 200);
  assert.equal((await finished('from-cron')).metadata.labels['workflows.argoproj.io/cron-workflow'], 'nightly');
});

test('submit refuses unknown kinds, missing templates and malformed parameters', async () => {
  const cases: [unknown, number, number, string][] = [
    [{ resourceKind: 'Pod', resourceName: 'x' }, 400, 3, "resourceKind 'Pod' cannot be submitted: use WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow"],
    [{ resourceKind: 'WorkflowTemplate', resourceName: 'ghost' }, 404, 5, "WorkflowTemplate 'ghost' not found in namespace 'default'"],
    [{ resourceKind: 'ClusterWorkflowTemplate', resourceName: 'ghost' }, 404, 5, "ClusterWorkflowTemplate 'ghost' not found"],
    [{ resourceKind: 'WorkflowTemplate', resourceName: 'greet', submitOptions: { parameters: ['novalue'] } }, 400, 3, "submitOptions.parameters[0]: 'novalue' is not name=value"],
    [{ resourceKind: 'WorkflowTemplate', resourceName: 'greet', submitOptions: { colour: 'red' } }, 400, 3, "body.submitOptions has unknown field 'colour'"],
    [{ resourceKind: 'WorkflowTemplate' }, 400, 3, "body is missing required field 'resourceName'"],
  ];
  for (const [body, status, code, message] of cases) {
    const res = await s.call('POST', '/api/v1/workflows/default/submit', body);
    assert.deepEqual([res.statusCode, (res.json() as ArgoError).code, (res.json() as ArgoError).message], [status, code, message]);
  }
});

test('submit with dryRun returns the workflow it would create without running it', async () => {
  const res = await s.call('POST', '/api/v1/workflows/default/submit', { resourceKind: 'WorkflowTemplate', resourceName: 'greet', submitOptions: { name: 'not-run', dryRun: true } });
  assert.equal(res.statusCode, 200);
  assert.deepEqual((res.json() as Wf).spec, { workflowTemplateRef: { name: 'greet' } });
  assert.equal(await s.store.getRun('default', 'not-run'), undefined);
});
