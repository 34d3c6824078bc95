import { posix } from 'node:path';
import { isWithin } from './check-task-paths.js';
import type { HostEntry, MountPlan } from './plan-sandbox-mounts.js';

/**
 * Namespaces every sandbox gets. `--unshare-user` + `--disable-userns` stop a task from creating nested user
 * namespaces (a common kernel attack surface); `--die-with-parent` ends the task if Keyflow dies;
 * `--new-session` blocks TIOCSTI injection into a terminal.
 */
export const SANDBOX_NAMESPACE_FLAGS: readonly string[] = [
  '--unshare-user', '--disable-userns', '--unshare-pid', '--unshare-ipc', '--unshare-uts',
  '--die-with-parent', '--new-session',
];

/** What bwrap needs beyond the mount plan. */
export interface SandboxOptions {
  network: boolean;
  /** Host directories hidden behind an empty read-only tmpfs (Keyflow's data directory, configured secrets). */
  hide: readonly string[];
  /** bwrap itself runs as root (allowRoot): drop every capability it would otherwise keep. */
  asRoot: boolean;
}

/**
 * The bwrap argv (without the binary) for one attempt. Order matters: the root first, then unfolded
 * directories, masks, /tmp and the private binds, and read-only remounts last, once nothing mounts below them.
 */
export function buildBwrapArgs(plan: MountPlan, opts: SandboxOptions, command: readonly string[]): string[] {
  const args: string[] = [];
  if (plan.rootDir === undefined) args.push('--ro-bind', '/', '/');
  else args.push('--bind', plan.rootDir, '/', ...entryArgs('/', plan.rootEntries));
  args.push('--dev', '/dev', '--proc', '/proc');
  for (const unfold of plan.unfolds) args.push('--tmpfs', unfold.dir, ...entryArgs(unfold.dir, unfold.entries));
  // A mask below /tmp or below a private bind is shadowed anyway, and remounting it would find nothing there.
  const hide = opts.hide.filter((dir) => !isWithin(dir, '/tmp') && !plan.binds.some((b) => isWithin(dir, b.target)));
  for (const dir of hide) args.push('--tmpfs', dir);
  args.push('--bind', plan.taskTmp, '/tmp');
  for (const bind of plan.binds) args.push('--bind', bind.hostDir, bind.target);
  for (const dir of [...plan.unfolds.map((u) => u.dir), ...hide]) args.push('--remount-ro', dir);
  args.push(...SANDBOX_NAMESPACE_FLAGS);
  if (!opts.network) args.push('--unshare-net');
  if (opts.asRoot) args.push('--cap-drop', 'ALL');
  args.push('--chdir', plan.workingDir, '--', ...command);
  return args;
}

function entryArgs(dir: string, entries: readonly HostEntry[]): string[] {
  const args: string[] = [];
  for (const entry of entries) {
    const path = posix.join(dir, entry.name);
    if (entry.link !== undefined) args.push('--symlink', entry.link, path);
    else args.push('--ro-bind-try', path, path);
  }
  return args;
}
