import type { Store } from '../store/index.js';
import { SecretError } from './errors.js';
import { readSecretManifest, secretInfo, buildSecretManifest, type StoredSecret } from './read-secret-manifest.js';
import { rotateAllSecrets } from './rotate-all-secrets.js';
import {
  describeSecret, ownerKey, sameOwner, secretAad, SECRET_KIND, storeName, USER_SECRET_KIND, type SecretKind,
} from './secret-identity.js';
import type { Keyring, SecretInfo, SecretLimits, SecretMeta, SecretOwner, SecretScope, SecretStore, SecretStoreOptions } from './types.js';
import { checkMeta, checkNamespace, checkOwner, checkSecretData, checkSecretName, dataKeyProblem, DEFAULT_LIMITS } from './validate-secret.js';

/**
 * Secrets over the generic resources table. Values are encrypted one by one (AES-256-GCM, AAD = the
 * value's identity) before they reach the store, so the database, its backups and its replicas hold
 * only envelopes. Per-user secrets are a separate kind (UserSecret) stored under a name derived from
 * their owner: a listing of namespace secrets never enumerates them, and no lookup reaches one without
 * naming its owner. The owner must come from an authenticated identity, never from a manifest.
 */
export function createSecretStore(options: SecretStoreOptions): SecretStore {
  if (typeof options !== 'object' || options === null || !options.store || !options.keyring) {
    throw new TypeError('createSecretStore: options.store and options.keyring are required');
  }
  const limits: SecretLimits = { ...DEFAULT_LIMITS, ...options.limits };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new TypeError(`createSecretStore: limits.${k} must be a positive integer`);
  }
  const { store, keyring } = options;
  return {
    put: (namespace, name, data, meta = {}) => putSecret(store, keyring, limits, { namespace, name, data, meta }),
    get: (namespace, name, opts = {}) => getSecretValues(store, keyring, namespace, name, opts),
    describe: async (namespace, name, scope = {}) => {
      const found = await findSecret(store, namespace, name, scope);
      return found && secretInfo(found);
    },
    list: (namespace, scope = {}) => listSecrets(store, namespace, scope),
    delete: async (namespace, name, scope = {}) => {
      const found = await findSecret(store, namespace, name, scope);
      return found !== undefined && store.deleteResource(found.kind, found.namespace, found.resource.name);
    },
    rotateAll: () => rotateAllSecrets(store, keyring),
  };
}

interface Address {
  kind: SecretKind;
  namespace: string;
  name: string;
  owner?: SecretOwner;
}

function address(namespace: unknown, name: unknown, scope: SecretScope): Address {
  if (typeof scope !== 'object' || scope === null) throw new TypeError('secret scope must be an object');
  const owner = scope.owner === undefined ? undefined : checkOwner(scope.owner);
  return {
    kind: owner ? USER_SECRET_KIND : SECRET_KIND,
    namespace: checkNamespace(namespace),
    name: checkSecretName(name),
    ...(owner ? { owner } : {}),
  };
}

async function putSecret(store: Store, keyring: Keyring, limits: SecretLimits, input: { namespace: string; name: string; data: Record<string, string>; meta: SecretMeta }): Promise<SecretInfo> {
  if (typeof input.meta !== 'object' || input.meta === null) throw new TypeError('secret meta must be an object');
  const a = address(input.namespace, input.name, { ...(input.meta.owner !== undefined ? { owner: input.meta.owner } : {}) });
  const where = describeSecret(a.namespace, a.name, a.owner);
  const entries = checkSecretData(input.data, limits, where);
  const { labels, annotations } = checkMeta(input.meta, where);
  // Object.fromEntries defines own properties, so a data key such as `__proto__` stays a plain key.
  const data = Object.fromEntries(entries.map(([key, value]) => [key, keyring.encrypt(value, secretAad(a.kind, a.namespace, a.name, key, a.owner))]));
  const manifest = buildSecretManifest({ ...a, labels, annotations, data });
  const resource = await store.putResource({
    kind: a.kind, namespace: a.namespace, name: storeName(a.name, a.owner), manifest,
    ...(input.meta.expectedVersion !== undefined ? { expectedVersion: input.meta.expectedVersion } : {}),
  });
  return secretInfo(readSecretManifest(resource));
}

/** The stored secret at that address, when it exists and (per-user) belongs to exactly that owner. */
async function findSecret(store: Store, namespace: unknown, name: unknown, scope: SecretScope): Promise<StoredSecret | undefined> {
  const a = address(namespace, name, scope);
  const resource = await store.getResource(a.kind, a.namespace, storeName(a.name, a.owner));
  if (resource === undefined) return undefined;
  const found = readSecretManifest(resource);
  return found.name === a.name && sameOwner(found.owner, a.owner) ? found : undefined;
}

async function getSecretValues(store: Store, keyring: Keyring, namespace: string, name: string, opts: SecretScope & { keys?: string[] }): Promise<Record<string, string> | undefined> {
  const found = await findSecret(store, namespace, name, opts);
  if (found === undefined) return undefined;
  const where = describeSecret(found.namespace, found.name, found.owner);
  let wanted = Object.keys(found.data);
  if (opts.keys !== undefined) {
    if (!Array.isArray(opts.keys)) throw new TypeError('get: keys must be an array of data keys');
    for (const k of opts.keys) {
      if (typeof k !== 'string' || dataKeyProblem(k) !== undefined) throw new SecretError('ERR_SECRET_INVALID', `${where}: requested data key is not valid`);
    }
    wanted = wanted.filter((k) => opts.keys?.includes(k));
  }
  return Object.fromEntries(wanted.map((key) => [key, decryptValue(keyring, found, key, where)]));
}

function decryptValue(keyring: Keyring, s: StoredSecret, key: string, where: string): string {
  try {
    return keyring.decrypt(s.data[key] ?? '', secretAad(s.kind, s.namespace, s.name, key, s.owner)).toString('utf8');
  } catch (err) {
    if (err instanceof SecretError) throw new SecretError(err.code, `${where}, key '${key}': ${err.message}`);
    throw err;
  }
}

async function listSecrets(store: Store, namespace: string, scope: SecretScope): Promise<SecretInfo[]> {
  if (typeof scope !== 'object' || scope === null) throw new TypeError('secret scope must be an object');
  const owner = scope.owner === undefined ? undefined : checkOwner(scope.owner);
  const ns = checkNamespace(namespace);
  const resources = await store.listResources({ kind: owner ? USER_SECRET_KIND : SECRET_KIND, namespace: ns });
  const prefix = owner ? `${ownerKey(owner)}/` : '';
  return resources
    .filter((r) => r.name.startsWith(prefix))
    .map(readSecretManifest)
    .filter((s) => sameOwner(s.owner, owner))
    .map(secretInfo)
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
