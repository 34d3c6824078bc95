import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SecretError } from './errors.js';
import { createKeyFile, fileStamp, readKeyFile, replaceKeyFile } from './key-file.js';
import { generateKeyEntry, keyringOver, keySetOf, type KeyBackend, type KeySet } from './keyring.js';
import { withKeyFileLock } from './lock-key-file.js';
import { parseKeyMaterial } from './parse-key-material.js';
import type { Keyring } from './types.js';

/** Name of the key file inside the data directory. */
export const KEY_FILE_NAME = 'secret.key';

export interface OpenKeyringOptions {
  /** Data directory holding `secret.key` (created with mode 0600 when missing and no env key is set). */
  dataDir?: string;
  /** Environment to read KEYFLOW_SECRET_KEY and KEYFLOW_SECRET_KEY_PREVIOUS from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Clock for the creation time of generated keys. */
  now?: () => Date;
}

/**
 * The keyring Keyflow uses. With KEYFLOW_SECRET_KEY set, that key is primary and the comma-separated
 * keys of KEYFLOW_SECRET_KEY_PREVIOUS only decrypt (for rotation across replicas); the key file is then
 * not read. Otherwise the key file `<dataDir>/secret.key` holds the keys, generated on first use.
 */
export function openKeyring(options: OpenKeyringOptions): Keyring {
  const env = options.env ?? process.env;
  const primary = env.KEYFLOW_SECRET_KEY;
  if (primary !== undefined && primary.trim() !== '') return keyringOver(envBackend(primary, env.KEYFLOW_SECRET_KEY_PREVIOUS));
  if (env.KEYFLOW_SECRET_KEY_PREVIOUS !== undefined && env.KEYFLOW_SECRET_KEY_PREVIOUS.trim() !== '') {
    throw new SecretError('ERR_SECRET_KEY_CONFIG', 'KEYFLOW_SECRET_KEY_PREVIOUS is set but KEYFLOW_SECRET_KEY is not: previous keys only decrypt, a primary key is needed');
  }
  if (options.dataDir === undefined || options.dataDir === '') {
    throw new SecretError('ERR_SECRET_KEY_CONFIG', 'no secret key: set KEYFLOW_SECRET_KEY or give a data directory for the key file');
  }
  return keyringOver(fileBackend(join(resolve(options.dataDir), KEY_FILE_NAME), options.now ?? (() => new Date())));
}

function envBackend(primary: string, previous: string | undefined): KeyBackend {
  const keys = [parseKeyMaterial(primary, 'KEYFLOW_SECRET_KEY')];
  const old = (previous ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  old.forEach((text, i) => keys.push(parseKeyMaterial(text, `KEYFLOW_SECRET_KEY_PREVIOUS (key ${i + 1})`)));
  const set = keySetOf(keys, 'KEYFLOW_SECRET_KEY');
  const readOnly = (what: string): never => {
    throw new SecretError('ERR_SECRET_ROTATION', `cannot ${what} keys given by the environment: set the new key as KEYFLOW_SECRET_KEY and the old one in `
      + 'KEYFLOW_SECRET_KEY_PREVIOUS on every replica, re-encrypt, then drop KEYFLOW_SECRET_KEY_PREVIOUS (docs/secrets.md)');
  };
  return { source: 'env', load: () => set, rotate: async () => readOnly('add'), retire: async () => readOnly('retire') };
}

function fileBackend(path: string, now: () => Date): KeyBackend {
  let cached: { stamp: string; set: KeySet } | undefined;
  const load = (force: boolean): KeySet => {
    let stamp = fileStamp(path);
    if (stamp === undefined) {
      mkdirSync(resolve(path, '..'), { recursive: true, mode: 0o700 });
      const entry = generateKeyEntry(now());
      // Two processes starting at once: the second one's link fails and it reads the first one's file.
      createKeyFile(path, { primary: entry.id, keys: new Map([[entry.id, entry]]) });
      stamp = fileStamp(path);
    }
    if (!force && cached !== undefined && cached.stamp === stamp) return cached.set;
    const set = readKeyFile(path);
    cached = { stamp: stamp ?? '', set };
    return set;
  };
  const change = (edit: (fresh: KeySet) => KeySet): Promise<KeySet> => withKeyFileLock(path, () => {
    // Apply the change to the file as it is now, not to this process's possibly older view of it.
    const next = edit(load(true));
    replaceKeyFile(path, next);
    return load(true);
  });
  return {
    source: 'file',
    path,
    load,
    rotate: () => change((fresh) => {
      const entry = generateKeyEntry(now());
      return { primary: entry.id, keys: new Map([...fresh.keys, [entry.id, entry]]) };
    }),
    retire: (_current, id) => change((fresh) => {
      if (fresh.primary === id) throw new SecretError('ERR_SECRET_ROTATION', `cannot retire key ${id}: it is the primary key (rotate first)`);
      const keys = new Map(fresh.keys);
      keys.delete(id);
      return { primary: fresh.primary, keys };
    }),
  };
}
