import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintYaml, workflow } from './lint-yaml.js';

const report = (text: string) => lintYaml(text)
  .filter((d) => d.code === 'unsupported-feature')
  .map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message} (${d.path})`);

test('features Keyflow cannot run are reported as unsupported, never as errors and never silently', () => {
  const diags = report(workflow(`  - name: main
    steps: [[{name: a, template: k8s}, {name: b, template: call}, {name: c, template: sidecar}]]
  - name: k8s
    resource: {action: create, manifest: "kind: ConfigMap"}
  - name: call
    http: {url: "https://example.com"}
  - name: sidecar
    daemon: true
    memoize: {key: k, cache: {configMap: {name: c}}}
    container: {image: alpine}
    sidecars: [{name: db, image: postgres}]
    volumes: [{name: v, emptyDir: {}}]
    inputs:
      artifacts: [{name: src, path: /src, git: {repo: "https://example.com/r.git"}}]
      parameters: [{name: p, valueFrom: {configMapKeyRef: {name: c, key: k}}}]
`, '  volumeClaimTemplates: [{metadata: {name: w}}]\n  artifactRepositoryRef: {key: k}\n'));
  assert.deepEqual(report('x').length, 0);
  assert.deepEqual(diags, [
    '7:3 unsupported: volumeClaimTemplates (Keyflow does not create PersistentVolumeClaims) (spec.volumeClaimTemplates)',
    '8:3 unsupported: artifactRepositoryRef (Keyflow only has its local artifact store) (spec.artifactRepositoryRef)',
    '13:5 unsupported: resource template (Keyflow does not create Kubernetes resources) (spec.templates[1].resource)',
    '15:5 unsupported: http template (Keyflow has no HTTP template runner yet) (spec.templates[2].http)',
    '17:5 unsupported: daemon (daemon steps that outlive their step are not supported) (spec.templates[3].daemon)',
    '18:5 unsupported: memoize (Keyflow has no memoization cache yet) (spec.templates[3].memoize)',
    "19:5 unsupported: container without command (Keyflow runs the command on the host and cannot use an image's entrypoint) (spec.templates[3].container)",
    '20:5 unsupported: sidecars (Keyflow runs no sidecar processes) (spec.templates[3].sidecars)',
    '21:5 unsupported: volumes (Kubernetes volumes cannot be mounted by host processes) (spec.templates[3].volumes)',
    '23:43 unsupported: artifact store git (Keyflow only has its local artifact store) (spec.templates[3].inputs.artifacts[0].git)',
    '24:42 unsupported: valueFrom.configMapKeyRef (Keyflow reads no Kubernetes ConfigMaps) (spec.templates[3].inputs.parameters[0].valueFrom.configMapKeyRef)',
  ]);
});

test('a containerSet with one container, local artifacts and mutexes are supported', () => {
  const diags = report(workflow(`  - name: main
    synchronization: {mutexes: [{name: m}]}
    containerSet:
      containers: [{name: main, image: alpine, command: [echo]}]
    outputs:
      artifacts: [{name: out, path: /tmp/out}]
`));
  assert.deepEqual(diags, []);
});

test('a containerSet with several containers and semaphores from ConfigMaps are unsupported', () => {
  const diags = report(workflow(`  - name: main
    synchronization: {semaphores: [{configMapKeyRef: {name: c, key: k}}]}
    containerSet:
      containers: [{name: a, image: alpine, command: [echo]}, {name: b, image: alpine, command: [echo]}]
`));
  assert.deepEqual(diags, [
    '9:37 unsupported: semaphore from a ConfigMap (Keyflow reads no Kubernetes ConfigMaps) (spec.templates[0].synchronization.semaphores[0].configMapKeyRef)',
    '10:5 unsupported: containerSet with more than one container (Keyflow runs one process per task) (spec.templates[0].containerSet)',
  ]);
});
