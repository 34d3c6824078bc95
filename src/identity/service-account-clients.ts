import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Provider } from 'oidc-provider';
import type { Store } from '../store/index.js';
import { IdentityError } from './errors.js';
import { isFirstParty } from './first-party-clients.js';
import { SERVICE_ACCOUNT_CLAIM } from './idp-configuration.js';
import { CLIENT_KIND, insertEntry } from './store-adapter.js';
import { findUser, NAME_PATTERN } from './user-directory.js';

/** Kubernetes DNS-1123 label: the shape of namespace and service-account names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const HASH_PREFIX = 'sha256:';

/**
 * Registers a confidential client that may use only client_credentials (client_secret_basic or _post).
 * Its tokens carry `sub` = client id and `keyflow_serviceaccount` = { namespace, name }. The secret is
 * returned once; the store keeps only its SHA-256 (a 256-bit random secret needs no slow hash).
 */
export async function createServiceAccountClient(store: Store, input: { clientId: string; namespace: string; name: string }): Promise<{ clientId: string; clientSecret: string }> {
  if (typeof input !== 'object' || input === null) throw new TypeError('createServiceAccountClient: expected { clientId, namespace, name }');
  const { clientId, namespace, name } = input;
  if (typeof clientId !== 'string' || !NAME_PATTERN.test(clientId)) {
    throw new IdentityError('ERR_AUTH_INVALID_INPUT', 'clientId must be 1-128 characters: letters, digits and . _ @ + -, starting with a letter or digit');
  }
  for (const [field, value] of [['namespace', namespace], ['name', name]] as const) {
    if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
      throw new IdentityError('ERR_AUTH_INVALID_INPUT', `service account ${field} must be a DNS label (lowercase letters, digits and -, at most 63)`);
    }
  }
  if (isFirstParty(clientId) || await findUser(store, clientId)) {
    throw new IdentityError('ERR_AUTH_ALREADY_EXISTS', `${JSON.stringify(clientId)} is already a user or client name (they share one namespace)`);
  }
  const clientSecret = randomBytes(32).toString('base64url');
  const created = await insertEntry(store, CLIENT_KIND, clientId, {
    client_id: clientId,
    client_secret: HASH_PREFIX + createHash('sha256').update(clientSecret).digest('hex'),
    client_name: `service account ${namespace}/${name}`,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    [SERVICE_ACCOUNT_CLAIM]: { namespace, name },
  });
  if (!created) throw new IdentityError('ERR_AUTH_ALREADY_EXISTS', `client ${JSON.stringify(clientId)} already exists`);
  return { clientId, clientSecret };
}

/** True when a client with this id is registered in the store (service accounts). */
export async function clientExists(store: Store, clientId: string): Promise<boolean> {
  return (await store.getResource(CLIENT_KIND, '', clientId)) !== undefined;
}

/**
 * Makes the provider compare stored `sha256:` secrets by hash. oidc-provider compares client secrets in
 * Client#compareClientSecret; this is the one place it is changed, and other secrets compare as before.
 */
export function compareHashedSecrets(provider: Provider): void {
  const prototype = provider.Client.prototype as { compareClientSecret(this: { clientSecret?: string }, actual: string): unknown };
  const original = prototype.compareClientSecret;
  prototype.compareClientSecret = function compareClientSecret(actual: string) {
    const stored = this.clientSecret;
    if (typeof stored !== 'string' || !stored.startsWith(HASH_PREFIX)) return original.call(this, actual);
    const expected = Buffer.from(stored.slice(HASH_PREFIX.length), 'hex');
    const given = createHash('sha256').update(String(actual)).digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
}
