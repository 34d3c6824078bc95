import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeToken, extractBearer } from '../../src/identity/decode-token.js';
import { IdentityError } from '../../src/identity/index.js';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const jwt = (header: unknown, payload: unknown, signature = 'c2ln') => `${b64(header)}.${b64(payload)}.${signature}`;

function refused(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof IdentityError);
    assert.equal(err.code, code);
    assert.equal(err.status, 401);
    assert.equal(err.message, message);
    return true;
  });
}

describe('extractBearer', () => {
  test('takes the token out of "Bearer <token>" in any case of the scheme, or a bare token', () => {
    assert.equal(extractBearer('Bearer abc.def.ghi'), 'abc.def.ghi');
    assert.equal(extractBearer('bearer  abc.def.ghi '), 'abc.def.ghi');
    assert.equal(extractBearer('abc.def.ghi'), 'abc.def.ghi');
  });

  test('refuses a missing or empty token with ERR_AUTH_MISSING_TOKEN', () => {
    for (const value of [undefined, '', '   ']) {
      refused(() => extractBearer(value), 'ERR_AUTH_MISSING_TOKEN', 'no bearer token: send "Authorization: Bearer <JWT>"');
    }
  });

  test('refuses another authorization scheme without echoing its credentials', () => {
    refused(() => extractBearer('Basic dXNlcjpzZWNyZXQ='), 'ERR_AUTH_MISSING_TOKEN',
      'the Authorization header is not a bearer token: send "Authorization: Bearer <JWT>"');
  });
});

describe('decodeToken', () => {
  test('decodes header and payload of a compact JWS without verifying it', () => {
    const decoded = decodeToken(jwt({ alg: 'ES256', kid: 'k1' }, { iss: 'https://idp', sub: 'a' }), 16384);
    assert.deepEqual(decoded.header, { alg: 'ES256', kid: 'k1' });
    assert.deepEqual(decoded.payload, { iss: 'https://idp', sub: 'a' });
  });

  test('refuses a token over the size limit before parsing it', () => {
    const big = jwt({ alg: 'ES256' }, { pad: 'x'.repeat(2000) });
    refused(() => decodeToken(big, 1024), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token is larger than 1024 bytes');
    refused(() => decodeToken('é'.repeat(600), 1024), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token is larger than 1024 bytes');
  });

  test('refuses anything but three dot-separated parts, naming JWE', () => {
    refused(() => decodeToken('a.b', 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token has 2 dot-separated parts; a JWT has 3');
    refused(() => decodeToken('a.b.c.d.e', 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: encrypted tokens (JWE) are not accepted; send a signed JWT');
  });

  test('refuses malformed base64url and non-JSON parts', () => {
    refused(() => decodeToken('e30+.e30.c2ln', 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token header is not base64url');
    refused(() => decodeToken(`${b64({ alg: 'ES256' })}.e30=.c2ln`, 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token payload is not base64url');
    refused(() => decodeToken(`${b64('{not json')}.e30.c2ln`, 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token header is not JSON');
    refused(() => decodeToken(`${b64({ alg: 'ES256' })}.${b64('[1]')}.c2ln`, 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token payload is not a JSON object');
    refused(() => decodeToken(`${b64({ alg: 'ES256' })}.e30.c2l*`, 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token signature is not base64url');
  });

  test('refuses unsigned tokens and headers without alg', () => {
    refused(() => decodeToken(`${b64({ alg: 'none' })}.${b64({})}.`, 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token is unsigned');
    refused(() => decodeToken(jwt({ typ: 'JWT' }, {}), 100), 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token header has no "alg"');
  });

  test('refuses headers that carry or point at their own keys (RFC 8725 §3.10)', () => {
    for (const name of ['jku', 'x5u', 'jwk', 'x5c']) {
      refused(() => decodeToken(jwt({ alg: 'ES256', [name]: 'https://attacker.example/keys' }, {}), 1000), 'ERR_AUTH_INVALID_TOKEN',
        `invalid bearer token: token header carries "${name}"; keys are taken only from the issuer's configured JWKS`);
    }
  });

  test('never puts the token into the message', () => {
    const token = jwt({ alg: 'ES256', jku: 'x' }, { secret: 'do-not-echo' });
    try {
      decodeToken(token, 1000);
      assert.fail('accepted');
    } catch (err) {
      assert.ok(!(err as Error).message.includes(token.split('.')[1]!));
    }
  });
});
