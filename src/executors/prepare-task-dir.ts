import { constants } from 'node:fs';
import { chmod, chown, lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { SCRIPT_PATH } from './check-task-paths.js';
import { TASK_FILES } from './locate-task-dir.js';
import { findTaskArea, mapTaskPath } from './map-task-path.js';
import type { MountPlan } from './plan-sandbox-mounts.js';
import type { RunAs } from './resolve-run-as.js';
import type { TaskLaunch } from './types.js';
import { unpackArtifact } from './unpack-artifact.js';

/** Create or truncate, never through a link at the final component. */
const NO_FOLLOW_WRITE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

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
  // Only unpacked artifacts can have put links in the tree; the executor's own directories hold none.
  const mayHoldLinks = launch.inputArtifacts.length > 0;
  for (const [i, artifact] of launch.inputArtifacts.entries()) {
    const target = await hostPathOf(plan, artifact.path, `input artifact "${artifact.name}"`, i > 0);
    await makeDirs(dirname(target), owner);
    await unpackArtifact(artifact.archivePath, target, join(taskDir, TASK_FILES.staging, String(i)), owner)
      .catch((err: Error) => { throw new Error(`input artifact "${artifact.name}": ${err.message}`); });
  }
  for (const file of launch.files) {
    const target = await hostPathOf(plan, file.path, `file ${file.path}`, mayHoldLinks);
    await makeDirs(dirname(target), owner);
    const mode = (file.mode ?? 0o644) & 0o777;
    await writeFile(target, file.content, { mode, flag: NO_FOLLOW_WRITE });
    await chmod(target, mode);
    if (owner !== undefined) await chown(target, owner.uid, owner.gid);
  }
  return scriptPath;
}

/**
 * Host path for a path the task will see. When earlier inputs may have placed links, every existing component
 * is checked: the executor (often root) must not follow a link out of the task's area while writing.
 */
async function hostPathOf(plan: MountPlan, path: string, label: string, checkLinks: boolean): Promise<string> {
  const area = findTaskArea(plan, path);
  if (area === undefined) throw new Error(`${label}: ${path} is not in a writable directory of the task`);
  let host = area.hostDir;
  for (const part of path.slice(area.sandboxDir.length).split('/').filter(Boolean)) {
    host = join(host, part);
    if (!checkLinks) continue;
    const stats = await lstat(host).catch(() => undefined);
    if (stats === undefined) checkLinks = false;
    else if (stats.isSymbolicLink()) throw new Error(`${label}: ${path} goes through a symbolic link placed by an input artifact`);
  }
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
