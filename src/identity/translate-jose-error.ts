import { errors } from 'jose';
import { IdentityError } from './errors.js';
import type { ResolvedIssuer } from './resolve-issuers.js';

/**
 * jose's verification failures as IdentityErrors that say why in Keyflow's words. jose messages never
 * contain the token, but only fixed phrases and claim names reach the client here.
 */
export function translateJoseError(err: unknown, issuer: ResolvedIssuer, header: Record<string, unknown>): IdentityError {
  if (err instanceof IdentityError) return err;
  const invalid = (why: string) => new IdentityError('ERR_AUTH_INVALID_TOKEN', `invalid bearer token: ${why}`, { cause: err });
  if (err instanceof errors.JWTExpired) {
    const exp = typeof err.payload.exp === 'number' ? ` at ${isoTime(err.payload.exp)}` : '';
    return new IdentityError('ERR_AUTH_EXPIRED', `bearer token expired${exp}`, { cause: err });
  }
  if (err instanceof errors.JWTClaimValidationFailed) return translateClaimFailure(err, issuer, header);
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return invalid(`algorithm ${JSON.stringify(header.alg)} is not allowed for issuer ${issuer.issuer} (allowed: ${issuer.algorithms.join(', ')})`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return invalid(`signature does not verify with the keys of issuer ${issuer.issuer}`);
  if (err instanceof errors.JWKSNoMatchingKey) {
    const kid = typeof header.kid === 'string' ? `kid ${JSON.stringify(header.kid.slice(0, 100))}` : 'no kid';
    return invalid(`no key of issuer ${issuer.issuer} matches the token (${kid}, alg ${String(header.alg)})`);
  }
  if (err instanceof errors.JWKSMultipleMatchingKeys) return invalid(`the token has no kid and several keys of issuer ${issuer.issuer} match`);
  if (err instanceof errors.JOSENotSupported) return invalid('it uses a JOSE feature Keyflow does not support');
  if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid) return invalid('it is not a well-formed signed JWT');
  return invalid('it could not be verified');
}

function translateClaimFailure(err: InstanceType<typeof errors.JWTClaimValidationFailed>, issuer: ResolvedIssuer, header: Record<string, unknown>): IdentityError {
  const { claim, reason, payload } = err;
  if (claim === 'aud') {
    return new IdentityError('ERR_AUTH_AUDIENCE', `bearer token audience ${describeAudience(payload.aud)} does not include ${JSON.stringify(issuer.audience)}`, { cause: err });
  }
  const invalid = (why: string) => new IdentityError('ERR_AUTH_INVALID_TOKEN', `invalid bearer token: ${why}`, { cause: err });
  if (claim === 'exp' && reason === 'missing') return invalid('it has no "exp" claim; Keyflow accepts only tokens that expire');
  if (claim === 'nbf' && reason === 'check_failed' && typeof payload.nbf === 'number') {
    return invalid(`it is not valid before ${isoTime(payload.nbf)} ("nbf")`);
  }
  if (claim === 'typ') {
    const typ = typeof header.typ === 'string' ? JSON.stringify(header.typ.slice(0, 40)) : 'missing';
    return invalid(`its "typ" header is ${typ}; issuer ${issuer.issuer} issues "${issuer.tokenType}" access tokens`);
  }
  if (claim === 'iss') return new IdentityError('ERR_AUTH_UNKNOWN_ISSUER', `bearer token issuer is not ${issuer.issuer}`, { cause: err });
  return invalid(`claim "${claim}" ${reason === 'missing' ? 'is missing' : 'is invalid'}`);
}

function describeAudience(aud: unknown): string {
  if (aud === undefined) return '(none)';
  return JSON.stringify(aud).slice(0, 200);
}

function isoTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? String(epochSeconds) : date.toISOString();
}
