import { IdentityError } from './errors.js';

/** A JWT split and decoded, NOT verified: only used to pick the issuer and to refuse junk early. */
export interface DecodedToken {
  token: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/**
 * Header parameters that name or carry a key. Keyflow trusts keys only from the configured issuer's JWKS,
 * so a token that brings its own (RFC 8725 §3.10, "JWT Key Confusion") is refused outright, never fetched.
 */
const KEY_CARRYING_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'] as const;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BEARER = /^bearer +(\S+)$/i;

/** The token out of `Bearer <token>` or a bare token; ERR_AUTH_MISSING_TOKEN when there is none. */
export function extractBearer(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new IdentityError('ERR_AUTH_MISSING_TOKEN', 'no bearer token: send "Authorization: Bearer <JWT>"');
  }
  const trimmed = value.trim();
  if (!/\s/.test(trimmed)) return trimmed;
  const match = BEARER.exec(trimmed);
  if (!match?.[1]) {
    throw new IdentityError('ERR_AUTH_MISSING_TOKEN', 'the Authorization header is not a bearer token: send "Authorization: Bearer <JWT>"');
  }
  return match[1];
}

/**
 * Splits and decodes a compact JWS without verifying it. Refuses, before any JSON parsing, tokens larger
 * than `maxBytes`; then anything that is not three base64url parts with JSON object header and payload, an
 * unsigned token, and headers that carry their own keys.
 */
export function decodeToken(token: string, maxBytes: number): DecodedToken {
  // Byte length >= string length, so the cheap check catches most oversized tokens first.
  if (token.length > maxBytes || Buffer.byteLength(token) > maxBytes) {
    throw invalid(`token is larger than ${maxBytes} bytes`);
  }
  const parts = token.split('.');
  if (parts.length === 5) throw invalid('encrypted tokens (JWE) are not accepted; send a signed JWT');
  if (parts.length !== 3) throw invalid(`token has ${parts.length} dot-separated parts; a JWT has 3`);
  const [head = '', body = '', signature = ''] = parts;
  if (signature === '') throw invalid('token is unsigned');
  const header = decodePart(head, 'header');
  const payload = decodePart(body, 'payload');
  if (!BASE64URL.test(signature)) throw invalid('token signature is not base64url');
  if (typeof header.alg !== 'string') throw invalid('token header has no "alg"');
  for (const name of KEY_CARRYING_HEADERS) {
    if (name in header) {
      throw invalid(`token header carries "${name}"; keys are taken only from the issuer's configured JWKS`);
    }
  }
  if (header.b64 === false) throw invalid('token header sets "b64": false, which JWTs never use');
  return { token, header, payload };
}

function decodePart(part: string, what: 'header' | 'payload'): Record<string, unknown> {
  if (!BASE64URL.test(part)) throw invalid(`token ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalid(`token ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`token ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function invalid(why: string): IdentityError {
  return new IdentityError('ERR_AUTH_INVALID_TOKEN', `invalid bearer token: ${why}`);
}
