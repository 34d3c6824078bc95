import { cp, copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { extract, type ReadEntry } from 'tar';
import { checkArchiveEntry } from './check-archive-entry.js';
import { ownTaskFiles } from './own-task-files.js';
import type { RunAs } from './resolve-run-as.js';

/**
 * Places a stored artifact at `hostTarget`: a `.tgz` made by packArtifact is unpacked (its single top-level
 * entry becomes the target, as Argo's unpack renames it), a raw file or directory is copied. Entries that would
 * escape are refused before anything lands at the target. Ownership goes to `owner` so the task can change
 * its inputs.
 */
export async function unpackArtifact(archivePath: string, hostTarget: string, stagingDir: string, owner?: RunAs): Promise<void> {
  const source = await stat(archivePath).catch(() => undefined);
  if (source === undefined) throw new Error(`stored artifact ${archivePath} does not exist`);
  await mkdir(dirname(hostTarget), { recursive: true });
  if (source.isDirectory()) {
    await cp(archivePath, hostTarget, { recursive: true, verbatimSymlinks: true, errorOnExist: true, force: false });
  } else if (!archivePath.endsWith('.tgz')) {
    await copyFile(archivePath, hostTarget);
  } else {
    await extractArchive(archivePath, hostTarget, stagingDir);
  }
  await ownTaskFiles(hostTarget, owner);
}

async function extractArchive(archivePath: string, hostTarget: string, stagingDir: string): Promise<void> {
  await mkdir(stagingDir, { recursive: true });
  try {
    const refused: string[] = [];
    await extract({
      file: archivePath, cwd: stagingDir, strict: true, preservePaths: false, preserveOwner: false,
      filter: (path, entry) => {
        const header = entry as ReadEntry;
        const problem = checkArchiveEntry({ path, type: String(header.type), linkpath: header.linkpath });
        if (problem !== undefined && refused.length < 5) refused.push(`entry ${JSON.stringify(path)} ${problem}`);
        return problem === undefined;
      },
    });
    if (refused.length > 0) throw new Error(`archive ${archivePath} refused: ${refused.join('; ')}`);
    const top = await readdir(stagingDir);
    const only = top.length === 1 && top[0] !== undefined ? join(stagingDir, top[0]) : stagingDir;
    await rename(only, hostTarget);
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}
