import { CliLoginError } from '../cli-error.js';
import { CLI_SCOPE, loginError, oidc, toTokenSet, type TokenSet } from './oidc-client.js';

/**
 * `keyflow login --device`: the device authorization grant (RFC 8628) for machines without a browser:
 * the user enters the printed code on another device; the CLI polls at the interval the IdP asks for.
 */
export async function loginWithDevice(config: oidc.Configuration, say: (text: string) => void): Promise<TokenSet> {
  if (!config.serverMetadata().device_authorization_endpoint) throw new CliLoginError('this identity provider does not offer the device flow; log in without --device');
  try {
    const started = await oidc.initiateDeviceAuthorization(config, { scope: CLI_SCOPE });
    const direct = started.verification_uri_complete ? `\n\nor open ${started.verification_uri_complete}` : '';
    say(`To log in, open ${started.verification_uri} and enter the code\n\n  ${started.user_code}${direct}\n\nWaiting for the login to finish...\n`);
    return toTokenSet(await oidc.pollDeviceAuthorizationGrant(config, started));
  } catch (err) {
    throw loginError(err, 'the device login did not finish');
  }
}

/**
 * `keyflow login --client-id ID --client-secret-stdin`: OAuth 2.0 client_credentials (RFC 6749 §4.4), a
 * service account logging in as itself. There is no refresh token: the CLI asks again when it expires.
 */
export async function loginWithClientCredentials(config: oidc.Configuration): Promise<TokenSet> {
  try {
    return toTokenSet(await oidc.clientCredentialsGrant(config));
  } catch (err) {
    throw loginError(err, 'the identity provider refused the client credentials');
  }
}

/** Exchanges a refresh token; a rotated refresh token replaces the old one, else the old one stays. */
export async function refreshTokens(config: oidc.Configuration, refreshToken: string): Promise<TokenSet> {
  try {
    const tokens = toTokenSet(await oidc.refreshTokenGrant(config, refreshToken));
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  } catch (err) {
    throw loginError(err, 'renewing the session failed');
  }
}

/** Revokes a token at the IdP's revocation endpoint (RFC 7009) when it has one; true if it did. */
export async function revokeToken(config: oidc.Configuration, token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
  if (!config.serverMetadata().revocation_endpoint) return false;
  try {
    await oidc.tokenRevocation(config, token, { token_type_hint: hint });
    return true;
  } catch (err) {
    throw loginError(err, 'revoking the token failed');
  }
}
