import { isKeyflowError } from '../errors/index.js';
import type { Store, StoredResource } from '../store/index.js';
import { envelopeKeyId } from './envelope-codec.js';
import { readSecretManifest } from './read-secret-manifest.js';
import { describeSecret, secretAad, SECRET_KIND, USER_SECRET_KIND } from './secret-identity.js';
import type { Keyring, RotateAllReport } from './types.js';

/** How often one secret is re-read and retried when a concurrent write moved it on. */
const CONFLICT_RETRIES = 3;

/**
 * Re-encrypts, under the current primary key, every value of every Secret and UserSecret that is under
 * another key. Each secret is rewritten with optimistic concurrency (a secret changed meanwhile is
 * re-read: its new values are already under the primary). A secret that cannot be read (a value under
 * an unknown key, a tampered value) is reported and left as it is; the pass goes on with the others.
 */
export async function rotateAllSecrets(store: Store, keyring: Keyring): Promise<RotateAllReport> {
  const primary = keyring.primaryKeyId();
  const report: RotateAllReport = { primaryKeyId: primary, scanned: 0, rewritten: 0, values: 0, failures: [], keyUsage: {} };
  const resources = [
    ...await store.listResources({ kind: SECRET_KIND }),
    ...await store.listResources({ kind: USER_SECRET_KIND }),
  ];
  for (const resource of resources) {
    report.scanned += 1;
    const outcome = await rotateOne(store, keyring, primary, resource);
    if (outcome.error !== undefined) {
      const e = outcome.error;
      report.failures.push({
        kind: resource.kind, namespace: resource.namespace, name: resource.name,
        code: isKeyflowError(e) ? e.code : 'ERR_INTERNAL', message: e instanceof Error ? e.message : 'unknown error',
      });
    }
    if (outcome.values > 0) {
      report.rewritten += 1;
      report.values += outcome.values;
    }
    for (const id of outcome.keyIds) report.keyUsage[id] = (report.keyUsage[id] ?? 0) + 1;
  }
  return report;
}

interface Outcome {
  values: number;
  /** The key id of each value after the pass. */
  keyIds: string[];
  error?: unknown;
}

async function rotateOne(store: Store, keyring: Keyring, primary: string, first: StoredResource): Promise<Outcome> {
  let resource: StoredResource | undefined = first;
  for (let attempt = 0; resource !== undefined; attempt += 1) {
    let s;
    try {
      s = readSecretManifest(resource);
      const where = describeSecret(s.namespace, s.name, s.owner);
      const keyIds = Object.entries(s.data).map(([key, env]) => envelopeKeyId(env, `${where}, key '${key}'`));
      const stale = Object.keys(s.data).filter((_, i) => keyIds[i] !== primary);
      if (stale.length === 0) return { values: 0, keyIds };
      const current = s;
      const reencrypt = (key: string, env: string): string => {
        const aad = secretAad(current.kind, current.namespace, current.name, key, current.owner);
        return keyring.encrypt(keyring.decrypt(env, aad), aad);
      };
      const data = Object.fromEntries(Object.entries(s.data).map(([key, env]) => [key, stale.includes(key) ? reencrypt(key, env) : env]));
      const manifest = { ...resource.manifest, data };
      await store.putResource({ kind: resource.kind, namespace: resource.namespace, name: resource.name, manifest, expectedVersion: resource.resourceVersion });
      return { values: stale.length, keyIds: keyIds.map(() => primary) };
    } catch (err) {
      if (!isKeyflowError(err, 'ERR_STORE_CONFLICT') || attempt >= CONFLICT_RETRIES) {
        return { values: 0, keyIds: usage(s?.data ?? {}), error: err };
      }
      resource = await store.getResource(first.kind, first.namespace, first.name);
    }
  }
  return { values: 0, keyIds: [] }; // deleted meanwhile: nothing left to rotate
}

function usage(data: Record<string, string>): string[] {
  return Object.values(data).map((env) => {
    try {
      return envelopeKeyId(env, 'value');
    } catch {
      return 'invalid';
    }
  });
}
