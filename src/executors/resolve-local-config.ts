import { mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { detectSandbox } from './detect-sandbox.js';
import { ExecutorError } from './errors.js';
import { resolveRunAs, type RunAs } from './resolve-run-as.js';

/** Options of the local executor (validated once, by createLocalExecutor). */
export interface LocalExecutorOptions {
  /** Keyflow's data directory; attempts live in `<dataDir>/tasks/<runUid>/<nodeId>/`. */
  dataDir: string;
  /** false = `--no-sandbox`: plain child processes, weaker isolation (docs/executor.md). */
  sandbox: boolean;
  /** Who tasks run as when Keyflow runs as root; default uid/gid 65534 (nobody). */
  runAsUser?: string | RunAs;
  /** Allow tasks to run as root (refused by default). */
  allowRoot?: boolean;
  /** Time between SIGTERM and SIGKILL when a task is stopped (default 10 s). Added option. */
  killGraceMs?: number;
  /** More host directories to hide from sandboxed tasks (the data directory always is). Added option. */
  hidePaths?: string[];
  /** Absolute path of bwrap when it is not on PATH. Added option. */
  bwrapPath?: string;
}

/** The options resolved once at startup: every later decision reads this, never the environment. */
export interface LocalConfig {
  dataDir: string;
  tasksDir: string;
  sandbox: boolean;
  /** Absolute path of bwrap (never looked up through a task's PATH). */
  bwrapPath: string;
  /** Default identity of tasks; undefined = Keyflow's own (it is not root). */
  runAs: RunAs | undefined;
  isRoot: boolean;
  allowRoot: boolean;
  killGraceMs: number;
  hide: string[];
}

const DEFAULT_KILL_GRACE_MS = 10_000;

/** Validates options, resolves the task user, prepares `<dataDir>/tasks` and probes bwrap when needed. */
export async function resolveLocalConfig(opts: LocalExecutorOptions): Promise<LocalConfig> {
  if (typeof opts?.dataDir !== 'string' || opts.dataDir === '') throw new TypeError('dataDir must be a non-empty path');
  if (typeof opts.sandbox !== 'boolean') throw new TypeError('sandbox must be true or false');
  const killGraceMs = opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  if (!Number.isFinite(killGraceMs) || killGraceMs < 0) throw new TypeError('killGraceMs must be a number >= 0');
  const currentUid = process.getuid?.() ?? -1;
  const allowRoot = opts.allowRoot === true;
  const runAs = await resolveRunAs(opts.runAsUser, allowRoot, currentUid);
  const dataDir = await prepareDataDir(resolve(opts.dataDir), runAs);
  let bwrapPath = '';
  if (opts.sandbox) {
    if (opts.bwrapPath !== undefined && !isAbsolute(opts.bwrapPath)) throw new TypeError('bwrapPath must be absolute');
    const status = await detectSandbox({ runAs, bwrapPath: opts.bwrapPath });
    if (!status.available) throw new ExecutorError('ERR_EXECUTOR_SANDBOX_UNAVAILABLE', status.reason ?? 'bwrap is unusable');
    bwrapPath = status.path ?? 'bwrap';
  }
  const hide = [dataDir];
  for (const path of opts.hidePaths ?? []) {
    if (!isAbsolute(path)) throw new TypeError(`hidePaths entry ${JSON.stringify(path)} must be absolute`);
    const real = await realpath(path).catch(() => undefined);
    if (real !== undefined && (await stat(real)).isDirectory()) hide.push(real);
  }
  return {
    dataDir, tasksDir: join(dataDir, 'tasks'), sandbox: opts.sandbox, bwrapPath, runAs, isRoot: currentUid === 0,
    allowRoot, killGraceMs, hide,
  };
}

/** Creates `<dataDir>/tasks` (mode 0711) and checks the task user can reach the directories below it. */
async function prepareDataDir(dataDir: string, runAs: RunAs | undefined): Promise<string> {
  try {
    await mkdir(join(dataDir, 'tasks'), { recursive: true, mode: 0o711 });
  } catch (err) {
    throw new ExecutorError('ERR_EXECUTOR_DATA_DIR', `cannot create ${join(dataDir, 'tasks')}: ${(err as Error).message}`, { cause: err });
  }
  const real = await realpath(dataDir);
  if (runAs === undefined || runAs.uid === 0) return real;
  for (let dir = join(real, 'tasks'); ; dir = dirname(dir)) {
    const stats = await stat(dir);
    const bit = stats.uid === runAs.uid ? 0o100 : stats.gid === runAs.gid ? 0o010 : 0o001;
    if ((stats.mode & bit) === 0) {
      throw new ExecutorError('ERR_EXECUTOR_DATA_DIR',
        `task user uid ${runAs.uid} cannot traverse ${dir} (mode ${(stats.mode & 0o777).toString(8)}); ` +
        `allow it (e.g. chmod o+x ${dir}) or choose another data directory`);
    }
    if (dir === '/') break;
  }
  return real;
}
