import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { CliConfigError } from '../cli-error.js';

/** What the CLI keeps per server it logged in to. Tokens are secrets: the file is the owner's alone. */
const ServerEntry = z.object({
  issuer: z.string(),
  clientId: z.string(),
  /** Service accounts only: kept so an expired token can be replaced without a new login. */
  clientSecret: z.string().optional(),
  kind: z.enum(['user', 'serviceaccount']),
  accessToken: z.string(),
  refreshToken: z.string().optional(),
  /** ISO time the access token expires. */
  expiresAt: z.string().optional(),
  caFile: z.string().optional(),
  insecureSkipTlsVerify: z.boolean().optional(),
}).strict();

const ConfigFile = z.object({
  version: z.literal(1),
  /** The server `login` was last run against; login/logout/whoami use it when no --server is given. */
  current: z.string().optional(),
  servers: z.record(ServerEntry),
}).strict();

export type ServerEntry = z.infer<typeof ServerEntry>;
export type CliConfig = z.infer<typeof ConfigFile>;

/** $KEYFLOW_CONFIG, else $XDG_CONFIG_HOME/keyflow/config.json, else ~/.config/keyflow/config.json. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYFLOW_CONFIG) return resolve(env.KEYFLOW_CONFIG);
  return join(env.XDG_CONFIG_HOME ? resolve(env.XDG_CONFIG_HOME) : join(homedir(), '.config'), 'keyflow', 'config.json');
}

/**
 * Reads the config; a missing file is an empty config. A file that group or others could read, or that
 * another user owns, is refused rather than used: its tokens may already have leaked, or been planted.
 */
export function readConfig(path: string): CliConfig {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, servers: {} };
    throw new CliConfigError(`cannot read the config file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new CliConfigError(`the config file ${path} belongs to another user (uid ${st.uid}); refusing to use it`);
  if ((st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    throw new CliConfigError(`the config file ${path} holds tokens but is readable by group or others (mode ${mode}); run 'chmod 600 ${path}'`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CliConfigError(`the config file ${path} is not valid JSON; fix it or remove it and log in again`);
  }
  const result = ConfigFile.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CliConfigError(`the config file ${path} is not a Keyflow CLI config (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`);
  }
  return result.data;
}

/** Writes the config atomically (temp file + rename) with mode 0600 in a 0700 directory. */
export function writeConfig(path: string, config: CliConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    unlinkSync(tmp);
  } catch {
    // normally absent; removed so 'wx' below creates it fresh with mode 0600
  }
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(config, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

const LOCK_WAIT_MS = 15_000;
const LOCK_STALE_MS = 60_000;

/**
 * Runs `fn` holding an exclusive lock file beside the config. Refresh tokens rotate: two CLI processes
 * refreshing at once would spend the same refresh token twice, and the provider then revokes the grant.
 */
export async function withConfigLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const lock = `${path}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new CliConfigError(`cannot lock the config file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      if (lockIsStale(lock)) continue;
      if (Date.now() > deadline) throw new CliConfigError(`the config file ${path} is locked by another keyflow process (remove ${lock} if none is running)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone: a stale-lock breaker took it; nothing to release
    }
  }
}

function lockIsStale(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs < LOCK_STALE_MS) return false;
    unlinkSync(lock);
    return true;
  } catch {
    return true;
  }
}
