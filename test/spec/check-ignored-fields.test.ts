import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintYaml, workflow } from './lint-yaml.js';

test('Kubernetes-only fields are info (ignored-field), not warnings', () => {
  const diags = lintYaml(workflow(`  - name: main
    nodeSelector: {disk: ssd}
    container: {image: alpine, command: [echo], resources: {limits: {memory: 1Gi}}}
`, '  podGC: {strategy: OnPodSuccess}\n  ttlStrategy: {secondsAfterCompletion: 60}\n'));
  assert.deepEqual(diags.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`), [
    '7:3 info ignored-field: podGC is Kubernetes-specific; Keyflow ignores it',
    '8:3 info ignored-field: ttlStrategy is Kubernetes-specific; Keyflow ignores it',
    '11:5 info ignored-field: nodeSelector is Kubernetes-specific; Keyflow ignores it',
  ]);
});
