import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { isWithin, type TaskPaths } from './check-task-paths.js';
import { chooseMounts, type HostDirProbe } from './choose-mounts.js';
import { TASK_FILES } from './locate-task-dir.js';

/** One entry of a host directory re-created in the sandbox: a read-only bind, or a symlink with its target. */
export interface HostEntry {
  name: string;
  link?: string;
}

/** Every mount the sandbox needs beyond the base layout, with the host directories backing the writable ones. */
export interface MountPlan {
  /** Host directory bound at /tmp. */
  taskTmp: string;
  /** Host directory bound at / when the task writes to new top-level directories. */
  rootDir?: string;
  rootEntries: HostEntry[];
  unfolds: { dir: string; entries: HostEntry[] }[];
  binds: { target: string; hostDir: string }[];
  /** Sandbox directories to create inside the private root before start. */
  rootDirs: string[];
  /** Sandbox directory the task starts in (default /tmp). */
  workingDir: string;
}

/** Top-level entries the sandbox provides itself. */
const OWN_TOP_LEVEL = new Set(['tmp', 'proc', 'dev']);

/**
 * Probes the host for the directories outside /tmp a task writes to and turns chooseMounts' decision into a
 * plan. Launches that only use /tmp (the common case) cost no I/O here.
 */
export async function planSandboxMounts(taskDir: string, paths: TaskPaths, workingDir = '/tmp'): Promise<MountPlan | string> {
  const plan: MountPlan = {
    taskTmp: join(taskDir, TASK_FILES.tmp), rootEntries: [], unfolds: [], binds: [], rootDirs: [], workingDir,
  };
  const dirs = [...paths.outsideDirs];
  if (!isWithin(workingDir, '/tmp') && !(await probeHostDir(workingDir)).isDir) dirs.push(workingDir);
  if (dirs.length === 0) return plan;
  const probes = new Map<string, HostDirProbe>();
  await Promise.all([...new Set(dirs)].map(async (dir) => probes.set(dir, await probeHostDir(dir))));
  const choice = chooseMounts(dirs, (dir) => probes.get(dir) ?? { isDir: false, deepestExisting: '/' });
  if (typeof choice === 'string') return choice;
  plan.binds = choice.binds.map((target, i) => ({ target, hostDir: join(taskDir, TASK_FILES.mounts, String(i)) }));
  plan.unfolds = await Promise.all(choice.unfolds.map(async (dir) => ({ dir, entries: await listHostEntries(dir) })));
  if (choice.privateRoot) {
    plan.rootDir = join(taskDir, TASK_FILES.root);
    plan.rootEntries = (await listHostEntries('/')).filter((e) => !OWN_TOP_LEVEL.has(e.name));
    plan.rootDirs = choice.rootDirs;
  }
  return plan;
}

/** Walks the directory's components with lstat: links are refused because bwrap would follow them. */
async function probeHostDir(dir: string): Promise<HostDirProbe> {
  let current = '/';
  for (const part of dir.split('/').filter(Boolean)) {
    const next = posix.join(current, part);
    const stats = await lstat(next).catch(() => undefined);
    if (stats === undefined) return { isDir: false, deepestExisting: current };
    if (stats.isSymbolicLink()) {
      return { isDir: false, deepestExisting: current, problem: `host path ${next} is a symbolic link; use a path under /tmp or a directory reached without links` };
    }
    if (!stats.isDirectory()) return { isDir: false, deepestExisting: current, problem: `host path ${next} exists and is not a directory` };
    current = next;
  }
  return { isDir: true, deepestExisting: dir };
}

async function listHostEntries(dir: string): Promise<HostEntry[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return Promise.all(entries.map(async (entry) => (entry.isSymbolicLink()
    ? { name: entry.name, link: await readlink(posix.join(dir, entry.name)) }
    : { name: entry.name })));
}
