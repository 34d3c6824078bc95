import { chmod, lchown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunAs } from './resolve-run-as.js';

/**
 * Gives a tree the executor placed (artifacts, directories) to the task's user and drops setuid/setgid bits,
 * so an input can never become a privileged binary. Links are re-owned, never followed.
 */
export async function ownTaskFiles(path: string, owner: RunAs | undefined): Promise<void> {
  const stats = await lstat(path);
  if (owner !== undefined) await lchown(path, owner.uid, owner.gid);
  if (stats.isSymbolicLink()) return;
  if ((stats.mode & 0o6000) !== 0) await chmod(path, stats.mode & 0o1777);
  if (!stats.isDirectory()) return;
  for (const name of await readdir(path)) await ownTaskFiles(join(path, name), owner);
}
