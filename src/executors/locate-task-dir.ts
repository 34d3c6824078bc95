import { join } from 'node:path';
import { ExecutorError } from './errors.js';

/**
 * `<runUid>/<nodeId>`: two parts of letters, digits, `.`, `_`, `-`, each starting with a letter or digit, so
 * neither part can be `.`, `..` or empty and the joined path can never leave `<dataDir>/tasks/`.
 */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\/[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The attempt's directory under `tasksDir`; throws ERR_EXECUTOR_INVALID_TASK_ID for anything else. */
export function locateTaskDir(tasksDir: string, taskId: string): string {
  if (typeof taskId !== 'string' || !TASK_ID.test(taskId)) {
    const shown = typeof taskId === 'string' ? JSON.stringify(taskId.slice(0, 80)) : typeof taskId;
    throw new ExecutorError(
      'ERR_EXECUTOR_INVALID_TASK_ID',
      `task id ${shown} is not of the form <runUid>/<nodeId> (letters, digits, '.', '_', '-'; ` +
        'each part 1-128 characters starting with a letter or digit)',
    );
  }
  return join(tasksDir, taskId);
}

/** Fixed names inside a task directory (see docs/executor.md). */
export const TASK_FILES = {
  tmp: 'tmp',
  log: 'main.log',
  outcome: 'outcome.json',
  outcomeTmp: 'outcome.json.tmp',
  root: 'root',
  mounts: 'mounts',
  staging: 'staging',
} as const;
