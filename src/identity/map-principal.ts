import { IdentityError } from './errors.js';
import type { ResolvedIssuer } from './resolve-issuers.js';
import type { Principal } from './types.js';

/** Grant types that OAuth servers put in `gty` for client-credentials tokens (Auth0 uses the dashed form). */
const CLIENT_CREDENTIALS_GTY = new Set(['client-credentials', 'client_credentials']);

/**
 * Maps verified claims to a Principal. The username comes from the issuer's usernameClaim and the groups
 * from its groupsClaim (an array of strings, or one string taken as one group), both prefixed with its
 * claimPrefix so that `corp:alice` from one issuer is never `alice` from another.
 *
 * The kind rule: a token is a service account's when it came from the client_credentials grant, which
 * shows as `gty: client-credentials` or as a subject equal to the client's own id (`client_id` or `azp`);
 * the built-in IdP issues such tokens with `sub` = `client_id`, and refuses user names equal to client ids.
 * Everything else is a user.
 */
export function mapPrincipal(issuer: ResolvedIssuer, claims: Record<string, unknown>): Principal {
  const { sub } = claims;
  if (typeof sub !== 'string' || sub === '') throw invalid('it has no "sub" claim');
  const username = claims[issuer.usernameClaim];
  if (typeof username !== 'string' || username === '') {
    throw invalid(`it has no string "${issuer.usernameClaim}" claim (the username claim of issuer ${issuer.issuer})`);
  }
  return {
    issuer: issuer.issuer,
    subject: sub,
    username: issuer.claimPrefix + username,
    groups: readGroups(claims[issuer.groupsClaim], issuer).map((group) => issuer.claimPrefix + group),
    kind: isServiceAccount(claims, sub) ? 'serviceaccount' : 'user',
    claims: { ...claims },
  };
}

function readGroups(value: unknown, issuer: ResolvedIssuer): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((group) => typeof group === 'string')) {
    return [...new Set(value.filter((group) => group !== ''))];
  }
  throw invalid(`claim "${issuer.groupsClaim}" (the groups claim of issuer ${issuer.issuer}) must be a string or an array of strings`);
}

function isServiceAccount(claims: Record<string, unknown>, sub: string): boolean {
  if (typeof claims.gty === 'string' && CLIENT_CREDENTIALS_GTY.has(claims.gty)) return true;
  return sub === claims.client_id || sub === claims.azp;
}

function invalid(why: string): IdentityError {
  return new IdentityError('ERR_AUTH_INVALID_TOKEN', `invalid bearer token: ${why}`);
}
