import { checkEnv } from './build-task-env.js';
import { checkTaskPaths, type TaskPaths } from './check-task-paths.js';
import type { RunAs } from './resolve-run-as.js';
import type { LocalConfig } from './resolve-local-config.js';
import type { TaskLaunch } from './types.js';

/** A launch that passed every check, with its paths and the identity its process gets. */
export interface CheckedLaunch {
  paths: TaskPaths;
  owner: RunAs | undefined;
}

/**
 * Checks what the engine handed over before anything touches the disk: the argv, the environment, the limits,
 * every path, and who the task would run as. Returns a message naming the field, or the checked launch.
 */
export function checkLaunch(launch: TaskLaunch, config: LocalConfig): CheckedLaunch | string {
  const { command } = launch;
  if (!Array.isArray(command) || !command.every((arg) => typeof arg === 'string' && !arg.includes('\0'))) {
    return 'command must be an array of strings without NUL bytes';
  }
  if (command.length === 0 || command[0] === '') return 'command is empty: the local executor has no image entrypoint to fall back on';
  if (launch.script !== undefined && typeof launch.script.source !== 'string') return 'script.source must be a string';
  const envProblem = checkEnv(launch.env);
  if (envProblem !== undefined) return envProblem;
  for (const key of ['timeoutMs', 'logLimitBytes', 'resultLimitBytes'] as const) {
    const value = launch[key];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) return `${key} must be a number >= 0`;
  }
  if (typeof launch.artifactDir !== 'string' || !launch.artifactDir.startsWith('/')) return 'artifactDir must be an absolute host path';
  const relative = launch.inputArtifacts.find((a) => typeof a.archivePath !== 'string' || !a.archivePath.startsWith('/'));
  if (relative !== undefined) return `input artifact "${relative.name}": archivePath must be an absolute host path`;
  const paths = checkTaskPaths(launch, config.sandbox);
  if (typeof paths === 'string') return paths;
  const owner = chooseOwner(launch.runAs, config);
  return typeof owner === 'string' ? owner : { paths, owner };
}

function chooseOwner(requested: RunAs | undefined, config: LocalConfig): RunAs | undefined | string {
  if (!config.isRoot) {
    const uid = process.getuid?.();
    return requested === undefined || requested.uid === uid ? undefined : `cannot run the task as uid ${requested.uid}: Keyflow does not run as root`;
  }
  const owner = requested ?? config.runAs;
  if ((owner === undefined || owner.uid === 0) && !config.allowRoot) return 'refusing to run the task as root (allowRoot is off)';
  return owner;
}
