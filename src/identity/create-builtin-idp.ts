import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Provider } from 'oidc-provider';
import { IdentityError } from './errors.js';
import { isFirstParty } from './first-party-clients.js';
import { createIdpHandler } from './handle-idp-request.js';
import { PAGE_HEADERS } from './idp-pages.js';
import { buildIdpConfiguration, type IdpSettings } from './idp-configuration.js';
import type { InteractionContext } from './interaction-routes.js';
import { loadIdpKeys, SIGNING_ALG } from './load-idp-keys.js';
import { LoginThrottle } from './login-throttle.js';
import { clientExists, compareHashedSecrets, createServiceAccountClient } from './service-account-clients.js';
import { createStoreAdapters } from './store-adapter.js';
import { createUser, hasUsers, PasswordChecker } from './user-directory.js';
import type { BuiltinIdp, BuiltinIdpOptions } from './types.js';

export const IDP_MOUNT_PATH = '/oidc';
export const ADMIN_USERNAME = 'admin';
export const ADMIN_GROUP = 'keyflow:admins';

/**
 * Starts the built-in OpenID provider (oidc-provider) with issuer `${serverUrl}/oidc`: keys and cookie
 * secrets loaded from the store (generated on first start), the provider's state kept in the store, and
 * Keyflow's own login pages. Nothing listens: the server mounts `handle` under `/oidc`.
 */
export async function createBuiltinIdp(opts: BuiltinIdpOptions): Promise<BuiltinIdp> {
  const { serverUrl, audience, accessTokenTtl, sweepIntervalMs } = checkOptions(opts);
  const { store } = opts;
  const onError = opts.onError ?? (() => {});
  const issuer = `${serverUrl}${IDP_MOUNT_PATH}`;
  const keys = await loadIdpKeys(store);
  const adapters = createStoreAdapters(store);
  const settings: IdpSettings = {
    store, serverUrl, mountPath: IDP_MOUNT_PATH, audience, resource: `${serverUrl}/api`, accessTokenTtl, keys, adapters,
  };
  const provider = new Provider(issuer, buildIdpConfiguration(settings));
  provider.proxy = opts.trustProxy === true;
  compareHashedSecrets(provider);
  hardenProvider(provider, onError);
  const ic: InteractionContext = {
    provider, passwords: new PasswordChecker(store), throttle: new LoginThrottle(),
    issuerOrigin: new URL(issuer).origin, mountPath: IDP_MOUNT_PATH, resource: settings.resource, trustProxy: provider.proxy,
  };
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweeper = setInterval(() => { sweeping = adapters.sweepExpired().catch(onError); }, sweepIntervalMs);
  sweeper.unref();

  const addUser: BuiltinIdp['createUser'] = async (user) => {
    if (typeof user?.username === 'string' && (isFirstParty(user.username) || await clientExists(store, user.username))) {
      throw new IdentityError('ERR_AUTH_ALREADY_EXISTS', `${JSON.stringify(user.username)} is already a client id (user names and client ids share one namespace)`);
    }
    await createUser(store, user);
  };
  return {
    issuer,
    audience,
    handle: createIdpHandler(provider, ic, onError),
    issuerConfig: () => ({ issuer, audience, algorithms: [SIGNING_ALG], jwks: keys.publicJwks, tokenType: 'at+jwt' }),
    bootstrap: async (options) => bootstrapAdmin(store, addUser, options?.password),
    createUser: addUser,
    createServiceAccountClient: async (client) => {
      // A client named like the audience could be mistaken for the API in `aud` checks elsewhere.
      if (client?.clientId === audience) throw new IdentityError('ERR_AUTH_INVALID_INPUT', `clientId must not be the audience ${JSON.stringify(audience)}`);
      return createServiceAccountClient(store, client);
    },
    close: async () => {
      clearInterval(sweeper);
      await sweeping;
    },
  };
}

/**
 * First start: with no users at all, creates `admin` in group keyflow:admins. The password is `password`,
 * else KEYFLOW_ADMIN_PASSWORD, else a random one returned here once (and stored only as a hash).
 */
async function bootstrapAdmin(store: BuiltinIdpOptions['store'], addUser: BuiltinIdp['createUser'], password?: string) {
  if (await hasUsers(store)) return { adminCreated: false, username: ADMIN_USERNAME };
  const given = password ?? process.env.KEYFLOW_ADMIN_PASSWORD;
  const chosen = given || randomBytes(18).toString('base64url');
  try {
    await addUser({ username: ADMIN_USERNAME, password: chosen, groups: [ADMIN_GROUP] });
  } catch (err) {
    // Another replica bootstrapped first.
    if (err instanceof IdentityError && err.code === 'ERR_AUTH_ALREADY_EXISTS') return { adminCreated: false, username: ADMIN_USERNAME };
    throw err;
  }
  return given ? { adminCreated: true, username: ADMIN_USERNAME } : { adminCreated: true, username: ADMIN_USERNAME, password: chosen };
}

/** Security headers on the provider's own HTML pages; provider errors to `onError` instead of stderr. */
function hardenProvider(provider: Provider, onError: (err: Error) => void): void {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.response.is('html')) {
      for (const [name, value] of Object.entries(PAGE_HEADERS)) if (name !== 'content-type') ctx.set(name, value);
    }
  });
  // A listener replaces Koa's default, which prints every uncaught error to stderr.
  (provider as unknown as EventEmitter).on('error', (err: Error) => onError(err));
  provider.on('server_error', (_ctx, err) => onError(err));
}

function checkOptions(opts: BuiltinIdpOptions) {
  if (typeof opts !== 'object' || opts === null || typeof opts.store !== 'object') throw new TypeError('createBuiltinIdp: options with a store are required');
  if (typeof opts.dataDir !== 'string') throw new TypeError('createBuiltinIdp: dataDir must be a string');
  const url = typeof opts.serverUrl === 'string' && URL.canParse(opts.serverUrl) ? new URL(opts.serverUrl) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password || url.pathname !== '/') {
    throw new TypeError('createBuiltinIdp: serverUrl must be an http(s) origin without path, query or credentials, e.g. https://keyflow.example.com');
  }
  const accessTokenTtl = opts.accessTokenTtlSeconds ?? 600;
  if (!Number.isSafeInteger(accessTokenTtl) || accessTokenTtl < 30 || accessTokenTtl > 86_400) {
    throw new TypeError('createBuiltinIdp: accessTokenTtlSeconds must be an integer from 30 to 86400');
  }
  const audience = opts.audience ?? 'keyflow';
  if (typeof audience !== 'string' || audience === '') throw new TypeError('createBuiltinIdp: audience must be a non-empty string');
  const sweepIntervalMs = opts.sweepIntervalMs ?? 600_000;
  if (!Number.isSafeInteger(sweepIntervalMs) || sweepIntervalMs < 1000) throw new TypeError('createBuiltinIdp: sweepIntervalMs must be at least 1000');
  return { serverUrl: url.origin, audience, accessTokenTtl, sweepIntervalMs };
}
