import * as oidc from 'openid-client';
import type { HttpTransport } from './http-transport.js';
import { CliLoginError, KeyflowError } from '../cli-error.js';

/** The built-in IdP's first-party public client for the CLI (PKCE, loopback redirects, device flow). */
export const CLI_CLIENT_ID = 'keyflow-cli';
/** offline_access asks for a refresh token, so the CLI can renew its short-lived access token. */
export const CLI_SCOPE = 'openid offline_access profile groups';

export interface OidcTarget {
  issuer: string;
  clientId: string;
  /** Service accounts (confidential clients) only. */
  clientSecret?: string;
  transport: HttpTransport;
}

/** Tokens as the CLI stores them. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
}

/** The issuer of a Keyflow server's built-in IdP: the server URL + '/oidc'. */
export function builtinIssuer(server: URL): string {
  return `${server.href.replace(/\/+$/, '')}/oidc`;
}

/** Discovers the issuer's metadata (/.well-known/openid-configuration) through the CLI's transport. */
export async function discover(target: OidcTarget): Promise<oidc.Configuration> {
  const issuer = new URL(target.issuer);
  const auth = target.clientSecret !== undefined ? oidc.ClientSecretBasic(target.clientSecret) : oidc.None();
  try {
    return await oidc.discovery(issuer, target.clientId, undefined, auth, {
      [oidc.customFetch]: target.transport.fetch,
      // Plain HTTP is what a loopback development server speaks; the CLI warns about it elsewhere.
      execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
    });
  } catch (err) {
    throw loginError(err, `discovery of ${target.issuer} failed`);
  }
}

/** Converts a token endpoint response into what the CLI stores. */
export function toTokenSet(res: oidc.TokenEndpointResponse, now = Date.now()): TokenSet {
  return {
    accessToken: res.access_token,
    ...(res.refresh_token ? { refreshToken: res.refresh_token } : {}),
    ...(typeof res.expires_in === 'number' ? { expiresAt: new Date(now + res.expires_in * 1000).toISOString() } : {}),
  };
}

/**
 * Maps openid-client's errors to CliLoginError with the provider's `error`/`error_description`; errors of
 * the CLI's own transport (TLS, connection) pass through unchanged. Tokens never reach these messages.
 */
export function loginError(err: unknown, what: string): KeyflowError {
  if (err instanceof KeyflowError) return err;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof KeyflowError) return cause;
  if (err instanceof oidc.ResponseBodyError && err.status >= 500) return new CliLoginError(`${what}: the identity provider failed (HTTP ${err.status})`, { cause: err });
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) {
    return new CliLoginError(`${what}: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`, { cause: err });
  }
  if (err instanceof oidc.WWWAuthenticateChallengeError) {
    // A 401 from the token endpoint carries the OAuth error in its WWW-Authenticate challenge.
    const params = err.cause[0]?.parameters ?? {};
    const reason = params.error ? `${params.error}${params.error_description ? ` (${params.error_description})` : ''}` : `HTTP ${err.status}`;
    return new CliLoginError(`${what}: ${reason}`, { cause: err });
  }
  // openid-client wraps transport failures ("something went wrong"); the cause says what happened.
  const inner = cause instanceof Error ? cause : undefined;
  const message = inner?.name === 'TimeoutError' ? 'the identity provider did not answer in time'
    : `${err instanceof Error ? err.message : String(err)}${inner ? ` (${inner.message})` : ''}`;
  return new CliLoginError(`${what}: ${message}`, { cause: err });
}

export { oidc };
