import { readFile } from 'node:fs/promises';
import { ExecutorError } from './errors.js';

/** A numeric identity a task process runs under. */
export interface RunAs {
  uid: number;
  gid: number;
}

/** Debian's `nobody:nogroup`; used when Keyflow runs as root and nothing else is configured. */
export const NOBODY: RunAs = { uid: 65534, gid: 65534 };

/**
 * Decides once, at startup, which identity tasks run under (`undefined` = Keyflow's own, when it is not root).
 * Running tasks as root is refused unless `allowRoot`: the sandbox is a second line of defence, not the only one.
 */
export async function resolveRunAs(
  requested: string | RunAs | undefined,
  allowRoot: boolean,
  currentUid: number,
): Promise<RunAs | undefined> {
  const isRoot = currentUid === 0;
  let runAs: RunAs | undefined;
  if (requested === undefined) runAs = isRoot ? NOBODY : undefined;
  else if (typeof requested === 'string') runAs = await lookUpUser(requested);
  else runAs = checkIds(requested);
  if (runAs !== undefined && !isRoot && runAs.uid !== currentUid) {
    throw new TypeError(`runAsUser uid ${runAs.uid} needs Keyflow to run as root (it runs as uid ${currentUid})`);
  }
  const taskUid = runAs?.uid ?? currentUid;
  if (taskUid === 0 && !allowRoot) {
    throw new ExecutorError(
      'ERR_EXECUTOR_ROOT_REFUSED',
      'tasks would run as root: configure an unprivileged runAsUser (default: uid 65534) or set allowRoot',
    );
  }
  return isRoot ? runAs : undefined;
}

function checkIds(ids: RunAs): RunAs {
  for (const key of ['uid', 'gid'] as const) {
    const value = ids[key];
    if (!Number.isInteger(value) || value < 0 || value > 0xfffffffe) {
      throw new TypeError(`runAsUser.${key} must be an integer between 0 and 4294967294, got ${String(value)}`);
    }
  }
  return { uid: ids.uid, gid: ids.gid };
}

/** Node has no getpwnam: read /etc/passwd (name:x:uid:gid:...). */
async function lookUpUser(name: string): Promise<RunAs> {
  if (/^\d+$/.test(name)) return checkIds({ uid: Number(name), gid: Number(name) });
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) return checkIds({ uid: Number(uid), gid: Number(gid) });
  }
  throw new TypeError(`runAsUser ${JSON.stringify(name)} is not a user in /etc/passwd`);
}
