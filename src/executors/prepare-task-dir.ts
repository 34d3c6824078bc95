import { chmod, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { SCRIPT_PATH } from './check-task-paths.js';
import { TASK_FILES } from './locate-task-dir.js';
import { mapTaskPath } from './map-task-path.js';
import type { MountPlan } from './plan-sandbox-mounts.js';
import type { RunAs } from './resolve-run-as.js';
import type { TaskLaunch } from './types.js';
import { unpackArtifact } from './unpack-artifact.js';

/**
 * Creates a fresh `<taskDir>/tmp` (mode 1777: any task user can write, nobody can remove another's files).
 * A directory left by an earlier run under the same id is removed first: the executor, often root, must
 * never write into a tree a task could have filled with links.
 */
export async function createTaskDir(taskDir: string): Promise<void> {
  // Hot path: one mkdir when the run's directory exists (every task but the first of a run).
  const made = await mkdir(taskDir, { mode: 0o711 }).then(() => true, (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return mkdir(taskDir, { recursive: true, mode: 0o711 }).then(() => true);
    if (err.code === 'EEXIST') return false;
    throw err;
  });
  if (!made) {
    await rm(taskDir, { recursive: true, force: true });
    await mkdir(taskDir, { mode: 0o711 });
  }
  const tmp = join(taskDir, TASK_FILES.tmp);
  await mkdir(tmp);
  await chmod(tmp, 0o1777);
}

/**
 * Puts everything the task expects in place before it starts: private mount directories, the script,
 * input artifacts, then `files` (which may land inside an unpacked artifact). Returns the script's path as the
 * task sees it, or throws with a message naming the input that failed.
 */
export async function placeTaskInputs(launch: TaskLaunch, plan: MountPlan, taskDir: string, owner: RunAs | undefined, sandbox: boolean): Promise<string | undefined> {
  for (const bind of plan.binds) await makeDirs(bind.hostDir, owner);
  if (plan.rootDir !== undefined) {
    await makeDirs(plan.rootDir, owner);
    for (const dir of plan.rootDirs) await makeDirs(join(plan.rootDir, dir), owner);
  }
  const workingDir = launch.workingDir === undefined ? undefined : mapTaskPath(plan, launch.workingDir);
  if (workingDir !== undefined) await makeDirs(workingDir, owner);
  let scriptPath: string | undefined;
  if (launch.script !== undefined) {
    const hostScript = join(plan.taskTmp, SCRIPT_PATH.slice('/tmp'.length));
    await mkdir(dirname(hostScript), { mode: 0o755 });
    await writeFile(hostScript, launch.script.source, { mode: 0o755 });
    scriptPath = sandbox ? SCRIPT_PATH : hostScript;
  }
  for (const [i, artifact] of launch.inputArtifacts.entries()) {
    const target = hostPathOf(plan, artifact.path, `input artifact "${artifact.name}"`);
    await makeDirs(dirname(target), owner);
    await unpackArtifact(artifact.archivePath, target, join(taskDir, TASK_FILES.staging, String(i)), owner)
      .catch((err: Error) => { throw new Error(`input artifact "${artifact.name}": ${err.message}`); });
  }
  for (const file of launch.files) {
    const target = hostPathOf(plan, file.path, `file ${file.path}`);
    await makeDirs(dirname(target), owner);
    const mode = (file.mode ?? 0o644) & 0o777;
    await writeFile(target, file.content, { mode });
    await chmod(target, mode);
    if (owner !== undefined) await chown(target, owner.uid, owner.gid);
  }
  return scriptPath;
}

function hostPathOf(plan: MountPlan, path: string, label: string): string {
  const host = mapTaskPath(plan, path);
  if (host === undefined) throw new Error(`${label}: ${path} is not in a writable directory of the task`);
  return host;
}

/** mkdir -p that hands every directory it creates to the task's user. */
async function makeDirs(dir: string, owner: RunAs | undefined): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: 0o755 });
  if (first === undefined || owner === undefined) return;
  let current = first;
  await chown(current, owner.uid, owner.gid);
  for (const part of relative(first, dir).split('/').filter(Boolean)) {
    current = join(current, part);
    await chown(current, owner.uid, owner.gid);
  }
}
