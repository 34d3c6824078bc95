import {
  createLocalJWKSet, createRemoteJWKSet, customFetch, errors,
  type CompactJWSHeaderParameters, type FlattenedJWSInput, type JWTVerifyGetKey,
} from 'jose';
import { describeFetchError, discoverJwksUri } from './discover-jwks-uri.js';
import { IdentityError } from './errors.js';
import type { ResolvedIssuer } from './resolve-issuers.js';

/** Tuning of the key cache of one issuer. */
export interface KeyCachePolicy {
  /** Keys are refetched after this long even if every kid is known (jose cacheMaxAge). */
  cacheMaxAgeMs: number;
  /** An unknown kid triggers a refetch at most once per this interval (jose cooldownDuration). */
  cooldownMs: number;
  /** After a failed discovery or JWKS fetch, the issuer is not contacted again for this long. */
  failureBackoffMs: number;
}

export const DEFAULT_KEY_CACHE_POLICY: KeyCachePolicy = { cacheMaxAgeMs: 600_000, cooldownMs: 30_000, failureBackoffMs: 5_000 };

/**
 * The key resolver of one issuer, for jose's jwtVerify. Inline keys are used as given. Otherwise the JWKS
 * URL is discovered on first use, and jose's remote JWKS caches the keys, refetching on an unknown `kid` at
 * most once per cooldown, so a flood of tokens with random kids costs one request per cooldown. Fetch and
 * discovery failures become ERR_AUTH_ISSUER_UNAVAILABLE and hold the issuer off for `failureBackoffMs`.
 * Only URLs derived from the configured issuer are ever fetched; nothing in a token names a URL.
 */
export function createIssuerKeys(issuer: ResolvedIssuer, fetchImpl: typeof fetch, policy: KeyCachePolicy): JWTVerifyGetKey {
  if (issuer.jwks) return createLocalJWKSet(issuer.jwks);
  let remote: Promise<JWTVerifyGetKey> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;

  const connect = async (): Promise<JWTVerifyGetKey> => {
    const jwksUri = issuer.jwksUri ?? await discoverJwksUri(issuer.issuer, fetchImpl);
    return createRemoteJWKSet(new URL(jwksUri), {
      cooldownDuration: policy.cooldownMs,
      cacheMaxAge: policy.cacheMaxAgeMs,
      timeoutDuration: 5000,
      [customFetch]: fetchImpl,
    });
  };

  return async (header: CompactJWSHeaderParameters, token: FlattenedJWSInput) => {
    if (Date.now() - failedAt < policy.failureBackoffMs) {
      throw new IdentityError('ERR_AUTH_ISSUER_UNAVAILABLE', `cannot verify tokens of issuer ${issuer.issuer}: its keys could not be fetched moments ago; retrying shortly`);
    }
    try {
      remote ??= connect();
      const resolve = await remote;
      return await resolve(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
      failedAt = Date.now();
      if (err instanceof IdentityError) {
        remote = undefined;
        throw err;
      }
      throw new IdentityError('ERR_AUTH_ISSUER_UNAVAILABLE', `cannot verify tokens of issuer ${issuer.issuer}: its JWKS could not be fetched (${describeFetchError(err)})`, { cause: err });
    }
  };
}
