import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, lintYaml } from './lint-yaml.js';

const cron = (spec: string) => `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: nightly}
spec:
${spec}  workflowSpec:
    entrypoint: a
    templates: [{name: a, suspend: {}}]
`;

test('schedules use five cron fields, a descriptor or @every', () => {
  const diags = lintYaml(cron('  schedules: ["0 1 * * *", "@hourly", "@every 1h30m", "CRON_TZ=Europe/Paris 5 4 * * MON-FRI", "* * *", "@sometimes", "@every soon"]\n  concurrencyPolicy: Sometimes\n'));
  assert.deepEqual(findings(diags), [
    '5:95 invalid-value: cron schedule "* * *" must have 5 fields (minute hour day-of-month month day-of-week), not 3',
    '5:104 invalid-value: cron schedule "@sometimes" uses an unknown descriptor (use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>)',
    '5:118 invalid-value: cron schedule "@every soon" has an invalid @every duration (e.g. "@every 1h30m")',
    '6:22 invalid-value: "Sometimes" is not valid here: use one of Allow, Forbid, Replace',
  ]);
});

test('a valid CronWorkflow passes', () => {
  assert.deepEqual(findings(lintYaml(cron('  schedule: "*/5 * * * *"\n  timezone: UTC\n  concurrencyPolicy: Forbid\n'))), []);
});
