import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { TASK_FILES } from './locate-task-dir.js';
import type { TaskOutcome } from './types.js';

/**
 * Writes `outcome.json` atomically (a whole file or none): written beside it, then renamed, before run()
 * resolves, so an engine that crashes after the task ended still finds the outcome with recover().
 * The side file is opened while the task runs, which leaves one write and one rename after it exits.
 * No fsync: this guards against a crash of Keyflow, not of the machine (see docs/executor.md).
 */
export class OutcomeWriter {
  readonly #taskDir: string;
  readonly #handle: Promise<FileHandle | undefined>;

  constructor(taskDir: string) {
    this.#taskDir = taskDir;
    // A failed early open is retried by commit(); never an unhandled rejection.
    this.#handle = open(join(taskDir, TASK_FILES.outcomeTmp), 'w', 0o640).catch(() => undefined);
  }

  /** Persists the outcome; the file appears under its final name only once complete. */
  async commit(outcome: TaskOutcome): Promise<void> {
    const partial = join(this.#taskDir, TASK_FILES.outcomeTmp);
    const handle = (await this.#handle) ?? await open(partial, 'w', 0o640);
    try {
      await handle.write(JSON.stringify(outcome));
    } catch (err) {
      await handle.close();
      throw err;
    }
    // Renaming an open file is fine on Linux: close and rename need not wait for each other.
    await Promise.all([handle.close(), rename(partial, join(this.#taskDir, TASK_FILES.outcome))]);
  }
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
