import { randomBytes } from 'node:crypto';
import {
  closeSync, fstatSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { SecretError } from './errors.js';
import type { KeyEntry, KeySet } from './keyring.js';
import { deriveKeyId, KEY_ID, parseKeyMaterial } from './parse-key-material.js';

/**
 * The key file `<dataDir>/secret.key`: JSON holding every key of the ring and which one is primary.
 *
 *   { "kind": "KeyflowSecretKeys", "version": 1, "primary": "<id>",
 *     "keys": [{ "id": "<id>", "key": "<base64 of 32 bytes>", "createdAt": "<ISO time>" }] }
 *
 * It is created with mode 0600 and refused when group or others may read or write it (as ssh refuses a
 * private key): whoever can read it can read every secret. Writes never leave a partial file behind:
 * the content goes to a temporary 0600 file that is fsynced, then linked (creation: fails if another
 * process created the file first) or renamed (update) into place.
 */
const KIND = 'KeyflowSecretKeys';
const MAX_FILE_BYTES = 1024 * 1024;

/** What identifies one version of the file, to notice that another process rewrote it. */
export function fileStamp(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SecretError('ERR_SECRET_KEY_CONFIG', `cannot read the key file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Reads and checks the key file (permissions first, then content). */
export function readKeyFile(path: string): KeySet {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new SecretError('ERR_SECRET_KEY_CONFIG', `cannot open the key file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    // fstat on the opened descriptor: the checked file is the read file, whatever happens to the path.
    const st = fstatSync(fd);
    checkPermissions(path, st);
    if (st.size > MAX_FILE_BYTES) throw new SecretError('ERR_SECRET_KEY_CONFIG', `the key file ${path} is ${st.size} bytes; a key file is far smaller, this is not one`);
    return parseKeyFile(readFileSync(fd, 'utf8'), path);
  } finally {
    closeSync(fd);
  }
}

function checkPermissions(path: string, st: { mode: number; uid: number; isFile(): boolean }): void {
  if (!st.isFile()) throw new SecretError('ERR_SECRET_KEY_PERMISSIONS', `the key file ${path} is not a regular file`);
  const mode = st.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SecretError('ERR_SECRET_KEY_PERMISSIONS',
      `the key file ${path} has mode ${mode.toString(8).padStart(4, '0')}: group or others may access it, so Keyflow refuses to use it. `
      + `Run \`chmod 600 ${path}\`, and rotate the key if someone else may have read it`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid && st.uid !== 0) {
    throw new SecretError('ERR_SECRET_KEY_PERMISSIONS', `the key file ${path} belongs to uid ${st.uid}, not to this user (uid ${uid}) or root; Keyflow refuses a key file another user controls`);
  }
}

/** The key set of the file's text; ERR_SECRET_KEY_CONFIG naming the field at fault. */
export function parseKeyFile(text: string, path: string): KeySet {
  const bad = (why: string): SecretError => new SecretError('ERR_SECRET_KEY_CONFIG', `the key file ${path} is invalid: ${why}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad('it is not JSON');
  }
  const d = doc as { kind?: unknown; version?: unknown; primary?: unknown; keys?: unknown };
  if (typeof doc !== 'object' || doc === null || d.kind !== KIND) throw bad(`kind must be ${KIND}`);
  if (d.version !== 1) throw bad(`version ${JSON.stringify(d.version) ?? 'undefined'} is not supported (expected 1)`);
  if (!Array.isArray(d.keys) || d.keys.length === 0) throw bad('keys must be a non-empty list');
  const keys = new Map<string, KeyEntry>();
  d.keys.forEach((k: unknown, i) => {
    const e = k as { id?: unknown; key?: unknown; createdAt?: unknown };
    if (typeof k !== 'object' || k === null || typeof e.id !== 'string' || !KEY_ID.test(e.id)) throw bad(`keys[${i}].id must be 16 hex characters`);
    if (typeof e.key !== 'string') throw bad(`keys[${i}].key must be a string`);
    const key = parseKeyMaterial(e.key, `the key file ${path}: keys[${i}].key`);
    if (deriveKeyId(key) !== e.id) throw bad(`keys[${i}].id does not match its key (was the file edited by hand?)`);
    if (keys.has(e.id)) throw bad(`keys[${i}]: key ${e.id} appears twice`);
    keys.set(e.id, { id: e.id, key, ...(typeof e.createdAt === 'string' ? { createdAt: e.createdAt } : {}) });
  });
  if (typeof d.primary !== 'string' || !keys.has(d.primary)) throw bad('primary must be the id of one of its keys');
  return { primary: d.primary, keys };
}

/** The file text of a key set. */
export function formatKeyFile(set: KeySet): string {
  const keys = [...set.keys.values()].map((k) => ({ id: k.id, key: k.key.toString('base64'), ...(k.createdAt ? { createdAt: k.createdAt } : {}) }));
  return `${JSON.stringify({ kind: KIND, version: 1, primary: set.primary, keys }, null, 2)}\n`;
}

function writeTemp(path: string, text: string): string {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  // 'wx' + 0600: a fresh file nobody else can open; the umask can only remove bits.
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function syncDir(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates the key file with `set`; false (and nothing written) when it already exists. */
export function createKeyFile(path: string, set: KeySet): boolean {
  const temp = writeTemp(path, formatKeyFile(set));
  try {
    linkSync(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SecretError('ERR_SECRET_KEY_CONFIG', `cannot create the key file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  } finally {
    unlinkSync(temp);
  }
  syncDir(path);
  return true;
}

/** Replaces the key file's content with `set` atomically. Call under lockKeyFile. */
export function replaceKeyFile(path: string, set: KeySet): void {
  const temp = writeTemp(path, formatKeyFile(set));
  try {
    renameSync(temp, path);
  } catch (err) {
    unlinkSync(temp);
    throw new SecretError('ERR_SECRET_KEY_CONFIG', `cannot write the key file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  syncDir(path);
}
