import type { TaskSpec } from '../engine/index.js';
import { ControllerError } from './errors.js';

/**
 * The environment variables a template declares. Values from secrets or config maps need the secrets
 * domain; until a workflow's account can be granted them they are refused rather than silently empty.
 */
export function resolveTaskEnv(task: TaskSpec): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of task.env) {
    if (e.value !== undefined) {
      env[e.name] = e.value;
    } else if (e.valueFrom) {
      const source = Object.keys(e.valueFrom as object)[0] ?? 'valueFrom';
      throw new ControllerError('ERR_CONTROLLER_UNSUPPORTED', `unsupported: env '${e.name}' uses ${source}, which the local executor cannot provide yet`);
    } else {
      env[e.name] = '';
    }
  }
  return env;
}
