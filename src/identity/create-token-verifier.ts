import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { decodeToken, extractBearer } from './decode-token.js';
import { IdentityError } from './errors.js';
import { createIssuerKeys, DEFAULT_KEY_CACHE_POLICY, type KeyCachePolicy } from './issuer-keys.js';
import { mapPrincipal } from './map-principal.js';
import { resolveIssuers, type ResolvedIssuer } from './resolve-issuers.js';
import { translateJoseError } from './translate-jose-error.js';
import type { Principal, TokenVerifier, TokenVerifierOptions } from './types.js';

export const DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;
export const DEFAULT_CLOCK_SKEW_SECONDS = 30;

interface IssuerEntry {
  config: ResolvedIssuer;
  keys: JWTVerifyGetKey;
}

/**
 * A verifier of bearer JWTs from the configured issuers. The pipeline, cheapest and safest checks first:
 *
 *   extract   "Bearer <jwt>" or a bare JWT                          ERR_AUTH_MISSING_TOKEN
 *   decode    size cap, 3 base64url parts, JSON header/payload,
 *             no key-carrying header (jku/x5u/jwk/x5c)              ERR_AUTH_INVALID_TOKEN
 *   issuer    `iss` must equal a configured issuer exactly        ERR_AUTH_UNKNOWN_ISSUER (nothing fetched)
 *   alg/exp   alg in the issuer's allow-list, exp present          ERR_AUTH_INVALID_TOKEN (nothing fetched)
 *   verify    jose: signature with the issuer's JWKS, typ, iss, aud,
 *             exp/nbf with clock skew                               ERR_AUTH_INVALID_TOKEN / _EXPIRED / _AUDIENCE
 *   map       username, groups, kind                                ERR_AUTH_INVALID_TOKEN
 */
export function createTokenVerifier(opts: TokenVerifierOptions & { keyCache?: Partial<KeyCachePolicy> }): TokenVerifier {
  if (typeof opts !== 'object' || opts === null) throw new TypeError('createTokenVerifier: options must be an object');
  const maxTokenBytes = positiveInteger(opts.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES, 'maxTokenBytes');
  const clockSkew = opts.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  if (!Number.isInteger(clockSkew) || clockSkew < 0 || clockSkew > 300) {
    throw new TypeError('createTokenVerifier: clockSkewSeconds must be an integer from 0 to 300');
  }
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('createTokenVerifier: fetch must be a function');
  const policy = { ...DEFAULT_KEY_CACHE_POLICY, ...opts.keyCache };
  const entries = new Map<string, IssuerEntry>();
  for (const config of resolveIssuers(opts.issuers)) {
    entries.set(config.issuer, { config, keys: createIssuerKeys(config, fetchImpl, policy) });
  }

  return {
    async verify(bearerToken: string): Promise<Principal> {
      const { token, header, payload } = decodeToken(extractBearer(bearerToken), maxTokenBytes);
      const entry = selectIssuer(entries, payload);
      const { config } = entry;
      if (!config.algorithms.includes(header.alg as string)) {
        throw invalid(`algorithm ${JSON.stringify(String(header.alg).slice(0, 40))} is not allowed for issuer ${config.issuer} (allowed: ${config.algorithms.join(', ')})`);
      }
      if (payload.exp === undefined) throw invalid('it has no "exp" claim; Keyflow accepts only tokens that expire');
      let verified: Record<string, unknown>;
      try {
        ({ payload: verified } = await jwtVerify(token, entry.keys, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          clockTolerance: clockSkew,
          requiredClaims: ['exp'],
          ...(config.tokenType ? { typ: config.tokenType } : {}),
        }));
      } catch (err) {
        throw translateJoseError(err, config, header);
      }
      return mapPrincipal(config, verified);
    },
  };
}

function selectIssuer(entries: Map<string, IssuerEntry>, payload: Record<string, unknown>): IssuerEntry {
  const { iss } = payload;
  if (typeof iss !== 'string' || iss === '') throw invalid('it has no "iss" claim');
  const entry = entries.get(iss);
  if (!entry) {
    throw new IdentityError('ERR_AUTH_UNKNOWN_ISSUER', `bearer token issuer ${JSON.stringify(iss.slice(0, 200))} is not a configured issuer`);
  }
  return entry;
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`createTokenVerifier: ${name} must be a positive integer`);
  }
  return value;
}

function invalid(why: string): IdentityError {
  return new IdentityError('ERR_AUTH_INVALID_TOKEN', `invalid bearer token: ${why}`);
}
