import { rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TASK_FILES, locateTaskDir } from './locate-task-dir.js';
import { readOutcome } from './persist-outcome.js';
import { resolveLocalConfig, type LocalExecutorOptions } from './resolve-local-config.js';
import { runTask } from './run-task.js';
import type { Executor } from './types.js';

/**
 * The local executor: each attempt is a child process in a bubblewrap sandbox (or, with `sandbox: false`, a
 * plain child process). Checks bwrap once here; throws ERR_EXECUTOR_SANDBOX_UNAVAILABLE when it is needed and
 * unusable, ERR_EXECUTOR_ROOT_REFUSED when tasks would run as root, ERR_EXECUTOR_DATA_DIR for an unusable
 * data directory.
 */
export async function createLocalExecutor(opts: LocalExecutorOptions): Promise<Executor> {
  const config = await resolveLocalConfig(opts);
  return {
    run: (launch, signal) => runTask(config, launch, signal),
    recover: async (taskId) => readOutcome(locateTaskDir(config.tasksDir, taskId), taskId),
    logPath: (taskId) => join(locateTaskDir(config.tasksDir, taskId), TASK_FILES.log),
    cleanup: async (taskId) => {
      const taskDir = locateTaskDir(config.tasksDir, taskId);
      await rm(taskDir, { recursive: true, force: true });
      // The run's directory goes with its last task; ENOTEMPTY just means other tasks remain.
      await rmdir(dirname(taskDir)).catch(() => undefined);
    },
  };
}
