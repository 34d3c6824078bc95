import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SecretError } from './errors.js';

const RETRY_MS = 25;

function holderAlive(lockPath: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch {
    return true; // vanished or unreadable: try again rather than break someone's lock
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return true; // being written right now
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Runs `fn` while holding `<path>.lock` (created exclusively, holding our pid). Key changes are
 * read-modify-write of the whole file: without the lock, a rotation and a retirement in two processes
 * could each write their own view and one of them would drop a key still needed to decrypt. A lock
 * left by a process that no longer exists is removed; a live holder is waited for up to `waitMs`.
 */
export async function withKeyFileLock<T>(path: string, fn: () => T | Promise<T>, waitMs = 5000): Promise<T> {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + waitMs;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new SecretError('ERR_SECRET_ROTATION', `cannot create the lock ${lockPath}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      if (!holderAlive(lockPath)) {
        try { unlinkSync(lockPath); } catch { /* another waiter removed it first */ }
        continue;
      }
      if (Date.now() >= deadline) {
        throw new SecretError('ERR_SECRET_ROTATION', `another process is changing the key file (lock ${lockPath}); retry when it is done, or remove the lock if no Keyflow process is rotating keys`);
      }
      await sleep(RETRY_MS);
    }
  }
  try {
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    return await fn();
  } finally {
    try { unlinkSync(lockPath); } catch { /* already gone */ }
  }
}
