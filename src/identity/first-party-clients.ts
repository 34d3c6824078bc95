import type { ClientMetadata, Provider } from 'oidc-provider';

export const CLI_CLIENT_ID = 'keyflow-cli';
export const UI_CLIENT_ID = 'keyflow-ui';
const FIRST_PARTY = new Set([CLI_CLIENT_ID, UI_CLIENT_ID]);

/** OIDC scopes the built-in IdP knows; `groups` is also always in user access tokens. */
export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'groups'];
/** The one scope of Keyflow's API resource server. */
export const API_SCOPE = 'api';

/** True for Keyflow's own public clients, whose consent is given by signing in. */
export function isFirstParty(clientId: unknown): boolean {
  return typeof clientId === 'string' && FIRST_PARTY.has(clientId);
}

/**
 * Keyflow's own public clients, both PKCE-only:
 * - keyflow-cli: native (RFC 8252), so `http://127.0.0.1:<any port>/callback` matches its registered loopback
 *   redirect (oidc-provider ignores the port of loopback redirects for native clients); device flow allowed.
 * - keyflow-ui: the web UI served by the server itself, redirecting to `${serverUrl}/oauth2/callback`.
 */
export function firstPartyClients(serverUrl: string): ClientMetadata[] {
  return [
    {
      client_id: CLI_CLIENT_ID,
      client_name: 'Keyflow CLI',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
    },
    {
      client_id: UI_CLIENT_ID,
      client_name: 'Keyflow UI',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      redirect_uris: [`${serverUrl}/oauth2/callback`],
      post_logout_redirect_uris: [`${serverUrl}/`],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ];
}

/**
 * Records the consent a first-party client gets by the user signing in: the requested OIDC scopes the IdP
 * knows, and the API scope of `resource`. Extends `grantId` when given; returns the grant's id.
 */
export async function grantFirstParty(provider: Provider, opts: {
  accountId: string; clientId: string; scope: unknown; resource: string; grantId?: string;
}): Promise<string> {
  const existing = opts.grantId ? await provider.Grant.find(opts.grantId) : undefined;
  const grant = existing && existing.accountId === opts.accountId && existing.clientId === opts.clientId
    ? existing
    : new provider.Grant({ accountId: opts.accountId, clientId: opts.clientId });
  const requested = typeof opts.scope === 'string' ? opts.scope.split(' ') : [];
  const scopes = requested.filter((scope) => OIDC_SCOPES.includes(scope));
  if (scopes.length > 0) grant.addOIDCScope(scopes.join(' '));
  grant.addResourceScope(opts.resource, API_SCOPE);
  return grant.save();
}
