import { isWithin } from './check-task-paths.js';

/** What the host has at a directory a task needs to write to (from probe-host-dirs.ts). */
export interface HostDirProbe {
  /** The directory exists on the host (and no component of it is a symbolic link). */
  isDir: boolean;
  /** Deepest ancestor that exists on the host, when the directory itself does not. */
  deepestExisting: string;
  /** Why the directory cannot be mounted (a component is a link or a file). */
  problem?: string;
}

/** How the sandbox makes directories outside /tmp writable, decided from host probes. */
export interface MountChoice {
  /** `/` is a private host directory with the host's top-level entries bound read-only into it. */
  privateRoot: boolean;
  /** Directories created inside the private root before start (their top level is not on the host). */
  rootDirs: string[];
  /** Host directories replaced by a tmpfs holding read-only binds of their entries, so new mount points fit. */
  unfolds: string[];
  /** Directories replaced by a private writable directory. */
  binds: string[];
}

/**
 * Chooses the fewest mounts that make every directory writable: an existing host directory is covered by a
 * private bind; a missing one whose nearest existing ancestor is `/` lives in a private root; otherwise that
 * ancestor is unfolded (bwrap cannot create a mount point inside a read-only bind) and the directory bound.
 */
export function chooseMounts(dirs: string[], probe: (dir: string) => HostDirProbe): MountChoice | string {
  const choice: MountChoice = { privateRoot: false, rootDirs: [], unfolds: [], binds: [] };
  const sorted = [...new Set(dirs)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  for (const dir of sorted) {
    if (choice.binds.some((bound) => isWithin(dir, bound))) continue;
    if (dir === '/') {
      choice.privateRoot = true;
      continue;
    }
    const found = probe(dir);
    if (found.problem !== undefined) return found.problem;
    if (found.isDir) {
      choice.binds.push(dir);
    } else if (found.deepestExisting === '/') {
      choice.privateRoot = true;
      choice.rootDirs.push(dir);
    } else {
      if (!choice.unfolds.includes(found.deepestExisting)) choice.unfolds.push(found.deepestExisting);
      choice.binds.push(dir);
    }
  }
  choice.unfolds.sort((a, b) => a.length - b.length);
  return choice;
}
