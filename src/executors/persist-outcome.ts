import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TASK_FILES } from './locate-task-dir.js';
import type { TaskOutcome } from './types.js';

/**
 * Writes `outcome.json` atomically (a whole file or none): written beside it, then renamed. Called before
 * run() resolves, so an engine that crashes after the task ended still finds the outcome with recover().
 * No fsync: this guards against a crash of Keyflow, not of the machine (see docs/executor.md).
 */
export async function writeOutcome(taskDir: string, outcome: TaskOutcome): Promise<void> {
  const partial = join(taskDir, TASK_FILES.outcomeTmp);
  await writeFile(partial, JSON.stringify(outcome), { mode: 0o640 });
  await rename(partial, join(taskDir, TASK_FILES.outcome));
}

/** The persisted outcome, or undefined when there is none (or it is not an outcome this executor wrote). */
export async function readOutcome(taskDir: string, taskId: string): Promise<TaskOutcome | undefined> {
  const text = await readFile(join(taskDir, TASK_FILES.outcome), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<TaskOutcome>;
    const valid = value !== null && typeof value === 'object' && value.taskId === taskId &&
      (value.exitCode === null || typeof value.exitCode === 'number') &&
      typeof value.outputParameters === 'object' && typeof value.outputArtifacts === 'object' &&
      typeof value.startedAt === 'string' && typeof value.finishedAt === 'string';
    return valid ? (value as TaskOutcome) : undefined;
  } catch {
    return undefined;
  }
}
