/**
 * The checkpoint key held outside the database: an Ed25519 private key in a PKCS#8 PEM file, created on
 * first use. It must not live in the database the log is in (the built-in IdP's signing key does): whoever
 * can write the database could then sign checkpoints over a rewritten history.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { createEd25519Signer, type Ed25519Signer } from './ed25519-signer.js';
import { AuditError } from './errors.js';

/** The signer for the key in `path` (created 0600 when missing; concurrent first starts agree on one key). */
export async function openAuditKeyFile(path: string): Promise<Ed25519Signer> {
  const existing = await readKey(path);
  if (existing) return createEd25519Signer(existing);
  const { privateKey } = generateKeyPairSync('ed25519');
  // Written aside, then linked into place: link() fails if another process got there first, and a
  // reader never sees a half-written file.
  const aside = `${path}.${randomBytes(8).toString('hex')}.tmp`;
  await writeFile(aside, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' })
    .catch((err: Error) => { throw keyFileError(path, err.message, err); });
  try {
    await link(aside, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw keyFileError(path, (err as Error).message, err);
    const winner = await readKey(path);
    if (!winner) throw keyFileError(path, 'it vanished while being created');
    return createEd25519Signer(winner);
  } finally {
    await unlink(aside).catch(() => {});
  }
  return createEd25519Signer(privateKey);
}

async function readKey(path: string): Promise<KeyObject | undefined> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw keyFileError(path, (err as Error).message, err);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    // The parser's message may quote the file; say only what is wrong.
    throw keyFileError(path, 'it does not hold a PEM private key', err);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw keyFileError(path, `it holds a ${String(key.asymmetricKeyType)} key, not Ed25519`);
  return key;
}

function keyFileError(path: string, why: string, cause?: unknown): AuditError {
  return new AuditError('ERR_AUDIT_SIGNER', `cannot use the audit key file ${path}: ${why}`, { cause });
}
