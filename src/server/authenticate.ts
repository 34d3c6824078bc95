import type { FastifyRequest } from 'fastify';
import { isKeyflowError } from '../errors/index.js';
import { ServerError } from './errors.js';
import type { TokenVerifier } from './types.js';

/** RFC 6750 §2.1: `Bearer` then one b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of an Authorization header; ERR_SERVER_UNAUTHENTICATED when missing or malformed. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header === '') throw new ServerError('ERR_SERVER_UNAUTHENTICATED', 'this request needs a bearer token: send Authorization: Bearer <token> (get one with keyflow login)');
  const m = BEARER.exec(header.trim());
  if (!m?.[1]) throw new ServerError('ERR_SERVER_UNAUTHENTICATED', "malformed Authorization header: expected 'Bearer <token>'");
  return m[1];
}

/** The WWW-Authenticate challenge of a 401 (RFC 6750 §3): invalid_token when a token was sent. */
export function bearerChallenge(request: FastifyRequest): string {
  return request.headers.authorization ? 'Bearer realm="keyflow", error="invalid_token"' : 'Bearer realm="keyflow"';
}

/**
 * The onRequest hook: every route that is not marked public, and every unknown /api path (so a caller
 * without a token learns nothing about which routes exist), needs a token the verifier accepts; the
 * verified Principal goes on `request.principal`. Verifier failures that are not Keyflow errors are
 * treated as a refused token: authentication fails closed.
 */
export function createAuthHook(verifier: TokenVerifier): (request: FastifyRequest) => Promise<void> {
  return async function authenticate(request) {
    const config = request.routeOptions.config;
    if (config.public) return;
    if (!config.action && !request.url.startsWith('/api/')) return;
    const token = bearerToken(request.headers.authorization);
    try {
      request.principal = await verifier.verify(token);
    } catch (err) {
      if (isKeyflowError(err)) throw err;
      request.log.warn({ err }, 'token verifier failed');
      throw new ServerError('ERR_SERVER_UNAUTHENTICATED', 'the bearer token could not be verified', { cause: err });
    }
  };
}
