import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { SANDBOX_NAMESPACE_FLAGS } from './build-bwrap-args.js';
import { DEFAULT_PATH } from './build-task-env.js';
import type { RunAs } from './resolve-run-as.js';

/** What `detectSandbox` found: whether bubblewrap can build the executor's sandbox on this host. */
export interface SandboxStatus {
  available: boolean;
  version?: string;
  /** Why it is unavailable, with the fix. */
  reason?: string;
  /** Absolute path of the bwrap binary that was probed. */
  path?: string;
}

const PROBE_TIMEOUT_MS = 10_000;

/**
 * Probes bubblewrap once: finds the binary (or takes `bwrapPath`), reads its version and starts a throwaway
 * sandbox with the same namespaces tasks get, as `runAs` when given (a root Keyflow runs bwrap as the unprivileged task user, which
 * needs unprivileged user namespaces).
 */
export async function detectSandbox(opts: { runAs?: RunAs; bwrapPath?: string } = {}): Promise<SandboxStatus> {
  const { runAs } = opts;
  const path = opts.bwrapPath ?? await findBwrap();
  if (path === undefined || !(await isExecutable(path))) {
    return {
      available: false,
      reason: `bubblewrap (bwrap) is not installed${path === undefined ? '' : ` at ${path}`}: install it ` +
        '(Debian/Ubuntu: apt-get install bubblewrap) or start Keyflow with --no-sandbox (weaker isolation, see docs/executor.md)',
    };
  }
  const version = await run(path, ['--version'], runAs);
  if (!version.ok) return { available: false, path, reason: `${path} --version failed: ${version.output}` };
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', ...SANDBOX_NAMESPACE_FLAGS, '--unshare-net',
    '--', 'true'];
  const trial = await run(path, args, runAs);
  const versionText = version.output.replace(/^bubblewrap\s*/, '');
  if (!trial.ok) {
    return {
      available: false, path, version: versionText,
      reason: `${path} is installed but cannot create a sandbox (${trial.output}); enable unprivileged user ` +
        'namespaces (sysctl user.max_user_namespaces > 0, kernel.unprivileged_userns_clone = 1 where present) ' +
        'or start Keyflow with --no-sandbox',
    };
  }
  return { available: true, path, version: versionText };
}

async function findBwrap(): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...DEFAULT_PATH.split(':')].filter((d) => d.startsWith('/'));
  for (const dir of new Set(dirs)) {
    const candidate = join(dir, 'bwrap');
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false);
}

function run(file: string, args: string[], runAs?: RunAs): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, {
      env: { PATH: DEFAULT_PATH }, timeout: PROBE_TIMEOUT_MS, cwd: '/', ...(runAs ?? {}),
    }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim().split('\n')[0] ?? '';
      resolve({ ok: err === null, output: err !== null && output === '' ? err.message : output });
    });
  });
}
