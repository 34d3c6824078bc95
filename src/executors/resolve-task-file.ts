import { lstat, readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { findTaskArea } from './map-task-path.js';
import type { MountPlan } from './plan-sandbox-mounts.js';

/** Where an output path leads: a host file inside the task's own areas, nothing, or a refusal. */
export type ResolvedTaskFile =
  | { kind: 'found'; hostPath: string; stats: Stats }
  | { kind: 'missing' }
  | { kind: 'refused'; problem: string };

const MAX_LINK_HOPS = 40;

/**
 * Resolves a path the way the task saw it, following its symbolic links inside the sandbox's view, so that
 * Keyflow (often root) never reads a host file through a link the task planted: `/tmp/out -> /etc/shadow`
 * means the sandbox's /etc/shadow, which is not task output, and is refused.
 */
export async function resolveTaskFile(plan: MountPlan, path: string): Promise<ResolvedTaskFile> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINK_HOPS; hops++) {
    const area = findTaskArea(plan, current);
    if (area === undefined) return { kind: 'refused', problem: `resolves to ${current}, outside the task's writable directories` };
    const parts = current.slice(area.sandboxDir.length).split('/').filter(Boolean);
    let hostPath = area.hostDir;
    let sandboxPath = area.sandboxDir;
    let stats = await lstat(hostPath).catch(() => undefined);
    let relinked: string | undefined;
    for (let i = 0; i < parts.length && stats !== undefined; i++) {
      if (!stats.isDirectory()) return { kind: 'missing' };
      hostPath = join(hostPath, parts[i]!);
      sandboxPath = posix.join(sandboxPath, parts[i]!);
      stats = await lstat(hostPath).catch(() => undefined);
      if (stats?.isSymbolicLink()) {
        const target = await readlink(hostPath);
        const base = target.startsWith('/') ? target : posix.join(posix.dirname(sandboxPath), target);
        relinked = posix.normalize(posix.join(base, ...parts.slice(i + 1)));
        break;
      }
    }
    if (stats === undefined) return { kind: 'missing' };
    if (relinked === undefined) return { kind: 'found', hostPath, stats };
    current = relinked;
  }
  return { kind: 'refused', problem: `goes through more than ${MAX_LINK_HOPS} symbolic links` };
}
