import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml, workflow } from './lint-yaml.js';

test("fields with a fixed vocabulary use one of Argo's values", () => {
  const diags = lintYaml(workflow(`  - name: main
    retryStrategy: {limit: 2, retryPolicy: OnFailed}
    container: {image: alpine, command: [echo], imagePullPolicy: Sometimes}
`, '  shutdown: Pause\n  podGC: {strategy: OnPodSuccess}\n'));
  assert.deepEqual(findings(diags), [
    '7:13 invalid-value: "Pause" is not valid here: use one of Stop, Terminate',
    '11:44 invalid-value: "OnFailed" is not valid here: use one of Always, OnFailure, OnError, OnTransientError',
    '12:66 invalid-value: "Sometimes" is not valid here: use one of Always, Never, IfNotPresent',
  ]);
});
