import { join } from 'node:path';
import { isWithin } from './check-task-paths.js';
import type { MountPlan } from './plan-sandbox-mounts.js';

/** A writable area of the task's file system: where it is in the sandbox and which host directory backs it. */
export interface TaskArea {
  sandboxDir: string;
  hostDir: string;
}

/**
 * The writable area holding `path` (as the task sees it), or undefined when the path is read-only host content
 * or ephemeral (a tmpfs). The executor only ever reads and writes task files through these areas.
 */
export function findTaskArea(plan: MountPlan, path: string): TaskArea | undefined {
  if (isWithin(path, '/tmp')) return { sandboxDir: '/tmp', hostDir: plan.taskTmp };
  let best: MountPlan['binds'][number] | undefined;
  for (const bind of plan.binds) {
    if (isWithin(path, bind.target) && (best === undefined || bind.target.length > best.target.length)) best = bind;
  }
  if (best !== undefined) return { sandboxDir: best.target, hostDir: best.hostDir };
  if (plan.rootDir === undefined) return undefined;
  const top = path.split('/')[1] ?? '';
  if (top === '' || ['tmp', 'proc', 'dev'].includes(top) || plan.rootEntries.some((e) => e.name === top)) return undefined;
  return { sandboxDir: '/', hostDir: plan.rootDir };
}

/** Host path of a sandbox path inside a writable area (no link resolution: see resolve-task-file.ts). */
export function mapTaskPath(plan: MountPlan, path: string): string | undefined {
  const area = findTaskArea(plan, path);
  return area === undefined ? undefined : join(area.hostDir, path.slice(area.sandboxDir.length));
}
