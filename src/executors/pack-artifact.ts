import { copyFile, cp, mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { create } from 'tar';

/**
 * Stores an output artifact: `tgz` (Argo's default) archives the file or directory under its base name, as
 * Argo does, into `<artifactDir>/<name>.tgz`; `none` copies it raw to `<artifactDir>/<name>`. Links are
 * stored as links, never followed, so a task cannot smuggle host files into its outputs. The result appears
 * atomically (written beside, then renamed).
 */
export async function packArtifact(
  hostPath: string, isDirectory: boolean, artifactDir: string, name: string, archive: 'tgz' | 'none' = 'tgz',
): Promise<string> {
  await mkdir(artifactDir, { recursive: true });
  const finalPath = join(artifactDir, archive === 'tgz' ? `${name}.tgz` : name);
  const partial = `${finalPath}.partial`;
  await rm(partial, { recursive: true, force: true });
  try {
    if (archive === 'tgz') {
      // node-tar reads a name starting with '@' as an archive to append.
      const base = basename(hostPath);
      const entry = base.startsWith('@') ? `./${base}` : base;
      await create({ gzip: true, file: partial, cwd: dirname(hostPath), portable: true, follow: false }, [entry]);
    } else if (isDirectory) {
      await cp(hostPath, partial, { recursive: true, verbatimSymlinks: true, dereference: false });
    } else {
      await copyFile(hostPath, partial);
    }
    await rm(finalPath, { recursive: true, force: true });
    await rename(partial, finalPath);
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
  return finalPath;
}
