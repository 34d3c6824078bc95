import type { Check } from './lint-context.js';
import { listAt, objAt, strAt } from './read-values.js';

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const FIELD = /^[0-9A-Za-z*?/,\-LW#]+$/;

/**
 * Cron schedules use the standard five fields (minute hour day-of-month month day-of-week), a
 * descriptor such as @hourly, or `@every <duration>` (robfig/cron ParseStandard, as Argo uses),
 * optionally prefixed with CRON_TZ=Area/City.
 */
export const checkCronSchedule: Check = (ctx) => {
  if (ctx.site?.kind !== 'CronWorkflow') return;
  const spec = objAt(ctx.manifest['spec']);
  const single = strAt(spec?.['schedule']);
  if (single !== undefined) report(ctx, single, ['spec', 'schedule']);
  listAt(spec?.['schedules']).forEach((s, i) => {
    if (typeof s === 'string') report(ctx, s, ['spec', 'schedules', i]);
  });
};

function report(ctx: Parameters<Check>[0], schedule: string, path: Array<string | number>): void {
  const problem = scheduleProblem(schedule);
  if (problem) ctx.report('error', 'invalid-value', path, `cron schedule "${schedule}" ${problem}`);
}

/** Why a schedule is malformed, or undefined. */
export function scheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  if (text.includes('{{')) return undefined;
  if (text.startsWith('@every ')) return /^@every\s+(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text) ? undefined : 'has an invalid @every duration (e.g. "@every 1h30m")';
  if (text.startsWith('@')) return DESCRIPTORS.includes(text) ? undefined : `uses an unknown descriptor (use one of ${DESCRIPTORS.join(', ')} or @every <duration>)`;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `must have 5 fields (minute hour day-of-month month day-of-week), not ${fields.length}`;
  const bad = fields.find((f) => !FIELD.test(f));
  return bad === undefined ? undefined : `has an invalid field "${bad}"`;
}
