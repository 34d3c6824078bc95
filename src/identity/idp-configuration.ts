import { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Store } from '../store/index.js';
import { API_SCOPE, firstPartyClients, isFirstParty, OIDC_SCOPES } from './first-party-clients.js';
import { deviceCodeInputPage, deviceConfirmPage, messagePage, renderPage } from './idp-pages.js';
import { guardStoreCall } from './guard-store-call.js';
import type { IdpKeys } from './load-idp-keys.js';
import { SIGNING_ALG } from './load-idp-keys.js';
import type { StoreAdapters } from './store-adapter.js';
import { findUser } from './user-directory.js';

/** Claim naming the service account of a client_credentials token: `{ namespace, name }`. */
export const SERVICE_ACCOUNT_CLAIM = 'keyflow_serviceaccount';

/** Lifetimes in seconds. Refresh tokens rotate on every use and die 30 days after the first login at most. */
export const LIFETIMES = {
  authorizationCode: 60,
  deviceCode: 600,
  interaction: 600,
  session: 14 * 24 * 3600,
  grant: 30 * 24 * 3600,
  refreshIdle: 14 * 24 * 3600,
  refreshAbsolute: 30 * 24 * 3600,
};

export interface IdpSettings {
  store: Store;
  serverUrl: string;
  mountPath: string;
  audience: string;
  /** RFC 8707 resource indicator of Keyflow's API; its access tokens carry `aud` = audience. */
  resource: string;
  accessTokenTtl: number;
  keys: IdpKeys;
  adapters: StoreAdapters;
}

/** The oidc-provider configuration of the built-in IdP (every default that would print a warning is set). */
export function buildIdpConfiguration(settings: IdpSettings): Configuration {
  return {
    adapter: settings.adapters.factory,
    clients: firstPartyClients(settings.serverUrl),
    clientDefaults: {
      grant_types: ['authorization_code'], response_types: ['code'],
      id_token_signed_response_alg: SIGNING_ALG, token_endpoint_auth_method: 'client_secret_basic',
    },
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    scopes: OIDC_SCOPES,
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'], groups: ['groups'] },
    cookies: {
      keys: settings.keys.cookieKeys,
      names: { session: '_kf_session', interaction: '_kf_interaction', resume: '_kf_resume' },
      // The session cookie belongs to the IdP alone, not to the rest of the server's origin.
      long: { httpOnly: true, sameSite: 'lax', path: settings.mountPath },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    jwks: settings.keys.signing as Configuration['jwks'],
    extraClientMetadata: { properties: [SERVICE_ACCOUNT_CLAIM] },
    features: buildFeatures(settings),
    pkce: { required: () => true },
    clientBasedCORS: () => false,
    interactions: { url: (_ctx, interaction) => `${settings.mountPath}/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const user = await guardStoreCall(() => findUser(settings.store, sub));
      if (!user) return undefined;
      return {
        accountId: user.username,
        claims: () => ({ sub: user.username, preferred_username: user.username, name: user.username, groups: user.groups, ...(user.email ? { email: user.email } : {}) }),
      };
    },
    extraTokenClaims: (ctx, token) => guardStoreCall(() => extraTokenClaims(settings, ctx, token)),
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token')
      && (code.scopes.has('offline_access') || isFirstParty(client.clientId)),
    rotateRefreshToken: () => true,
    ttl: buildTtl(settings),
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = messagePage('Sign-in failed', out.error_description ?? out.error ?? 'The request could not be completed.');
    },
  };
}

function buildFeatures(settings: IdpSettings): Configuration['features'] {
  return {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    registration: { enabled: false },
    revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
    userinfo: { enabled: true },
    deviceFlow: {
      enabled: true,
      userCodeInputSource: async (ctx, form, _out, err) => {
        ctx.body = deviceCodeInputPage(form, err ? 'That code is not valid or has expired. Try again.' : undefined);
      },
      userCodeConfirmSource: async (ctx, form, client, _deviceInfo, userCode) => {
        ctx.body = deviceConfirmPage(form, client.clientName ?? client.clientId, userCode);
      },
      successSource: async (ctx) => {
        ctx.body = messagePage('Device signed in', 'You can close this page and return to the Keyflow CLI.');
      },
    },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = renderPage('Sign out', `<h1>Sign out of Keyflow?</h1>${form}`
          + '<button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>');
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = messagePage('Signed out', 'You have signed out of Keyflow.');
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, _client, oneOf) => oneOf ?? settings.resource,
      // Always mint the API token from the granted resource, also when `openid` was asked for.
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource) => {
        if (resource !== settings.resource) throw new errors.InvalidTarget();
        return {
          scope: API_SCOPE,
          audience: settings.audience,
          accessTokenTTL: settings.accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: SIGNING_ALG } },
        };
      },
    },
  };
}

/** `groups` for users; the service account's `{ namespace, name }` for client_credentials tokens. */
async function extraTokenClaims(settings: IdpSettings, ctx: KoaContextWithOIDC, token: { kind: string; accountId?: string; clientId?: string }) {
  if (token.kind === 'ClientCredentials' && token.clientId) {
    const client = await ctx.oidc.provider.Client.find(token.clientId);
    const account = client?.[SERVICE_ACCOUNT_CLAIM];
    return account ? { [SERVICE_ACCOUNT_CLAIM]: account } : undefined;
  }
  if (token.accountId) {
    const user = await findUser(settings.store, token.accountId);
    return { groups: user?.groups ?? [] };
  }
  return undefined;
}

function buildTtl(settings: IdpSettings): Configuration['ttl'] {
  return {
    AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? settings.accessTokenTtl,
    ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? settings.accessTokenTtl,
    AuthorizationCode: LIFETIMES.authorizationCode,
    DeviceCode: LIFETIMES.deviceCode,
    IdToken: settings.accessTokenTtl,
    Interaction: LIFETIMES.interaction,
    Session: LIFETIMES.session,
    Grant: LIFETIMES.grant,
    RefreshToken: (ctx, token) => {
      // Rotation issues a new token; it may outlive the old one by the idle time, never the absolute limit.
      const first = ctx?.oidc?.entities.RotatedRefreshToken?.iiat ?? token.iiat ?? Math.floor(Date.now() / 1000);
      const left = LIFETIMES.refreshAbsolute - (Math.floor(Date.now() / 1000) - first);
      return Math.max(1, Math.min(LIFETIMES.refreshIdle, left));
    },
  };
}
