import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './fixture.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

interface ArgoError { code: number; message: string; details: { reason?: string }[] }
type Tmpl = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; uid: string; resourceVersion: string; creationTimestamp: string; labels?: Record<string, string> }; spec: { templates: { name: string }[] } };

function template(name: string, kind = 'WorkflowTemplate', labels: Record<string, string> = {}, text = 'hi'): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name, labels },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['echo', text] } }] },
  };
}

const errorOf = (res: { statusCode: number; json(): unknown }) => {
  const e = res.json() as ArgoError;
  return [res.statusCode, e.code, e.message, e.details[0]?.reason];
};

test('a WorkflowTemplate can be created, read, listed, updated and deleted', async () => {
  const created = await s.call('POST', '/api/v1/workflow-templates/default', { template: template('crud', 'WorkflowTemplate', { team: 'a' }) });
  assert.equal(created.statusCode, 200);
  const t = created.json() as Tmpl;
  assert.deepEqual([t.kind, t.metadata.name, t.metadata.namespace, t.metadata.resourceVersion], ['WorkflowTemplate', 'crud', 'default', '1']);
  assert.match(t.metadata.uid, /^[0-9a-f-]{36}$/);
  const got = (await s.call('GET', '/api/v1/workflow-templates/default/crud')).json() as Tmpl;
  assert.deepEqual(got, t);
  const listed = (await s.call('GET', '/api/v1/workflow-templates/default')).json() as { metadata: object; items: Tmpl[] };
  assert.deepEqual(listed, { metadata: {}, items: [t] });
  const changed = { ...template('crud', 'WorkflowTemplate', { team: 'b' }, 'changed'), metadata: { ...t.metadata, labels: { team: 'b' } } };
  const updated = await s.call('PUT', '/api/v1/workflow-templates/default/crud', { name: 'crud', template: changed });
  assert.equal(updated.statusCode, 200);
  const u = updated.json() as Tmpl;
  assert.deepEqual([u.metadata.resourceVersion, u.metadata.uid, u.metadata.labels], ['2', t.metadata.uid, { team: 'b' }]);
  const deleted = await s.call('DELETE', '/api/v1/workflow-templates/default/crud');
  assert.deepEqual([deleted.statusCode, deleted.json()], [200, {}]);
  assert.deepEqual(errorOf(await s.call('GET', '/api/v1/workflow-templates/default/crud')), [404, 5, "WorkflowTemplate 'crud' not found in namespace 'default'", 'ERR_SERVER_NOT_FOUND']);
});

test('PUT with a stale resourceVersion is 409 Aborted and leaves the template as it was', async () => {
  const t = (await s.call('POST', '/api/v1/workflow-templates/default', { template: template('contended') })).json() as Tmpl;
  const first = await s.call('PUT', '/api/v1/workflow-templates/default/contended', { template: { ...template('contended', 'WorkflowTemplate', {}, 'first'), metadata: { name: 'contended', resourceVersion: t.metadata.resourceVersion } } });
  assert.equal(first.statusCode, 200);
  const second = await s.call('PUT', '/api/v1/workflow-templates/default/contended', { template: { ...template('contended', 'WorkflowTemplate', {}, 'second'), metadata: { name: 'contended', resourceVersion: t.metadata.resourceVersion } } });
  assert.deepEqual(errorOf(second), [409, 10, 'WorkflowTemplate default/contended is at version 2, expected 1', 'ERR_STORE_CONFLICT']);
  const now = (await s.call('GET', '/api/v1/workflow-templates/default/contended')).json() as { spec: { templates: { container: { command: string[] } }[] }; metadata: { resourceVersion: string } };
  assert.deepEqual([now.metadata.resourceVersion, now.spec.templates[0]?.container.command], ['2', ['echo', 'first']]);
});

test('PUT without a resourceVersion overwrites; PUT of a missing template is 404 and does not create it', async () => {
  assert.equal((await s.call('PUT', '/api/v1/workflow-templates/default/contended', { template: template('contended', 'WorkflowTemplate', {}, 'third') })).statusCode, 200);
  assert.deepEqual(errorOf(await s.call('PUT', '/api/v1/workflow-templates/default/absent', { template: template('absent') })), [404, 5, "WorkflowTemplate 'absent' not found in namespace 'default'", 'ERR_SERVER_NOT_FOUND']);
  assert.equal(await s.store.getResource('WorkflowTemplate', 'default', 'absent'), undefined);
});

test('creating a template that exists is 409 AlreadyExists', async () => {
  assert.deepEqual(errorOf(await s.call('POST', '/api/v1/workflow-templates/default', { template: template('contended') })), [409, 6, 'WorkflowTemplate default/contended already exists', 'ERR_STORE_ALREADY_EXISTS']);
});

