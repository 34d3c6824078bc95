import { posix } from 'node:path';
import type { TaskLaunch } from './types.js';

/** Where the script source is written, as the task sees it (the path appended to `command`). */
export const SCRIPT_PATH = '/tmp/.keyflow/script';

const KERNEL_DIRS = ['/proc', '/dev', '/sys'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** True when `path` is `dir` or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/** The paths of a launch that the executor itself reads or writes, with what each is for. */
export interface TaskPaths {
  /** Paths as the task sees them, each labelled for error messages. */
  all: { label: string; path: string }[];
  /** Directories outside /tmp that must exist and be writable in the sandbox (parents of those paths). */
  outsideDirs: string[];
}

/**
 * Validates every path of a launch (absolute, normalised, not in /proc, /dev or /sys) and every artifact name,
 * and collects the directories outside /tmp that need a private writable mount. Returns a message naming the
 * offending field, or the paths. Without the sandbox only /tmp can be remapped, so other paths are refused.
 */
export function checkTaskPaths(launch: TaskLaunch, sandbox: boolean): TaskPaths | string {
  const all: { label: string; path: string; exact: boolean }[] = [
    ...launch.files.map((f) => ({ label: `file ${f.path}`, path: f.path, exact: true })),
    ...launch.inputArtifacts.map((a) => ({ label: `input artifact "${a.name}"`, path: a.path, exact: true })),
    ...launch.outputs.parameters.map((p) => ({ label: `output parameter "${p.name}"`, path: p.path, exact: false })),
    ...launch.outputs.artifacts.map((a) => ({ label: `output artifact "${a.name}"`, path: a.path, exact: false })),
  ];
  for (const artifact of [...launch.inputArtifacts, ...launch.outputs.artifacts]) {
    if (typeof artifact.name !== 'string' || !NAME.test(artifact.name)) {
      return `artifact name ${JSON.stringify(artifact.name)} must be 1-128 letters, digits, '.', '_' or '-'`;
    }
  }
  const outsideDirs: string[] = [];
  for (const entry of all) {
    const problem = checkPath(entry.path) ?? (entry.exact && entry.path === '/tmp' ? 'cannot replace /tmp itself' : undefined);
    if (problem !== undefined) return `${entry.label}: path ${JSON.stringify(entry.path)} ${problem}`;
    if (isWithin(entry.path, '/tmp')) continue;
    if (!sandbox) return `${entry.label}: path ${entry.path} is outside /tmp; without the sandbox only /tmp paths can be used`;
    outsideDirs.push(posix.dirname(entry.path));
  }
  if (launch.workingDir !== undefined) {
    const problem = checkPath(launch.workingDir);
    if (problem !== undefined) return `workingDir ${JSON.stringify(launch.workingDir)} ${problem}`;
  }
  return { all: all.map(({ label, path }) => ({ label, path })), outsideDirs };
}

function checkPath(path: unknown): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) return 'must be absolute';
  if (path.length > 4096 || path.includes('\0')) return 'is too long or contains a NUL byte';
  if (path === '/' || posix.normalize(path) !== path || path.endsWith('/')) return 'must be normalised (no "..", "." or "//") and not /';
  if (KERNEL_DIRS.some((dir) => isWithin(path, dir))) return 'lies in a kernel file system (/proc, /dev, /sys)';
  return undefined;
}
