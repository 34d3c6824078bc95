/** The PATH a task gets unless its template sets one (Debian's default for users). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The task's whole environment: a minimal base overlaid with the launch's own variables. Nothing is inherited
 * from Keyflow's process, whose environment holds database URLs and signing keys.
 */
export function buildTaskEnv(launchEnv: Record<string, string>, tmpDir: string, sandbox: boolean): Record<string, string> {
  const base: Record<string, string> = { PATH: DEFAULT_PATH, HOME: tmpDir, LANG: 'C.UTF-8' };
  // Outside the sandbox /tmp is the host's shared one; TMPDIR steers well-behaved programs to the task's own.
  if (!sandbox) base.TMPDIR = tmpDir;
  return Object.assign(base, launchEnv);
}

/** Variable names a process environment can carry (no `=`, no NUL, not empty); values must not hold NUL. */
export function checkEnv(env: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(env)) {
    if (key === '' || key.includes('=') || key.includes('\0')) return `environment variable name ${JSON.stringify(key)} is not valid`;
    if (typeof value !== 'string') return `environment variable ${key} must be a string`;
    if (value.includes('\0')) return `environment variable ${key} contains a NUL byte`;
  }
  return undefined;
}
