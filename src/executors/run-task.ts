import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildBwrapArgs } from './build-bwrap-args.js';
import { buildTaskEnv } from './build-task-env.js';
import { OutputCapture } from './capture-output.js';
import { checkLaunch, type CheckedLaunch } from './check-launch.js';
import { isWithin } from './check-task-paths.js';
import { collectOutputs } from './collect-outputs.js';
import { TASK_FILES, locateTaskDir } from './locate-task-dir.js';
import { mapTaskPath } from './map-task-path.js';
import { OutcomeWriter } from './persist-outcome.js';
import { planSandboxMounts, type MountPlan } from './plan-sandbox-mounts.js';
import { createTaskDir, placeTaskInputs } from './prepare-task-dir.js';
import type { LocalConfig } from './resolve-local-config.js';
import { superviseProcess, type ProcessEnd, type ProcessSpec } from './supervise-process.js';
import type { TaskLaunch, TaskOutcome } from './types.js';

const DEFAULT_LOG_LIMIT = 100 * 1024 * 1024;
const DEFAULT_RESULT_LIMIT = 256 * 1024;

/**
 * One attempt, start to finish: check → task directory → mounts → inputs → process → outputs → outcome.json.
 * Rejects only for an invalid task id (there is no directory to report into); every other failure is an
 * outcome, persisted before the promise resolves.
 */
export async function runTask(config: LocalConfig, launch: TaskLaunch, signal?: AbortSignal): Promise<TaskOutcome> {
  const taskDir = locateTaskDir(config.tasksDir, launch.taskId);
  const startedAt = new Date().toISOString();
  try {
    await createTaskDir(taskDir);
  } catch (err) {
    return notStarted(launch.taskId, startedAt, `could not create the task directory: ${(err as Error).message}`);
  }
  const writer = new OutcomeWriter(taskDir);
  let outcome: TaskOutcome;
  let logClosed: Promise<unknown> = Promise.resolve();
  try {
    ({ outcome, logClosed } = await runInTaskDir(config, launch, taskDir, startedAt, signal));
  } catch (err) {
    outcome = notStarted(launch.taskId, startedAt, (err as Error).message);
    await writeFile(join(taskDir, TASK_FILES.log), `[keyflow] ${outcome.message}\n`, { flag: 'a', mode: 0o640 }).catch(() => undefined);
  }
  // outcome.json only serves recover() after a crash; the engine stores what run() resolves with either way.
  await Promise.all([writer.commit(outcome).catch(() => undefined), logClosed]);
  return outcome;
}

async function runInTaskDir(
  config: LocalConfig, launch: TaskLaunch, taskDir: string, startedAt: string, signal?: AbortSignal,
): Promise<{ outcome: TaskOutcome; logClosed: Promise<unknown> }> {
  const checked = checkLaunch(launch, config);
  if (typeof checked === 'string') throw new Error(checked);
  const plan = config.sandbox
    ? await planSandboxMounts(taskDir, checked.paths, launch.workingDir)
    : plainPlan(taskDir, launch.workingDir);
  if (typeof plan === 'string') throw new Error(plan);
  const scriptPath = await placeTaskInputs(launch, plan, taskDir, checked.owner, config.sandbox);
  const capture = new OutputCapture(join(taskDir, TASK_FILES.log),
    launch.logLimitBytes ?? DEFAULT_LOG_LIMIT, launch.resultLimitBytes ?? DEFAULT_RESULT_LIMIT);
  const command = scriptPath === undefined ? launch.command : [...launch.command, scriptPath];
  let end = await superviseProcess({
    ...processFor(config, launch, plan, checked, command), timeoutMs: launch.timeoutMs, signal,
    killGraceMs: config.killGraceMs, capture,
  });
  if (end.reason === 'spawn-failed') capture.note(end.message ?? 'could not start');
  const captured = capture.collect();
  // The log closes while outputs are collected and the outcome is written.
  const logClosed = capture.close();
  end = recognizeSandboxFailure(end, captured.stderrHead, config.sandbox);
  const outputs = end.reason === 'spawn-failed'
    ? { outputParameters: {}, outputArtifacts: {}, problems: [] }
    : await collectOutputs(launch.outputs, plan, launch.artifactDir, end.reason === undefined);
  const outcome: TaskOutcome = {
    taskId: launch.taskId, exitCode: end.exitCode, ...(end.signal ? { signal: end.signal } : {}),
    ...(end.reason ? { reason: end.reason, message: end.message } : {}),
    result: captured.result, outputParameters: outputs.outputParameters, outputArtifacts: outputs.outputArtifacts,
    startedAt, finishedAt: new Date().toISOString(),
  };
  if (outputs.problems.length > 0 && outcome.reason === undefined) {
    outcome.reason = 'output-error';
    outcome.message = outputs.problems.join('; ');
  }
  return { outcome, logClosed };
}

function processFor(
  config: LocalConfig, launch: TaskLaunch, plan: MountPlan, checked: CheckedLaunch, command: string[],
): Pick<ProcessSpec, 'file' | 'args' | 'env' | 'cwd' | 'runAs' | 'sandboxed'> {
  const env = buildTaskEnv(launch.env, config.sandbox ? '/tmp' : plan.taskTmp, config.sandbox);
  const runAs = checked.owner;
  if (!config.sandbox) {
    return { file: command[0]!, args: command.slice(1), env, cwd: plan.workingDir, runAs, sandboxed: false };
  }
  const asRoot = (runAs?.uid ?? process.getuid?.()) === 0;
  const args = buildBwrapArgs(plan, { network: launch.network, hide: config.hide, asRoot }, command);
  return { file: config.bwrapPath, args, env, cwd: '/', runAs, sandboxed: true };
}

/** Without the sandbox, paths under /tmp live in the task's own directory and the task starts there. */
function plainPlan(taskDir: string, workingDir: string | undefined): MountPlan {
  const plan: MountPlan = { taskTmp: join(taskDir, TASK_FILES.tmp), rootEntries: [], unfolds: [], binds: [], rootDirs: [], workingDir: '' };
  plan.workingDir = workingDir === undefined ? plan.taskTmp
    : isWithin(workingDir, '/tmp') ? (mapTaskPath(plan, workingDir) ?? plan.taskTmp) : workingDir;
  return plan;
}

/**
 * bwrap exits 1 and prints "bwrap: ..." when it cannot set up the sandbox or exec the command (not found):
 * the task never ran, so that is a spawn failure, not the task's exit code. A task that prints exactly that and
 * exits 1 is misreported as not started; only it is affected.
 */
function recognizeSandboxFailure(end: ProcessEnd, stderrHead: string, sandbox: boolean): ProcessEnd {
  if (!sandbox || end.reason !== undefined || end.exitCode !== 1 || !stderrHead.startsWith('bwrap: ')) return end;
  const line = stderrHead.split('\n')[0] ?? '';
  return { exitCode: null, reason: 'spawn-failed', message: `could not start the task: ${line}` };
}

function notStarted(taskId: string, startedAt: string, message: string): TaskOutcome {
  return {
    taskId, exitCode: null, reason: 'spawn-failed', message, outputParameters: {}, outputArtifacts: {},
    startedAt, finishedAt: new Date().toISOString(),
  };
}