test('invalid templates and mismatched requests are refused with 400 and nothing is stored', async () => {
  const broken = { metadata: { name: 'broken' }, spec: { templates: [{ name: 'main', steps: [[{ name: 'a', template: 'nope' }]] }] } };
  const res = await s.call('POST', '/api/v1/workflow-templates/default', { template: broken });
  assert.deepEqual(errorOf(res).slice(0, 2), [400, 3]);
  assert.match(String(errorOf(res)[2]), /^WorkflowTemplate is invalid \(1 problem\):\n1:\d+: template\.spec\.templates\[0\]\.steps\[0\]\[0\]\.template: /);
  assert.equal(await s.store.getResource('WorkflowTemplate', 'default', 'broken'), undefined);
  const cases: [string, string, unknown, string][] = [
    ['POST', '/api/v1/workflow-templates/default', { template: template('x', 'Workflow') }, 'template.kind must be WorkflowTemplate, not "Workflow"'],
    ['POST', '/api/v1/workflow-templates/default', { template: { ...template('x'), metadata: {} } }, 'WorkflowTemplate is invalid (1 problem):\n1:87: template.metadata: metadata.name or metadata.generateName is required'],
    ['POST', '/api/v1/workflow-templates/default', { template: { ...template('x'), metadata: { generateName: 'x-' } } }, 'template.metadata.name is required'],
    ['PUT', '/api/v1/workflow-templates/default/contended', { template: template('renamed') }, "template.metadata.name 'renamed' does not match the name 'contended' of the request path"],
    ['PUT', '/api/v1/workflow-templates/default/contended', { template: { ...template('contended'), metadata: { name: 'contended', resourceVersion: 'abc' } } }, 'template.metadata.resourceVersion "abc" is not a resource version this server issued'],
    ['POST', '/api/v1/cluster-workflow-templates', { template: { ...template('c', 'ClusterWorkflowTemplate'), metadata: { name: 'c', namespace: 'default' } } }, 'template.metadata.namespace must be empty: a ClusterWorkflowTemplate is cluster-wide'],
    ['POST', '/api/v1/workflow-templates/default', { tmpl: {} }, "body is missing required field 'template'"],
  ];
  for (const [method, url, body, message] of cases) assert.deepEqual(errorOf(await s.call(method, url, body)).slice(0, 3), [400, 3, message], message);
});

test('list filters by label selector', async () => {
  for (const [name, team] of [['sel-a', 'a'], ['sel-b', 'b']]) {
    assert.equal((await s.call('POST', '/api/v1/workflow-templates/labels', { template: template(name!, 'WorkflowTemplate', { team: team! }) })).statusCode, 200);
  }
  const names = async (q: string) => ((await s.call('GET', `/api/v1/workflow-templates/labels?listOptions.labelSelector=${encodeURIComponent(q)}`)).json() as { items: Tmpl[] }).items.map((t) => t.metadata.name);
  assert.deepEqual(await names('team=b'), ['sel-b']);
  assert.deepEqual((await names('team')).sort(), ['sel-a', 'sel-b']);
});

test('lint returns the template when valid and InvalidArgument with every problem when not', async () => {
  const ok = await s.call('POST', '/api/v1/workflow-templates/default/lint', { template: template('lint-me') });
  assert.equal(ok.statusCode, 200);
  assert.equal((ok.json() as Tmpl).metadata.name, 'lint-me');
  assert.equal(await s.store.getResource('WorkflowTemplate', 'default', 'lint-me'), undefined);
  const text = '{"template": {\n "metadata": {"name": "t"},\n "spec": {"templates": [{"name": "a", "container": {}}, {"name": "a", "suspend": {}}]}\n}}';
  const bad = await s.app.inject({ method: 'POST', url: '/api/v1/workflow-templates/default/lint', headers: { ...s.auth, 'content-type': 'application/json' }, payload: text });
  const err = bad.json() as ArgoError & { details: { diagnostics?: { line: number; column: number; path: string }[] }[] };
  assert.deepEqual([bad.statusCode, err.code], [400, 3]);
  const diagnostics = err.details[2]?.diagnostics ?? [];
  assert.ok(diagnostics.length >= 2);
  assert.ok(diagnostics.every((d) => d.line === 3 && d.column > 0 && d.path.startsWith('spec.templates[')));
});

test('ClusterWorkflowTemplates live cluster-wide under /api/v1/cluster-workflow-templates', async () => {
  const created = await s.call('POST', '/api/v1/cluster-workflow-templates', { template: template('shared', 'ClusterWorkflowTemplate') });
  assert.equal(created.statusCode, 200);
  const t = created.json() as Tmpl;
  assert.deepEqual([t.kind, t.metadata.namespace, t.metadata.resourceVersion], ['ClusterWorkflowTemplate', undefined, '1']);
  assert.deepEqual(((await s.call('GET', '/api/v1/cluster-workflow-templates')).json() as { items: Tmpl[] }).items.map((x) => x.metadata.name), ['shared']);
  const stale = await s.call('PUT', '/api/v1/cluster-workflow-templates/shared', { template: { ...template('shared', 'ClusterWorkflowTemplate'), metadata: { name: 'shared', resourceVersion: '7' } } });
  assert.deepEqual(errorOf(stale), [409, 10, 'ClusterWorkflowTemplate shared is at version 1, expected 7', 'ERR_STORE_CONFLICT']);
  assert.equal((await s.call('POST', '/api/v1/cluster-workflow-templates/lint', { template: template('shared', 'ClusterWorkflowTemplate') })).statusCode, 200);
  assert.deepEqual((await s.call('DELETE', '/api/v1/cluster-workflow-templates/shared')).json(), {});
  assert.deepEqual(errorOf(await s.call('DELETE', '/api/v1/cluster-workflow-templates/shared')), [404, 5, "ClusterWorkflowTemplate 'shared' not found", 'ERR_SERVER_NOT_FOUND']);
});

test('a workflow may reference a stored template and is refused once that template is deleted', async () => {
  assert.equal((await s.call('POST', '/api/v1/workflow-templates/default', { template: template('lib') })).statusCode, 200);
  const wf = { metadata: { name: 'uses-lib' }, spec: { entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 'a', templateRef: { name: 'lib', template: 'main' } }]] }] } };
  assert.equal((await s.call('POST', '/api/v1/workflows/default/lint', { workflow: wf })).statusCode, 200);
  assert.equal((await s.call('DELETE', '/api/v1/workflow-templates/default/lib')).statusCode, 200);
  assert.equal((await s.call('POST', '/api/v1/workflows/default/lint', { workflow: wf })).statusCode, 400);
});
